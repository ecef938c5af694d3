using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// Keeps the search index in step while the worker runs: woken at once when posts are stored or classified
/// (<see cref="PipelineSignals"/>), and every <c>Search:Indexer:PollInterval</c> otherwise (another process — an
/// <c>sw crawl</c> — may write the store). A failed round is logged and retried after the back-off; the checkpoint
/// in the store makes a restart carry on where the index stopped.
/// </summary>
internal sealed class SearchIndexWorker(
    SqliteSearchIndex index, PipelineSignals signals, IOptions<SearchOptions> options, TimeProvider time, ILogger<SearchIndexWorker> logger,
    IStageLeadership? leadership = null) : BackgroundService
{
    private readonly IStageLeadership _leadership = leadership ?? SingleNodeLeadership.Instance;

    private readonly SearchIndexerOptions _options = options.Value.Indexer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wake = new PostsOrClassifiedSignal(signals);
        try
        {
            SearchLog.IndexerStarting(logger, await index.LagAsync(stoppingToken).ConfigureAwait(false));
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wake.Reset();
                    if (!await _leadership.LeadsAsync(Stages.SearchIndex, stoppingToken).ConfigureAwait(false))
                    {
                        // Another node indexes; ask again at the next poll.
                        await wake.WaitAsync(_options.PollInterval, time, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    var round = await index.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    if (round.More)
                    {
                        continue;
                    }

                    wait = _options.PollInterval;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    SearchLog.RoundFailed(logger, (long)_options.ErrorBackoff.TotalMilliseconds, ex);
                    wait = _options.ErrorBackoff;
                }

                await wake.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down is a normal exit.
        }

        SearchLog.IndexerStopped(logger);
    }
}
