using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// Keeps the search index in step while the worker runs: woken at once when posts are stored or classified
/// (<see cref="PipelineSignals"/>), and every <c>Search:Indexer:PollInterval</c> otherwise (another process — an
/// <c>sw crawl</c> — may write the store). A failed round is logged and retried after the back-off; the checkpoint
/// in the store makes a restart carry on where the index stopped.
/// </summary>
internal sealed class SearchIndexWorker(
    SqliteSearchIndex index, PipelineSignals signals, IOptions<SearchOptions> options, TimeProvider time, ILogger<SearchIndexWorker> logger) : BackgroundService
{
    private readonly SearchIndexerOptions _options = options.Value.Indexer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wake = new CombinedSignal(signals);
        try
        {
            SearchLog.IndexerStarting(logger, await index.LagAsync(stoppingToken).ConfigureAwait(false));
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wake.Reset();
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

    /// <summary>Wakes on either of the two signals the index follows (posts stored, classifications saved).</summary>
    private sealed class CombinedSignal(PipelineSignals signals) : IDisposable
    {
        private readonly CancellationTokenSource _dispose = new();

        public void Reset()
        {
            signals.PostsStored.Reset();
            signals.Classified.Reset();
        }

        public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _dispose.Token);
            var stored = signals.PostsStored.WaitAsync(timeout, time, either.Token);
            var classified = signals.Classified.WaitAsync(timeout, time, either.Token);
            await Task.WhenAny(stored, classified).ConfigureAwait(false);
            await either.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(stored, classified).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The other wait was stopped because one of them returned.
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        public void Dispose() => _dispose.Dispose();
    }
}
