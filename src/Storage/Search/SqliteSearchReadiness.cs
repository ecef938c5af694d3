using SentimentWatch.Core.Operations;

namespace SentimentWatch.Storage.Search;

/// <summary>Readiness of the embedded search index: how many stored posts it is behind (it lives in the store, so it is reachable when the store is).</summary>
internal sealed class SqliteSearchReadiness(SqliteSearchIndex index) : IReadinessCheck
{
    public string Name => "index";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        var behind = await index.LagAsync(cancellationToken).ConfigureAwait(false);
        return new ReadinessResult(Name, true, $"sqlite full-text index; {behind} posts not yet indexed", behind);
    }
}
