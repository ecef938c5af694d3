using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Storage.Tests.Alerting;

/// <summary>Builders for the alerting contracts: incidents, their posts, alerts and outbox messages (whole seconds, which both engines keep exactly).</summary>
internal static class AlertingRecords
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 19, 1, 0, 0, TimeSpan.Zero);

    public static IncidentPost Post(long postId, int minutes = 0, string platform = "weibo") => new(
        postId, "weibo-fakao", platform, "p" + postId, null, null, new Uri($"https://weibo.example.cn/{postId}"), "u1", "作者", 120,
        "出售法考答案 加V", T0.AddMinutes(minutes), "answer_selling", 7, ["qq:2876543210"], "first", null);

    public static IncidentRecord Incident(IncidentPost first, string? key = null, IncidentLevel level = IncidentLevel.III) => new(
        0, key ?? "inc-" + first.PostId, "泉州考区疑似泄题", level, [new LevelReason("content_floor:leak", level, "label leak")], first.At, first.At,
        first.PostId, first.Url, 1, [first.Platform], [first.Label], ["qz-hqu"], "flat", false, "open");

    public static OutboxMessage Message(string key, string order = "incident:1", DateTimeOffset? due = null, long? alertId = null, string channel = "mail") =>
        new(0, key, alertId, channel, "duty-a", "duty-day@example.org", order, "【Ⅱ级舆情】泉州考区疑似泄题", "首发：微博", "<p>首发</p>", "{\"level\":\"II\"}", 0,
            due ?? T0, "pending", null, due ?? T0, null);

    public static AlertRecord Alert(string key, long? incidentId = 1, IncidentLevel level = IncidentLevel.II) =>
        new(0, key, "incident", incidentId, level, "泉州考区疑似泄题", "摘要", [new LevelReason("content_floor:leak", level, "label leak")],
            T0, "open", null, null, null);
}
