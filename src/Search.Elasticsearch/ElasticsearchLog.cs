using Microsoft.Extensions.Logging;

namespace SentimentWatch.Search.Elasticsearch;

/// <summary>Elasticsearch provider log events, ids 4550–4599 (Storage's band, search sub-band; 4500–4549 are the embedded index's).</summary>
internal static partial class ElasticsearchLog
{
    [LoggerMessage(EventId = 4550, Level = LogLevel.Information, Message = "Elasticsearch indexer starting; {Lag} stored posts not yet in the index")]
    public static partial void IndexerStarting(ILogger logger, long lag);

    [LoggerMessage(EventId = 4551, Level = LogLevel.Debug, Message = "Indexed {Documents} posts into Elasticsearch ({Conflicts} already newer there) in {ElapsedMs} ms")]
    public static partial void Indexed(ILogger logger, long documents, long conflicts, long elapsedMs);

    [LoggerMessage(EventId = 4552, Level = LogLevel.Warning, Message = "Elasticsearch answered {Status} for a bulk of {Documents} posts ({Retrying} to retry); attempt {Attempt}, backing off {BackoffMs} ms")]
    public static partial void BulkBackoff(ILogger logger, string status, int documents, int retrying, int attempt, long backoffMs);

    [LoggerMessage(EventId = 4553, Level = LogLevel.Error, Message = "Elasticsearch indexing round failed; the checkpoint stays and the round is retried in {BackoffMs} ms")]
    public static partial void RoundFailed(ILogger logger, long backoffMs, Exception exception);

    [LoggerMessage(EventId = 4554, Level = LogLevel.Information, Message = "Elasticsearch indexer stopped")]
    public static partial void IndexerStopped(ILogger logger);

    [LoggerMessage(EventId = 4555, Level = LogLevel.Information, Message = "Elasticsearch indices {Indices} deleted for a rebuild")]
    public static partial void Cleared(ILogger logger, string indices);

    [LoggerMessage(EventId = 4556, Level = LogLevel.Debug, Message = "Another indexer committed the feed batch first; reading on from its checkpoint")]
    public static partial void Raced(ILogger logger);
}
