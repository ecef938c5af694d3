using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Search.Elasticsearch.Indexing;

/// <summary>
/// Keeps Elasticsearch in step while the worker runs: woken when posts are stored or classified, and every
/// <c>Search:Elasticsearch:FlushInterval</c> otherwise. A failed round (cluster down, 429/5xx beyond the bulk's own
/// retries, a refused item) is logged and retried after a back-off that doubles up to <c>MaxBackoff</c>; the
/// checkpoint stays, so the posts stored meanwhile are indexed when the cluster is back.
/// </summary>
internal sealed class ElasticsearchIndexWorker(
    ElasticsearchIndex index, PipelineSignals signals, IOptions<ElasticsearchOptions> options, TimeProvider time, ILogger<ElasticsearchIndexWorker> logger,
    IStageLeadership? leadership = null) : BackgroundService
{
    private readonly IStageLeadership _leadership = leadership ?? SingleNodeLeadership.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wake = new PostsOrClassifiedSignal(signals);
        var failures = 0;
        try
        {
            ElasticsearchLog.IndexerStarting(logger, await index.LagAsync(stoppingToken).ConfigureAwait(false));
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wake.Reset();
                    if (!await _leadership.LeadsAsync(Stages.ElasticsearchIndex, stoppingToken).ConfigureAwait(false))
                    {
                        // Another node indexes; ask again at the next poll.
                        await wake.WaitAsync(options.Value.FlushInterval, time, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    var round = await index.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    failures = 0;
                    if (round.More)
                    {
                        continue;
                    }

                    wait = options.Value.FlushInterval;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    wait = index.Backoff(failures);
                    ElasticsearchLog.RoundFailed(logger, (long)wait.TotalMilliseconds, ex);
                }

                await wake.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down is a normal exit.
        }

        ElasticsearchLog.IndexerStopped(logger);
    }
}
