using Microsoft.Extensions.Logging;

namespace SentimentWatch.Office;

/// <summary>The office stage's log events (band 7xxx).</summary>
internal static partial class OfficeLog
{
    [LoggerMessage(7000, LogLevel.Information, "Drafted {Kind} report {ReportId} for incident {IncidentId} automatically, {ElapsedMs:0} ms after {Trigger}")]
    public static partial void AutoDrafted(ILogger logger, string kind, long reportId, long incidentId, string trigger, double elapsedMs);

    [LoggerMessage(7001, LogLevel.Error, "Automatic report drafting failed; retrying in {DelaySeconds} s")]
    public static partial void AutoDraftFailed(ILogger logger, double delaySeconds, Exception exception);
}
