using Microsoft.Extensions.Logging;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>Pipeline log messages (event ids 3000–3099; incident actions, digest and feedback 3040–3049).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(3000, LogLevel.Information, "Incident {IncidentId} raised at level {Level} (alert {AlertId}, {Messages} message(s)): {Reasons}")]
    public static partial void AlertRaised(ILogger logger, long incidentId, string level, long alertId, int messages, string reasons);

    [LoggerMessage(3001, LogLevel.Information, "Incident {IncidentId} is silenced until {UntilUtc} by {By}; no notification")]
    public static partial void Silenced(ILogger logger, long incidentId, DateTimeOffset untilUtc, string by);

    [LoggerMessage(3002, LogLevel.Error, "Alerting pass failed; it will be retried")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(3004, LogLevel.Warning, "Alert {AlertId} has no reachable recipient for its route; the duty desk is told instead")]
    public static partial void NoRecipients(ILogger logger, long alertId);

    [LoggerMessage(3005, LogLevel.Information, "Escalated alert {AlertId} step {Step} to {Count} recipient(s)")]
    public static partial void Escalated(ILogger logger, long alertId, int step, int count);

    [LoggerMessage(3006, LogLevel.Warning, "Dead letter {MessageId} ({Channel} → {Recipient}) reported to the duty desk as alert {AlertId}")]
    public static partial void DeadLetterReported(ILogger logger, long messageId, string channel, string recipient, long alertId);

    [LoggerMessage(3007, LogLevel.Debug, "Classification {Sequence} of post {PostId} skipped: {Why}")]
    public static partial void Skipped(ILogger logger, long sequence, long postId, string why);

    [LoggerMessage(3008, LogLevel.Information, "Alerting index rebuilt from the store: {Incidents} incident(s), {Posts} post(s)")]
    public static partial void IndexRebuilt(ILogger logger, int incidents, int posts);

    [LoggerMessage(3009, LogLevel.Information, "Incident for post {PostId} not opened: {Joins} post(s) joined incidents on another node meanwhile; indexed them and matching again")]
    public static partial void IndexCaughtUp(ILogger logger, long postId, int joins);

    [LoggerMessage(3040, LogLevel.Information, "Incident {IncidentId} re-opened: post {PostId} matched it after it was closed")]
    public static partial void Reopened(ILogger logger, long incidentId, long postId);

    [LoggerMessage(3041, LogLevel.Information, "Daily digest for {Date} enqueued: {Messages} new message(s), {Incidents} level-IV incident(s)")]
    public static partial void DigestEnqueued(ILogger logger, string date, int messages, int incidents);

    [LoggerMessage(3042, LogLevel.Information, "Incident {IncidentId} {Action} by {By}: {Reason}")]
    public static partial void IncidentAction(ILogger logger, long incidentId, string action, string by, string reason);

    [LoggerMessage(3043, LogLevel.Information, "Feedback recorded for {Posts} post(s) of incident {IncidentId}: {Decision} as {Label} by {By}")]
    public static partial void FeedbackRecorded(ILogger logger, long incidentId, int posts, string decision, string label, string by);
}
