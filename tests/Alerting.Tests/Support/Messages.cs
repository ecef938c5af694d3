using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>Builds outbox messages and alerts for delivery tests.</summary>
internal static class Messages
{
    public static OutboxMessage Make(
        string key,
        string channel = "mail",
        string recipient = "duty-day@example.org",
        string order = "incident:1",
        DateTimeOffset? due = null,
        string subject = "【Ⅱ级舆情】泉州考区疑似泄题",
        string text = "首发：微博 http://127.0.0.1/x\n已触发规则：content_floor:leak") =>
        new(0, key, null, channel, "duty-a", recipient, order, subject, text, "<p>" + text + "</p>", "{\"level\":\"II\"}", 0,
            due ?? DateTimeOffset.UnixEpoch, "pending", null, due ?? DateTimeOffset.UnixEpoch, null);

    public static AlertRecord Alert(string key, long? incidentId = 1, IncidentLevel level = IncidentLevel.II) =>
        new(0, key, "incident", incidentId, level, "泉州考区疑似泄题", "摘要", [new LevelReason("content_floor:leak", level, "label leak")],
            DateTimeOffset.UnixEpoch, "open", null, null, null);
}
