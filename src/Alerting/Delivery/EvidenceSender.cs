using System.Text.Json;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>
/// The internal <c>evidence</c> channel: freezing evidence for an alert goes through the outbox like any notification,
/// so it is durable, retried, never blocks a page, and a failure ends as a dead letter the duty desk sees.
/// </summary>
internal sealed class EvidenceSender(IEvidenceFreezer freezer) : INotificationSender
{
    public const string Channel = "evidence";

    public string Type => Channel;

    public static string Payload(long postId, string alertKey, string operatorName) =>
        JsonSerializer.Serialize(new { post_id = postId, alert_key = alertKey, @operator = operatorName });

    // Freezing is local and has no point of no return to hand over at: a crash before "sent" freezes again, which adds
    // a second sound packet rather than losing one.
    public async Task SendAsync(OutboxMessage message, ChannelOptions channel, IDeliveryHandover handover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var doc = JsonDocument.Parse(message.PayloadJson);
        var postId = doc.RootElement.GetProperty("post_id").GetInt64();
        var op = doc.RootElement.GetProperty("operator").GetString() ?? "alerting";
        var result = await freezer.FreezePostAsync(postId, message.AlertId?.ToString(System.Globalization.CultureInfo.InvariantCulture), op, cancellationToken).ConfigureAwait(false);
        if (!result.Sound && result.Problems.Count > 0)
        {
            // The packet exists but is not sound (e.g. the page is now a block page): the duty desk must know.
            throw new DeliveryException($"evidence {result.EvidenceId} not sound: {string.Join("; ", result.Problems)}", permanent: true);
        }
    }
}
