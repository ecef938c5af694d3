using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Parsing;
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
internal sealed class SourceRunner : ISourceRunner
{
    private readonly IPageFetcher fetcher;
    private readonly IPageParser parser;
    private readonly IPostStore posts;
    private readonly ISourceStateStore state;
    private readonly IOptions<CollectionOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<SourceRunner> logger;

    public SourceRunner(IPageFetcher fetcher, IPageParser parser, IPostStore posts, ISourceStateStore state,
        IOptions<CollectionOptions> options, TimeProvider time, ILogger<SourceRunner> logger)
    {
        this.fetcher = fetcher;
        this.parser = parser;
        this.posts = posts;
        this.state = state;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public async Task<SourceRunReport> RunAsync(SourceOptions source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var tally = new RunTally(source.Id, started);
        if (!source.RespectRobotsTxt)
        {
            CollectionLog.RobotsIgnored(logger, source.Id);
        }

        var run = new Run(this, source, tally, SourceCursor.Parse(await state.GetCursorAsync(source.Id, cancellationToken).ConfigureAwait(false)));
        try
        {
            foreach (var startUrl in StartUrls.For(source))
            {
                await run.WalkListAsync(startUrl, cancellationToken).ConfigureAwait(false);
            }

            await run.RefreshRecentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug or a store fault must still leave a run record: the source is failed, not silently quiet.
            CollectionLog.RunCrashed(logger, source.Id, ex);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, $"run aborted: {ex.GetType().Name}: {ex.Message}"));
        }

        var report = tally.ToReport(time.GetUtcNow());
        await state.RecordRunAsync(report, cancellationToken).ConfigureAwait(false);
        await RaiseHealthEventIfDueAsync(source, report, cancellationToken).ConfigureAwait(false);
        CollectionLog.RunFinished(logger, source.Id, report.Status.ToString(), watch.ElapsedMilliseconds, report.PagesFetched, report.ItemsParsed,
            report.NewPosts, report.UpdatedPosts, report.DeletedPosts, report.Failures.Count);
        return report;
    }

    private async Task RaiseHealthEventIfDueAsync(SourceOptions source, SourceRunReport report, CancellationToken cancellationToken)
    {
        if (report.Status == SourceRunStatus.Ok)
        {
            return;
        }

        // The run was recorded before this check, so the streak includes it. Raise once when the streak reaches the
        // threshold, then on every further multiple, so a long outage keeps reminding the duty desk.
        var runs = await state.GetRecentRunsAsync(source.Id, 1000, cancellationToken).ConfigureAwait(false);
        var streak = runs.TakeWhile(r => r.Status != SourceRunStatus.Ok).Count();
        if (streak < source.DarkAfterRuns || streak % source.DarkAfterRuns != 0)
        {
            return;
        }

        var kind = report.Failures.All(f => f.Kind == SourceFailureKind.ZeroItems) ? "dark" : "failed";
        var first = report.Failures.FirstOrDefault();
        var message = first is null
            ? $"{report.Status} run"
            : $"{first.Kind} at {first.Url?.AbsoluteUri ?? "(source)"}: {first.Reason}" + (report.Failures.Count > 1 ? $" (+{report.Failures.Count - 1} more)" : "");
        await state.RaiseHealthEventAsync(source.Id, report.FinishedAtUtc, kind, message, streak, cancellationToken).ConfigureAwait(false);
        CollectionLog.HealthEvent(logger, source.Id, kind, streak, message);
    }

    /// <summary>The state of one run of one source.</summary>
    private sealed class Run(SourceRunner owner, SourceOptions source, RunTally tally, SourceCursor cursor)
    {
        private int _detailBudget = owner.options.Value.MaxDetailPagesPerRun;

        public async Task WalkListAsync(Uri startUrl, CancellationToken cancellationToken)
        {
            var list = cursor.For(startUrl);
            var resume = list.ResumeAt;
            var first = await WalkAsync(startUrl, list, fromTop: true, cancellationToken).ConfigureAwait(false);
            if (first != WalkEnd.CaughtUp && first != WalkEnd.EndOfList)
            {
                return;
            }

            // Caught up at the top: now the older pages an earlier run could not reach (or failed on).
            if (resume is not null && Uri.TryCreate(resume, UriKind.Absolute, out var resumeUrl) && resumeUrl != startUrl)
            {
                list.ResumeAt = resume;
                await WalkAsync(resumeUrl, list, fromTop: false, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<WalkEnd> WalkAsync(Uri pageUrl, SourceCursor.ListState list, bool fromTop, CancellationToken cancellationToken)
        {
            var yieldedBefore = list.HasYielded;
            for (var page = 1; page <= Math.Max(1, source.MaxPages); page++)
            {
                var outcome = await WalkPageAsync(pageUrl, list, yieldedBefore, cancellationToken).ConfigureAwait(false);
                switch (outcome.End)
                {
                    case WalkEnd.Failed:
                        // The cursor stays on the failed page (page 1 is walked every run anyway).
                        list.ResumeAt = page == 1 && fromTop ? list.ResumeAt : pageUrl.AbsoluteUri;
                        await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
                        return WalkEnd.Failed;
                    case WalkEnd.CaughtUp:
                        if (!fromTop)
                        {
                            list.ResumeAt = null;
                        }

                        await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
                        return WalkEnd.CaughtUp;
                    case WalkEnd.EndOfList:
                        if (!fromTop || list.ResumeAt is null)
                        {
                            list.ResumeAt = null;
                        }

                        await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
                        return WalkEnd.EndOfList;
                }

                pageUrl = outcome.Next!;
            }

            // Page budget spent before reaching stored posts: keep the rest as backlog for the next run.
            list.ResumeAt = pageUrl.AbsoluteUri;
            await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
            if (yieldedBefore && fromTop)
            {
                tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                    $"page budget ({source.MaxPages}) ran out before reaching already-stored posts; the rest is collected from this page next run"));
            }

            return WalkEnd.Budget;
        }

        private async Task<(WalkEnd End, Uri? Next)> WalkPageAsync(Uri pageUrl, SourceCursor.ListState list, bool yieldedBefore, CancellationToken cancellationToken)
        {
            var fetched = await FetchAsync(pageUrl, cancellationToken).ConfigureAwait(false);
            if (fetched.Result.Outcome == FetchOutcome.NotModified)
            {
                tally.PageSucceeded(0);
                return (WalkEnd.CaughtUp, null);
            }

            if (fetched.Result.Outcome != FetchOutcome.Ok)
            {
                Fail(fetched.Result.Failure ?? new SourceFailure(pageUrl, SourceFailureKind.HttpStatus,
                    $"list page answered {fetched.Result.Exchange?.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}"));
                return (WalkEnd.Failed, null);
            }

            var parsed = owner.parser.Parse(source, PageRole.List, fetched.Result.Exchange!.FinalUrl, fetched.Result.Text ?? "", fetched.Result.Exchange.FetchedAtUtc, fetched.ExchangeId);
            if (parsed.Verdict != PageVerdict.Content)
            {
                Fail(new SourceFailure(pageUrl, KindOf(parsed.Verdict), parsed.VerdictReason ?? parsed.Verdict.ToString()));
                return (WalkEnd.Failed, null);
            }

            var items = parsed.Posts.Count + parsed.DetailLinks.Count;
            if (items == 0)
            {
                if (yieldedBefore)
                {
                    Fail(new SourceFailure(pageUrl, SourceFailureKind.ZeroItems,
                        "the page yielded 0 items although this list yielded items before (layout change, silent block or truncated results)"));
                    return (WalkEnd.Failed, null);
                }

                tally.PageSucceeded(0);
                return (WalkEnd.EndOfList, null);
            }

            list.HasYielded = true;
            list.LastRunAt = owner.time.GetUtcNow();
            var plan = await PlanDetailsAsync(parsed, cancellationToken).ConfigureAwait(false);
            var collected = new List<CollectedPost>(plan.StoreFromList);
            var detailFailed = false;
            foreach (var link in plan.Fetch)
            {
                if (_detailBudget-- <= 0)
                {
                    // Out of detail budget: this page is not finished; the cursor stays on it.
                    tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                        $"detail-page budget ({owner.options.Value.MaxDetailPagesPerRun}) spent; the rest of this page is collected next run"));
                    detailFailed = true;
                    break;
                }

                detailFailed |= !await CollectDetailAsync(link, collected, cancellationToken).ConfigureAwait(false);
            }

            var caughtUp = plan.AllKnown;
            tally.PageSucceeded(items);
            var results = await owner.posts.CommitPageAsync(collected, owner.time.GetUtcNow(), source.Id,
                detailFailed ? WithResume(list, pageUrl) : cursor.Serialize(), cancellationToken).ConfigureAwait(false);
            tally.Stored(results);
            if (detailFailed)
            {
                return (WalkEnd.Failed, null);
            }

            if (caughtUp)
            {
                return (WalkEnd.CaughtUp, null);
            }

            return parsed.NextPage is null ? (WalkEnd.EndOfList, null) : (WalkEnd.Next, parsed.NextPage);
        }

        /// <summary>
        /// Decides what of a list page is stored directly and which detail pages are fetched. A detail link that is a
        /// list item's own URL is that post's page: the list only shows an abstract, so the post is stored from its page,
        /// fetched once (the recrawl refreshes it later). Any other detail link is a page of replies (e.g. a microblog's
        /// comments): fetched when its post is new or shows more comments than last stored.
        /// </summary>
        private async Task<DetailPlan> PlanDetailsAsync(ParsedPage parsed, CancellationToken cancellationToken)
        {
            var byUrl = parsed.Posts.GroupBy(p => p.Url.AbsoluteUri).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var known = new Dictionary<string, StoredPost?>(StringComparer.Ordinal);
            foreach (var p in parsed.Posts)
            {
                known[p.PlatformPostId] = await owner.posts.FindPostAsync(source.Id, p.PlatformPostId, cancellationToken).ConfigureAwait(false)
                    ?? await owner.posts.FindPostByUrlAsync(source.Id, p.Url, cancellationToken).ConfigureAwait(false);
            }

            var pagePosts = new HashSet<string>(StringComparer.Ordinal);
            var fetch = new List<Uri>();
            foreach (var link in parsed.DetailLinks)
            {
                if (byUrl.TryGetValue(link.AbsoluteUri, out var own))
                {
                    pagePosts.Add(own.PlatformPostId);
                    if (known[own.PlatformPostId] is null)
                    {
                        fetch.Add(link);
                    }

                    continue;
                }

                var parent = parsed.Posts.FirstOrDefault(p => link.Query.Contains(p.PlatformPostId, StringComparison.Ordinal));
                if (parent is null || known[parent.PlatformPostId] is not { } stored || await HasNewRepliesAsync(stored, parent, cancellationToken).ConfigureAwait(false))
                {
                    fetch.Add(link);
                }
            }

            return new DetailPlan(
                parsed.Posts.Where(p => !pagePosts.Contains(p.PlatformPostId)).ToList(),
                fetch,
                known.Values.All(k => k is not null));
        }

        private async Task<bool> HasNewRepliesAsync(StoredPost stored, CollectedPost seen, CancellationToken cancellationToken)
        {
            if (seen.Engagement.Comments is not { } now)
            {
                return false;
            }

            var snapshots = await owner.posts.GetEngagementAsync(stored.Id, cancellationToken).ConfigureAwait(false);
            var before = snapshots.LastOrDefault(s => s.Counts.Comments is not null)?.Counts.Comments;
            return before is null || now > before;
        }

        private sealed record DetailPlan(IReadOnlyList<CollectedPost> StoreFromList, IReadOnlyList<Uri> Fetch, bool AllKnown);

        private string WithResume(SourceCursor.ListState list, Uri pageUrl)
        {
            list.ResumeAt = pageUrl.AbsoluteUri;
            return cursor.Serialize();
        }

        /// <summary>Fetches a post's pages (the post and every page of its replies) and adds them. False when a page failed.</summary>
        private async Task<bool> CollectDetailAsync(Uri link, List<CollectedPost> collected, CancellationToken cancellationToken)
        {
            var thread = await ReadThreadAsync(link, cancellationToken).ConfigureAwait(false);
            collected.AddRange(thread.Posts);
            // Gone or deleted between the list and its page: nothing more to store, and not a source failure.
            return thread.End != ThreadEnd.Failed;
        }

        /// <summary>
        /// Reads a thread from its first page, following its own pagination up to
        /// <see cref="CollectionOptions.MaxPagesPerThread"/> pages, so replies on later pages are not missed.
        /// </summary>
        private async Task<ThreadRead> ReadThreadAsync(Uri first, CancellationToken cancellationToken)
        {
            var posts = new List<CollectedPost>();
            var url = first;
            for (var page = 1; ; page++)
            {
                var fetched = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
                if (fetched.Result.Outcome == FetchOutcome.Gone)
                {
                    return page == 1
                        ? new ThreadRead(posts, ThreadEnd.Gone, $"HTTP {fetched.Result.Exchange?.StatusCode ?? 404}")
                        : new ThreadRead(posts, ThreadEnd.Complete, null);
                }

                if (fetched.Result.Outcome == FetchOutcome.NotModified)
                {
                    return new ThreadRead(posts, page == 1 ? ThreadEnd.Unchanged : ThreadEnd.Complete, null);
                }

                if (fetched.Result.Outcome != FetchOutcome.Ok)
                {
                    Fail(fetched.Result.Failure ?? new SourceFailure(url, SourceFailureKind.HttpStatus, "detail page failed"));
                    return new ThreadRead(posts, ThreadEnd.Failed, null);
                }

                var parsed = owner.parser.Parse(source, PageRole.Detail, fetched.Result.Exchange!.FinalUrl, fetched.Result.Text ?? "", fetched.Result.Exchange.FetchedAtUtc, fetched.ExchangeId);
                if (parsed.Verdict == PageVerdict.Deleted && page == 1)
                {
                    return new ThreadRead(posts, ThreadEnd.Deleted, parsed.VerdictReason ?? "the platform's deleted-post page");
                }

                if (parsed.Verdict != PageVerdict.Content || (page == 1 && parsed.Posts.Count == 0))
                {
                    Fail(new SourceFailure(url, parsed.Verdict == PageVerdict.Content ? SourceFailureKind.ZeroItems : KindOf(parsed.Verdict),
                        parsed.VerdictReason ?? "detail page held no post"));
                    return new ThreadRead(posts, ThreadEnd.Failed, null);
                }

                tally.PageSucceeded(parsed.Posts.Count);
                posts.AddRange(parsed.Posts);
                if (parsed.NextPage is null || parsed.NextPage == url)
                {
                    return new ThreadRead(posts, ThreadEnd.Complete, null);
                }

                if (page >= owner.options.Value.MaxPagesPerThread)
                {
                    Fail(new SourceFailure(parsed.NextPage, SourceFailureKind.Other,
                        $"thread has more than {owner.options.Value.MaxPagesPerThread} pages (Crawler:Collection:MaxPagesPerThread); later replies were not read"));
                    return new ThreadRead(posts, ThreadEnd.Failed, null);
                }

                url = parsed.NextPage;
            }
        }

        /// <summary>Re-fetches recently seen thread starters: engagement snapshots, edits, deletions, new replies.</summary>
        public async Task RefreshRecentAsync(CancellationToken cancellationToken)
        {
            if (!StartUrls.HasDetailPages(source))
            {
                return;
            }

            var since = owner.time.GetUtcNow() - source.RecrawlWindow;
            var recent = await owner.posts.GetRecentPostsAsync(source.Id, since, owner.options.Value.RecrawlMaxPerRun, cancellationToken).ConfigureAwait(false);
            foreach (var post in recent.Where(p => p.ParentPlatformPostId is null))
            {
                var thread = await ReadThreadAsync(post.Url, cancellationToken).ConfigureAwait(false);
                if (thread.End is ThreadEnd.Gone or ThreadEnd.Deleted)
                {
                    await MarkDeletedAsync(post, thread.Reason!, cancellationToken).ConfigureAwait(false);
                }

                if (thread.Posts.Count > 0)
                {
                    // Whatever was read is stored even if a later page failed; the failure is already on the run report.
                    var results = await owner.posts.CommitPageAsync(thread.Posts, owner.time.GetUtcNow(), source.Id, cursor.Serialize(), cancellationToken).ConfigureAwait(false);
                    tally.Stored(results);
                }
            }
        }

        private enum ThreadEnd
        {
            Complete,
            Unchanged,
            Gone,
            Deleted,
            Failed,
        }

        private sealed record ThreadRead(List<CollectedPost> Posts, ThreadEnd End, string? Reason);

        private async Task MarkDeletedAsync(StoredPost post, string reason, CancellationToken cancellationToken)
        {
            await owner.posts.MarkDeletedAsync(post.Id, owner.time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false);
            tally.Deleted();
            CollectionLog.PostDeleted(owner.logger, source.Id, post.Id, post.Url.AbsoluteUri, reason);
        }

        private async Task<(FetchResult Result, long? ExchangeId)> FetchAsync(Uri url, CancellationToken cancellationToken)
        {
            var result = await owner.fetcher.FetchAsync(new FetchRequest(url, source.Id, source.Headers, source.RespectRobotsTxt), cancellationToken).ConfigureAwait(false);
            tally.Fetched(result.Exchange);
            long? exchangeId = null;
            if (result.Exchange is not null && result.Outcome is FetchOutcome.Ok or FetchOutcome.Gone)
            {
                // Keep the raw exchange behind every page that can yield posts or prove a deletion.
                exchangeId = await owner.posts.SaveExchangeAsync(result.Exchange, cancellationToken).ConfigureAwait(false);
            }

            return (result, exchangeId);
        }

        private Task SaveCursorAsync(CancellationToken cancellationToken) =>
            owner.state.SetCursorAsync(source.Id, cursor.Serialize(), cancellationToken);

        private void Fail(SourceFailure failure)
        {
            tally.Fail(failure);
            CollectionLog.PageFailed(owner.logger, source.Id, failure.Kind.ToString(), failure.Url?.AbsoluteUri, failure.Reason);
        }

        private static SourceFailureKind KindOf(PageVerdict verdict) => verdict switch
        {
            PageVerdict.Captcha => SourceFailureKind.Captcha,
            PageVerdict.LoginWall => SourceFailureKind.LoginWall,
            PageVerdict.BlockPage => SourceFailureKind.BlockPage,
            PageVerdict.NotParseable => SourceFailureKind.NotParseable,
            _ => SourceFailureKind.Other,
        };
    }

    private enum WalkEnd
    {
        Next,
        CaughtUp,
        EndOfList,
        Budget,
        Failed,
    }
}
