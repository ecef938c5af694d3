using Microsoft.Extensions.Logging;

namespace SentimentWatch.Evidence;

/// <summary>Evidence log messages: event ids 3600–3699 of the Alerting band.</summary>
internal static partial class EvidenceLog
{
    [LoggerMessage(3600, LogLevel.Information, "Evidence {EvidenceId} frozen for {Url}: sound={Sound}, source={CaptureSource}, {ElapsedMs} ms")]
    public static partial void Frozen(ILogger logger, string evidenceId, string url, bool sound, string captureSource, long elapsedMs);

    [LoggerMessage(3601, LogLevel.Warning, "Evidence {EvidenceId}: {Problem}")]
    public static partial void Problem(ILogger logger, string evidenceId, string problem);

    [LoggerMessage(3602, LogLevel.Warning, "Evidence capture of {Url} failed ({Reason}); frozen from crawl-time copy: {FromCrawlCopy}")]
    public static partial void CaptureFailed(ILogger logger, string url, string reason, bool fromCrawlCopy);

    [LoggerMessage(3603, LogLevel.Warning, "Takedown {TakedownId} for {Url} still online past its deadline {DeadlineUtc}")]
    public static partial void TakedownOverdue(ILogger logger, long takedownId, string url, DateTimeOffset deadlineUtc);

    [LoggerMessage(3604, LogLevel.Information, "Takedown {TakedownId} re-checked: {Observation} (evidence {EvidenceId})")]
    public static partial void TakedownChecked(ILogger logger, long takedownId, string observation, string evidenceId);

    [LoggerMessage(3605, LogLevel.Error, "Takedown check round failed")]
    public static partial void TakedownRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(3606, LogLevel.Warning, "Using the generated DEVELOPMENT signing certificate {Path}: packets are signed, but not by the bureau's certificate")]
    public static partial void DevelopmentCertificate(ILogger logger, string path);

    [LoggerMessage(3607, LogLevel.Warning, "Time-stamping authority {Tsa} failed: {Reason}")]
    public static partial void TsaFailed(ILogger logger, string tsa, string reason);

    [LoggerMessage(3608, LogLevel.Warning, "Screenshots unavailable: {Reason}")]
    public static partial void ScreenshotsUnavailable(ILogger logger, string reason);

    [LoggerMessage(3609, LogLevel.Warning, "Evidence browser did not close cleanly: {Reason}")]
    public static partial void BrowserCloseFailed(ILogger logger, string reason);
}
