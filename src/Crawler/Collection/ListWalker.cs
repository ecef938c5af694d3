using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Walks a source's lists: from page 1 until a page holds only already-stored posts ("caught up"), then from the pending
/// frontiers earlier runs left (a failed page, a spent page budget, a walk a crash cut short). Each page's posts and the
/// cursor are committed in one transaction, so the cursor never moves past a page that was not stored.
/// </summary>
internal sealed class ListWalker(PageIo pages, DetailPlanner planner, ThreadReader threads, DeletionRecorder deletions, TimeProvider time)
{
    private enum WalkEnd
    {
        Next,
        CaughtUp,
        EndOfList,
        Budget,
        Failed,
        /// <summary>The age stop rule: the page's last item is older than <c>MaxAge</c>.</summary>
        TooOld,
    }

    /// <summary>Reads one page of posts given as a start URL (<see cref="SourceOptions.UrlsAreDetailPages"/>) and stores it.</summary>
    public async Task ReadDetailPageAsync(SourceRun run, Uri url, CancellationToken cancellationToken)
    {
        var collected = new List<CollectedPost>();
        if (await threads.CollectDetailAsync(run, url, collected, cancellationToken).ConfigureAwait(false))
        {
            run.Tally.PageSucceeded(collected.Count);
        }

        await pages.CommitAsync(run, collected, cancellationToken).ConfigureAwait(false);
        await deletions.MarkDeletedRepliesAsync(run, cancellationToken).ConfigureAwait(false);
    }

    public async Task WalkListAsync(SourceRun run, Uri startUrl, CancellationToken cancellationToken)
    {
        var list = run.Cursor.For(startUrl);
        // Frontiers earlier runs left behind: a failed page, a spent page budget, or a walk cut short by a crash.
        var older = list.Pending.ToList();
        var top = await WalkAsync(run, startUrl, list, fromTop: true, cancellationToken).ConfigureAwait(false);
        if (top is not (WalkEnd.CaughtUp or WalkEnd.EndOfList))
        {
            return;
        }

        // Caught up at the top: now the older pages an earlier run could not reach.
        foreach (var frontier in older)
        {
            if (list.Pending.Contains(frontier) && Uri.TryCreate(frontier, UriKind.Absolute, out var url)
                && await WalkAsync(run, url, list, fromTop: false, cancellationToken).ConfigureAwait(false) == WalkEnd.Failed)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Walks list pages from <paramref name="pageUrl"/>. The walk owns one entry of the cursor's pending frontiers and
    /// moves it to the next page in the same transaction that stores each page, so the cursor is always exactly where
    /// the last committed page left it: a crash, a failure or a spent budget resumes there, never past it.
    /// </summary>
    private async Task<WalkEnd> WalkAsync(SourceRun run, Uri pageUrl, SourceCursor.ListState list, bool fromTop, CancellationToken cancellationToken)
    {
        var source = run.Source;
        var tally = run.Tally;
        var walk = new Frontier(list, fromTop ? null : pageUrl.AbsoluteUri);
        var yieldedBefore = list.HasYielded;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; page <= Math.Max(1, source.MaxPages); page++)
        {
            if (!visited.Add(pageUrl.AbsoluteUri))
            {
                // The answer handed back a cursor it had handed out before: following it would read the same pages forever.
                walk.MoveTo((Uri?)null);
                await pages.SaveCursorAsync(run, cancellationToken).ConfigureAwait(false);
                tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                    $"next-page cursor repeats after {page - 1} page(s) (a loop); paging stopped although the source said there was more"));
                return WalkEnd.Failed;
            }

            // Page 1 of the top walk is read every run, so a failure there needs no frontier.
            var onFailure = fromTop && page == 1 ? null : pageUrl;
            var outcome = await WalkPageAsync(run, pageUrl, list, yieldedBefore, walk, onFailure, cancellationToken).ConfigureAwait(false);
            if (outcome.End != WalkEnd.Next)
            {
                if (outcome.End == WalkEnd.Failed)
                {
                    walk.MoveTo(onFailure);
                }
                else
                {
                    walk.MoveTo((Uri?)null);
                }

                await pages.SaveCursorAsync(run, cancellationToken).ConfigureAwait(false);
                if (outcome.End == WalkEnd.CaughtUp && page > 1)
                {
                    tally.Note("paging stopped at already-stored posts", pageUrl.AbsoluteUri);
                }
                else if (outcome.End == WalkEnd.TooOld)
                {
                    tally.Note($"paging stopped at posts older than MaxAge ({source.MaxAge:c})", pageUrl.AbsoluteUri);
                }

                return outcome.End;
            }

            pageUrl = outcome.Next!;
        }

        // Page budget spent before reaching stored posts: keep the rest as backlog for the next run.
        walk.MoveTo(pageUrl);
        await pages.SaveCursorAsync(run, cancellationToken).ConfigureAwait(false);
        if (yieldedBefore && fromTop)
        {
            tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                $"page budget ({source.MaxPages}) ran out before reaching already-stored posts; the rest is collected from this page next run"));
        }
        else
        {
            // A first walk (or a backlog walk) reads a long list over several runs: not a failure, but said.
            tally.Note($"page budget ({source.MaxPages}) spent while the list had more; continued next run from", pageUrl.AbsoluteUri);
        }

        return WalkEnd.Budget;
    }

    private async Task<(WalkEnd End, Uri? Next)> WalkPageAsync(SourceRun run, Uri pageUrl, SourceCursor.ListState list, bool yieldedBefore,
        Frontier walk, Uri? onFailure, CancellationToken cancellationToken)
    {
        var tally = run.Tally;
        var fetched = await pages.FetchAsync(run, pageUrl, cancellationToken).ConfigureAwait(false);
        if (fetched.Result.Outcome == FetchOutcome.NotModified)
        {
            tally.PageSucceeded(0);
            return (WalkEnd.CaughtUp, null);
        }

        if (fetched.Result.Outcome != FetchOutcome.Ok)
        {
            run.Fail(fetched.Result.Failure ?? new SourceFailure(pageUrl, SourceFailureKind.HttpStatus,
                $"list page answered {fetched.Result.Exchange?.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}"));
            return (WalkEnd.Failed, null);
        }

        var parsed = await pages.ParseAsync(run, PageRole.List, fetched, cancellationToken).ConfigureAwait(false);
        if (parsed.Verdict != PageVerdict.Content)
        {
            run.ForgetValidators(pageUrl);
            run.Fail(new SourceFailure(pageUrl, PageIo.KindOf(parsed.Verdict), parsed.VerdictReason ?? parsed.Verdict.ToString()));
            return (WalkEnd.Failed, null);
        }

        run.TallyPassedOver(parsed, pageUrl);
        var items = parsed.Posts.Count + parsed.DetailLinks.Count;
        if (items == 0)
        {
            if (yieldedBefore && !parsed.ConfirmedEmpty)
            {
                run.ForgetValidators(pageUrl);
                run.Fail(new SourceFailure(pageUrl, SourceFailureKind.ZeroItems,
                    "the page yielded 0 items although this list yielded items before (layout change, silent block or truncated results)"));
                return (WalkEnd.Failed, null);
            }

            tally.PageSucceeded(0);
            return (WalkEnd.EndOfList, null);
        }

        list.HasYielded = true;
        list.LastRunAt = time.GetUtcNow();
        var plan = await planner.PlanAsync(run, parsed, cancellationToken).ConfigureAwait(false);
        var collected = new List<CollectedPost>(plan.StoreFromList);
        var detailFailed = false;
        foreach (var link in plan.Fetch)
        {
            if (!run.TakeDetailPage())
            {
                // Out of detail budget: this page is not finished; the cursor stays on it.
                tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                    $"detail-page budget ({run.MaxDetailPages}) spent; the rest of this page is collected next run"));
                detailFailed = true;
                break;
            }

            detailFailed |= !await threads.CollectDetailAsync(run, link, collected, cancellationToken).ConfigureAwait(false);
        }

        // After the thread pages: the list's counts are the newest snapshot, so the thread is not re-read again
        // until its reply count grows again.
        collected.AddRange(plan.CountsAfterDetails);

        if (detailFailed)
        {
            // The page is not finished: its next fetch must be a full one, not a 304.
            run.ForgetValidators(pageUrl);
        }

        var end = detailFailed ? WalkEnd.Failed
            : plan.AllKnown ? WalkEnd.CaughtUp
            : parsed.NextPage is null ? WalkEnd.EndOfList
            : TooOld(run, parsed) ? WalkEnd.TooOld
            : WalkEnd.Next;
        // The frontier moves with the page's posts, in one transaction.
        walk.MoveTo(end switch { WalkEnd.Failed => onFailure, WalkEnd.Next => parsed.NextPage, _ => (Uri?)null });
        tally.PageSucceeded(items);
        await pages.CommitAsync(run, collected, cancellationToken).ConfigureAwait(false);
        await deletions.MarkDeletedRepliesAsync(run, cancellationToken).ConfigureAwait(false);
        return (end, end == WalkEnd.Next ? parsed.NextPage : null);
    }

    /// <summary>
    /// The age stop rule (<c>MaxAge</c>): the page ends with an item published before the limit, so on a list kept newest
    /// first every later page is older still. The last dated item decides, not the first: a pinned old thread at the top
    /// must not stop the walk.
    /// </summary>
    private bool TooOld(SourceRun run, ParsedPage parsed) =>
        run.Source.MaxAge is { } age && parsed.Posts.LastOrDefault(p => p.PublishedAtUtc is not null) is { } last
        && last.PublishedAtUtc < time.GetUtcNow() - age;

    /// <summary>The pending-frontier entry one walk owns in a list's cursor state.</summary>
    private sealed class Frontier(SourceCursor.ListState list, string? current)
    {
        public void MoveTo(Uri? page) => MoveTo(page?.AbsoluteUri);

        public void MoveTo(string? page)
        {
            if (current is not null)
            {
                list.Pending.Remove(current);
            }

            if (page is not null && !list.Pending.Contains(page))
            {
                list.Pending.Insert(0, page);
            }

            current = page;
        }
    }
}
