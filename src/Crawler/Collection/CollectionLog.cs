using Microsoft.Extensions.Logging;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Log messages of source runs (event ids 1000–1099).</summary>
internal static partial class CollectionLog
{
    [LoggerMessage(1000, LogLevel.Information, "Source {SourceId}: run finished {Status} in {ElapsedMs} ms — pages {Pages}, items {Items}, new {New}, edited {Edited}, deleted {Deleted}, failures {Failures}")]
    public static partial void RunFinished(ILogger logger, string sourceId, string status, long elapsedMs, int pages, int items, int @new, int edited, int deleted, int failures);

    [LoggerMessage(1001, LogLevel.Warning, "Source {SourceId}: {Kind} at {Url}: {Reason}")]
    public static partial void PageFailed(ILogger logger, string sourceId, string kind, string? url, string reason);

    [LoggerMessage(1002, LogLevel.Error, "Source {SourceId}: collector-health event '{Kind}' after {Consecutive} bad runs: {Message}")]
    public static partial void HealthEvent(ILogger logger, string sourceId, string kind, int consecutive, string message);

    [LoggerMessage(1003, LogLevel.Information, "Source {SourceId}: post {PostId} at {Url} recorded as deleted ({Reason})")]
    public static partial void PostDeleted(ILogger logger, string sourceId, long postId, string url, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "Source {SourceId}: robots.txt is NOT honoured for this source (Crawler:Sources:*:RespectRobotsTxt=false)")]
    public static partial void RobotsIgnored(ILogger logger, string sourceId);

    [LoggerMessage(1005, LogLevel.Error, "Source {SourceId}: run aborted by an unexpected error")]
    public static partial void RunCrashed(ILogger logger, string sourceId, Exception exception);

    [LoggerMessage(1090, LogLevel.Critical, "Source {SourceId}: STORAGE FAILURE, nothing more can be stored: {Reason}. Collection pauses and retries with back-off; nothing acknowledged as stored is lost")]
    public static partial void StorageFailed(ILogger logger, string sourceId, string reason);

    [LoggerMessage(1091, LogLevel.Warning, "Source {SourceId}: {Reason}")]
    public static partial void StoragePaused(ILogger logger, string sourceId, string reason);

    [LoggerMessage(1092, LogLevel.Warning, "Storage recovered: {Reason} lasted from {SinceUtc} to {UntilUtc} ({Failures} failed operations); collection resumes")]
    public static partial void StorageRecovered(ILogger logger, string reason, DateTimeOffset sinceUtc, DateTimeOffset untilUtc, int failures);
}
