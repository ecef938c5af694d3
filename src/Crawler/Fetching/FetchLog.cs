using Microsoft.Extensions.Logging;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>Fetching log events: ids 1100–1199 of the Crawler band.</summary>
internal static partial class FetchLog
{
    [LoggerMessage(1100, LogLevel.Debug, "Fetched {Url} for {SourceId}: {StatusCode} in {ElapsedMs} ms, {Bytes} bytes, charset {Charset}")]
    public static partial void Fetched(ILogger logger, string sourceId, Uri url, int statusCode, long elapsedMs, int bytes, string charset);

    [LoggerMessage(1101, LogLevel.Warning, "Fetch of {Url} for {SourceId} failed ({Kind}): {Reason}")]
    public static partial void FetchFailed(ILogger logger, string sourceId, Uri? url, string kind, string reason);

    [LoggerMessage(1102, LogLevel.Warning, "Source {SourceId} ignores robots.txt of {Host} (Crawler:Sources RespectRobotsTxt=false)")]
    public static partial void RobotsIgnored(ILogger logger, string sourceId, string host);

    [LoggerMessage(1103, LogLevel.Information, "robots.txt of {Host}: {Status}, {RuleCount} rules for us, crawl-delay {CrawlDelay}")]
    public static partial void RobotsLoaded(ILogger logger, string host, string status, int ruleCount, string crawlDelay);

    [LoggerMessage(1104, LogLevel.Warning, "robots.txt of {Host} unreachable ({Reason}); host treated as {Policy} until {RetryAt:u}")]
    public static partial void RobotsUnreachable(ILogger logger, string host, string reason, string policy, DateTimeOffset retryAt);

    [LoggerMessage(1105, LogLevel.Warning, "robots.txt of {Host} asks for Crawl-delay {CrawlDelay}; capped at {Cap} (Crawler:Fetching:Politeness:MaxCrawlDelay)")]
    public static partial void CrawlDelayCapped(ILogger logger, string host, TimeSpan crawlDelay, TimeSpan cap);

    [LoggerMessage(1106, LogLevel.Information, "Retrying {Url} (attempt {Attempt}) in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, Uri? url, int attempt, long delayMs, string reason);

    [LoggerMessage(1107, LogLevel.Information, "Charset of {Url}: declared charset overruled, decoded as {Charset} ({How})")]
    public static partial void CharsetOverruled(ILogger logger, Uri url, string charset, string how);

    [LoggerMessage(1108, LogLevel.Warning, "Politeness is off: no per-host delay or concurrency limit (Crawler:Fetching:Politeness:Enabled=false)")]
    public static partial void PolitenessOff(ILogger logger);
}
