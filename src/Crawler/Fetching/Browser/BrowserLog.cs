using Microsoft.Extensions.Logging;

namespace SentimentWatch.Crawler.Fetching.Browser;

/// <summary>Browser-source log events: ids 1150–1159 of the fetching band.</summary>
internal static partial class BrowserLog
{
    [LoggerMessage(1150, LogLevel.Information, "Browser for browser sources started: Chromium {Version}; {Isolation}")]
    public static partial void Started(ILogger logger, string version, string isolation);

    [LoggerMessage(1151, LogLevel.Debug, "Source {SourceId}: a request of the rendered page failed: {Url}: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string sourceId, Uri url, string reason);

    [LoggerMessage(1152, LogLevel.Warning, "Closing the crawler's browser failed: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string reason);
}
