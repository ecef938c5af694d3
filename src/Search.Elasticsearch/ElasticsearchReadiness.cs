using SentimentWatch.Core.Operations;
using SentimentWatch.Search.Elasticsearch.Indexing;

namespace SentimentWatch.Search.Elasticsearch;

/// <summary>
/// Readiness of the Elasticsearch index: the cluster answers, and how many stored posts it is behind (read from the
/// store's checkpoint, so it is known also while the cluster is down). Behind is reported, not failed: posts keep being
/// stored and alerted, and the index catches up from its checkpoint.
/// </summary>
internal sealed class ElasticsearchReadiness(ElasticsearchIndex index) : IReadinessCheck
{
    public string Name => "index";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        var behind = await index.LagAsync(cancellationToken).ConfigureAwait(false);
        bool reachable;
        string? problem = null;
        try
        {
            reachable = await index.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reachable = false;
            problem = ex.Message;
        }

        return reachable
            ? new ReadinessResult(Name, true, $"elasticsearch reachable; {behind} posts not yet indexed", behind)
            : new ReadinessResult(Name, false, $"elasticsearch unreachable{(problem is null ? string.Empty : ": " + problem)}; {behind} posts not yet indexed (they are stored and will be indexed from the checkpoint)", behind);
    }
}
