using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Runs one source once. The rules that keep collection complete:
/// <list type="bullet">
/// <item>every list is walked from page 1 until a page holds only already-stored posts ("caught up"), then from the
/// cursor's resume page (an earlier failure or unwalked backlog);</item>
/// <item>a page that fails — network, HTTP status, captcha, login wall, block page, unparseable, or zero items from a
/// list that used to yield items — is a source failure, never "nothing new", and the cursor stays on that page;</item>
/// <item>each page's posts and the cursor are committed in one transaction, so a crash repeats at most one page
/// (absorbed by the store's identity rules) and never skips one;</item>
/// <item>recent posts are re-fetched to append engagement snapshots, record edits, and record deletions with the time.</item>
/// </list>
/// </summary>
/// <remarks>
/// The jobs live in their own parts, composed here: <see cref="ListWalker"/> (list pages, with <see cref="DetailPlanner"/>),
/// <see cref="ThreadReader"/> (a post's own pages), <see cref="Recrawler"/> (recent posts again), <see cref="DeletionRecorder"/>,
/// <see cref="SourceSessions"/> (logged-in sources) and <see cref="RunHealth"/> (health events); <see cref="PageIo"/> fetches,
/// parses and commits for all of them, and <see cref="SourceRun"/> holds the state of one run.
/// </remarks>
internal sealed class SourceRunner(ListWalker lists, Recrawler recrawler, SourceSessions sessions, RunHealth health, ISourceStateStore state,
    StorageFaults faults, IOptions<CollectionOptions> options, TimeProvider time, ILogger<SourceRunner> logger) : ISourceRunner
{
    public async Task<SourceRunReport> RunAsync(SourceOptions source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var tally = new RunTally(source.Id, started);
        if (faults.PauseReason() is { } paused)
        {
            // The store cannot take what a run would collect: wait out the back-off instead of fetching in vain.
            CollectionLog.StoragePaused(logger, source.Id, paused);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, paused));
            return tally.ToReport(time.GetUtcNow());
        }

        if (!source.RespectRobotsTxt)
        {
            CollectionLog.RobotsIgnored(logger, source.Id);
        }

        try
        {
            if (await sessions.PausedAsync(source, tally, cancellationToken).ConfigureAwait(false))
            {
                // The session expired and the cookie is still the expired one: asking again would only meet the login wall.
                var pausedRun = tally.ToReport(time.GetUtcNow());
                await state.RecordRunAsync(pausedRun, cancellationToken).ConfigureAwait(false);
                return pausedRun;
            }

            // Inside the try: on a full or broken store even reading the cursor can fail, and that is a failed run.
            var cursor = SourceCursor.Parse(await state.GetCursorAsync(source.Id, cancellationToken).ConfigureAwait(false));
            var run = new SourceRun(source, tally, cursor, options.Value.MaxDetailPagesPerRun, logger);
            foreach (var (startUrl, _) in SearchUrls.StartUrls(source))
            {
                await (source.UrlsAreDetailPages
                    ? lists.ReadDetailPageAsync(run, startUrl, cancellationToken)
                    : lists.WalkListAsync(run, startUrl, cancellationToken)).ConfigureAwait(false);
                if (run.SessionEnded)
                {
                    break;
                }
            }

            if (!run.SessionEnded)
            {
                await recrawler.RefreshRecentAsync(run, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && faults.Record(ex) is { } reason)
        {
            CollectionLog.StorageFailed(logger, source.Id, reason);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, "run aborted: " + reason));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug or a store fault must still leave a run record: the source is failed, not silently quiet.
            CollectionLog.RunCrashed(logger, source.Id, ex);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, $"run aborted: {ex.GetType().Name}: {ex.Message}"));
        }

        var report = tally.ToReport(time.GetUtcNow());
        try
        {
            await state.RecordRunAsync(report, cancellationToken).ConfigureAwait(false);
            await sessions.ExpireIfLoginWallAsync(source, report, cancellationToken).ConfigureAwait(false);
            await health.RaiseIfDueAsync(source, report, cancellationToken).ConfigureAwait(false);
            if (faults.Recovered() is { } episode)
            {
                // The fault could not be written while it lasted; it is on record now, with its span.
                CollectionLog.StorageRecovered(logger, episode.Reason, episode.SinceUtc, episode.UntilUtc, episode.Failures);
                await state.RaiseHealthEventAsync(source.Id, episode.SinceUtc, "storage",
                    $"{episode.Reason}; lasted until {episode.UntilUtc:u} ({episode.Failures} failed operations); collection resumed", episode.Failures, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && faults.Record(ex) is { } reason)
        {
            // The run could not even be recorded: it is reported failed to the caller (exit 1 for one-shot verbs) and the
            // fault is kept in memory until a write succeeds again.
            CollectionLog.StorageFailed(logger, source.Id, reason);
            report = report with
            {
                Status = SourceRunStatus.Failed,
                Failures = [.. report.Failures, new SourceFailure(null, SourceFailureKind.Other, "run not recorded: " + reason)],
            };
        }

        CollectionLog.RunFinished(logger, source.Id, report.Status.ToString(), watch.ElapsedMilliseconds, report.PagesFetched, report.ItemsParsed,
            report.NewPosts, report.UpdatedPosts, report.DeletedPosts, report.Failures.Count);
        Core.Operations.SentimentWatchMetrics.CrawlRunFinished(source.Id, report.Status.ToString());
        return report;
    }
}
