namespace SentimentWatch.Search.Elasticsearch.Indexing;

/// <summary>The cluster did not take a batch (unreachable, refusing, or an item failed for good); the checkpoint has not moved.</summary>
public sealed class ElasticsearchIndexException(string message, Exception? inner = null) : Exception(message, inner);
