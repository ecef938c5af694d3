using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Routing;

/// <summary>Outbox rows for composed notifications: one per recipient, keyed for replay.</summary>
internal static class OutboxMessages
{
    /// <summary>A pending message for <paramref name="r"/>, due at <paramref name="due"/>.</summary>
    public static OutboxMessage For(string key, long alertId, Recipient r, string orderKey, ComposedNotification n, DateTimeOffset due, DateTimeOffset now) =>
        new(0, key, alertId, r.Channel, r.ResponderId, r.Address, orderKey, n.Subject, n.Text, n.Html, n.PayloadJson, 0, due, "pending", null, now, null);

    /// <summary>The order key of an alert's messages: its incident's, or its own for desk alerts.</summary>
    public static string OrderKeyOf(AlertRecord alert) => alert.IncidentId is { } id ? $"incident:{id}" : $"alert:{alert.Id}";
}
