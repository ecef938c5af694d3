using Microsoft.Extensions.Logging;

namespace SentimentWatch.Storage.Search;

/// <summary>Search index log events, ids 4500–4599 (Storage's band, search sub-band).</summary>
internal static partial class SearchLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Search indexer starting; {Lag} stored posts not yet searchable")]
    public static partial void IndexerStarting(ILogger logger, long lag);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Debug, Message = "Indexed {Posts} posts and {Classifications} classifications in {ElapsedMs} ms")]
    public static partial void Indexed(ILogger logger, long posts, long classifications, long elapsedMs);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Error, Message = "Search indexing round failed; retrying in {BackoffMs} ms")]
    public static partial void RoundFailed(ILogger logger, long backoffMs, Exception exception);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "Search indexer stopped")]
    public static partial void IndexerStopped(ILogger logger);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Information, Message = "Search index cleared for a rebuild")]
    public static partial void Cleared(ILogger logger);
}
