using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Fetching.Browser;
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
    private readonly IPageFetcher _fetcher;
    private readonly IPageParser _parser;
    private readonly IPostStore _posts;
    private readonly ISourceStateStore _state;
    private readonly IOptions<CollectionOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SourceRunner> _logger;
    private readonly IUrlValidatorStore _validators;
    private readonly IRecrawlStore _recrawl;
    private readonly StorageFaults _faults;
    private readonly IPageRenderer _renderer;
    private readonly SourceSessions _sessions;

    public SourceRunner(IPageFetcher fetcher, IPageParser parser, IPostStore posts, ISourceStateStore state,
        IOptions<CollectionOptions> options, TimeProvider time, ILogger<SourceRunner> logger, IUrlValidatorStore validators, IRecrawlStore recrawl, StorageFaults faults,
        IPageRenderer renderer, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        _renderer = renderer;
        _sessions = new SourceSessions(state, configuration, time, logger);
        _faults = faults;
        _validators = validators;
        _recrawl = recrawl;
        _fetcher = fetcher;
        _parser = parser;
        _posts = posts;
        _state = state;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<SourceRunReport> RunAsync(SourceOptions source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var started = _time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var tally = new RunTally(source.Id, started);
        if (_faults.PauseReason() is { } paused)
        {
            // The store cannot take what a run would collect: wait out the back-off instead of fetching in vain.
            CollectionLog.StoragePaused(_logger, source.Id, paused);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, paused));
            return tally.ToReport(_time.GetUtcNow());
        }

        if (!source.RespectRobotsTxt)
        {
            CollectionLog.RobotsIgnored(_logger, source.Id);
        }

        try
        {
            if (await _sessions.PausedAsync(source, tally, cancellationToken).ConfigureAwait(false))
            {
                // The session expired and the cookie is still the expired one: asking again would only meet the login wall.
                var pausedRun = tally.ToReport(_time.GetUtcNow());
                await _state.RecordRunAsync(pausedRun, cancellationToken).ConfigureAwait(false);
                return pausedRun;
            }

            // Inside the try: on a full or broken store even reading the cursor can fail, and that is a failed run.
            var run = new Run(this, source, tally, SourceCursor.Parse(await _state.GetCursorAsync(source.Id, cancellationToken).ConfigureAwait(false)));
            foreach (var (startUrl, _) in SearchUrls.StartUrls(source))
            {
                await run.WalkListAsync(startUrl, cancellationToken).ConfigureAwait(false);
                if (SessionEnded(source, tally))
                {
                    break;
                }
            }

            if (!SessionEnded(source, tally))
            {
                await run.RefreshRecentAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && _faults.Record(ex) is { } reason)
        {
            CollectionLog.StorageFailed(_logger, source.Id, reason);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, "run aborted: " + reason));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug or a store fault must still leave a run record: the source is failed, not silently quiet.
            CollectionLog.RunCrashed(_logger, source.Id, ex);
            tally.Fail(new SourceFailure(null, SourceFailureKind.Other, $"run aborted: {ex.GetType().Name}: {ex.Message}"));
        }

        var report = tally.ToReport(_time.GetUtcNow());
        try
        {
            await _state.RecordRunAsync(report, cancellationToken).ConfigureAwait(false);
            await _sessions.ExpireIfLoginWallAsync(source, report, cancellationToken).ConfigureAwait(false);
            await RaiseHealthEventIfDueAsync(source, report, cancellationToken).ConfigureAwait(false);
            if (_faults.Recovered() is { } episode)
            {
                // The fault could not be written while it lasted; it is on record now, with its span.
                CollectionLog.StorageRecovered(_logger, episode.Reason, episode.SinceUtc, episode.UntilUtc, episode.Failures);
                await _state.RaiseHealthEventAsync(source.Id, episode.SinceUtc, "storage",
                    $"{episode.Reason}; lasted until {episode.UntilUtc:u} ({episode.Failures} failed operations); collection resumed", episode.Failures, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && _faults.Record(ex) is { } reason)
        {
            // The run could not even be recorded: it is reported failed to the caller (exit 1 for one-shot verbs) and the
            // fault is kept in memory until a write succeeds again.
            CollectionLog.StorageFailed(_logger, source.Id, reason);
            report = report with
            {
                Status = SourceRunStatus.Failed,
                Failures = [.. report.Failures, new SourceFailure(null, SourceFailureKind.Other, "run not recorded: " + reason)],
            };
        }

        CollectionLog.RunFinished(_logger, source.Id, report.Status.ToString(), watch.ElapsedMilliseconds, report.PagesFetched, report.ItemsParsed,
            report.NewPosts, report.UpdatedPosts, report.DeletedPosts, report.Failures.Count);
        Core.Operations.SentimentWatchMetrics.CrawlRunFinished(source.Id, report.Status.ToString());
        return report;
    }

    /// <summary>A logged-in source met a login wall: every further page would meet it too, so the run ends there.</summary>
    private static bool SessionEnded(SourceOptions source, RunTally tally) =>
        source.Cookie is not null && tally.Failures.Any(f => f.Kind == SourceFailureKind.LoginWall);

    /// <summary>A role is drifting when it yields a value on fewer than half of at least this many items of a run.</summary>
    internal const int DriftMinItems = 5;

    private async Task RaiseHealthEventIfDueAsync(SourceOptions source, SourceRunReport report, CancellationToken cancellationToken)
    {
        // A layout change often leaves the list matching while a field's selector silently stops: posts without
        // authors or times are still posts, so the run is Ok — the drift is named here instead.
        var drifting = report.RoleMatches.Where(kv => kv.Value.Items >= DriftMinItems && kv.Value.Matched * 2 < kv.Value.Items)
            .Select(kv => $"role '{kv.Key}' ({source.Selectors.GetValueOrDefault(kv.Key)}) matched {kv.Value.Matched} of {kv.Value.Items} items")
            .ToList();
        if (drifting.Count > 0)
        {
            var drift = "selector drift: " + string.Join("; ", drifting);
            await _state.RaiseHealthEventAsync(source.Id, report.FinishedAtUtc, "drift", drift, 1, cancellationToken).ConfigureAwait(false);
            CollectionLog.HealthEvent(_logger, source.Id, "drift", 1, drift);
        }

        if (report.Status == SourceRunStatus.Ok)
        {
            return;
        }

        // The run was recorded before this check, so the streak includes it. Raise once when the streak reaches the
        // threshold, then on every further multiple, so a long outage keeps reminding the duty desk.
        var runs = await _state.GetRecentRunsAsync(source.Id, 1000, cancellationToken).ConfigureAwait(false);
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
        await _state.RaiseHealthEventAsync(source.Id, report.FinishedAtUtc, kind, message, streak, cancellationToken).ConfigureAwait(false);
        CollectionLog.HealthEvent(_logger, source.Id, kind, streak, message);
    }

    /// <summary>The state of one run of one source.</summary>
    private sealed class Run(SourceRunner owner, SourceOptions source, RunTally tally, SourceCursor cursor)
    {
        private int _detailBudget = owner._options.Value.MaxDetailPagesPerRun;

        /// <summary>
        /// The source's merged headers and cookie (profile and source), still as written (<c>env:</c>/<c>secret:</c> references
        /// are resolved by the fetcher, which also keeps their values out of stored exchanges).
        /// </summary>
        private readonly IReadOnlyDictionary<string, string> _requestHeaders = source.Cookie is null
            ? source.Headers
            : new Dictionary<string, string>(source.Headers, StringComparer.OrdinalIgnoreCase) { ["Cookie"] = source.Cookie };
        private readonly List<string> _deletedReplies = [];
        private readonly List<UrlValidators> _validatorsToSave = [];

        public async Task WalkListAsync(Uri startUrl, CancellationToken cancellationToken)
        {
            var list = cursor.For(startUrl);
            // Frontiers earlier runs left behind: a failed page, a spent page budget, or a walk cut short by a crash.
            var older = list.Pending.ToList();
            var top = await WalkAsync(startUrl, list, fromTop: true, cancellationToken).ConfigureAwait(false);
            if (top is not (WalkEnd.CaughtUp or WalkEnd.EndOfList))
            {
                return;
            }

            // Caught up at the top: now the older pages an earlier run could not reach.
            foreach (var frontier in older)
            {
                if (list.Pending.Contains(frontier) && Uri.TryCreate(frontier, UriKind.Absolute, out var url)
                    && await WalkAsync(url, list, fromTop: false, cancellationToken).ConfigureAwait(false) == WalkEnd.Failed)
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
        private async Task<WalkEnd> WalkAsync(Uri pageUrl, SourceCursor.ListState list, bool fromTop, CancellationToken cancellationToken)
        {
            var walk = new Frontier(list, fromTop ? null : pageUrl.AbsoluteUri);
            var yieldedBefore = list.HasYielded;
            var visited = new HashSet<string>(StringComparer.Ordinal);
            for (var page = 1; page <= Math.Max(1, source.MaxPages); page++)
            {
                if (!visited.Add(pageUrl.AbsoluteUri))
                {
                    // The answer handed back a cursor it had handed out before: following it would read the same pages forever.
                    walk.MoveTo((Uri?)null);
                    await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
                    tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                        $"next-page cursor repeats after {page - 1} page(s) (a loop); paging stopped although the source said there was more"));
                    return WalkEnd.Failed;
                }

                // Page 1 of the top walk is read every run, so a failure there needs no frontier.
                var onFailure = fromTop && page == 1 ? null : pageUrl;
                var outcome = await WalkPageAsync(pageUrl, list, yieldedBefore, walk, onFailure, cancellationToken).ConfigureAwait(false);
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

                    await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
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
            await SaveCursorAsync(cancellationToken).ConfigureAwait(false);
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

        private async Task<(WalkEnd End, Uri? Next)> WalkPageAsync(Uri pageUrl, SourceCursor.ListState list, bool yieldedBefore,
            Frontier walk, Uri? onFailure, CancellationToken cancellationToken)
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

            var parsed = await ParseAsync(PageRole.List, fetched, cancellationToken).ConfigureAwait(false);
            if (parsed.Verdict != PageVerdict.Content)
            {
                ForgetValidators(pageUrl);
                Fail(new SourceFailure(pageUrl, KindOf(parsed.Verdict), parsed.VerdictReason ?? parsed.Verdict.ToString()));
                return (WalkEnd.Failed, null);
            }

            TallyPassedOver(parsed, pageUrl);
            var items = parsed.Posts.Count + parsed.DetailLinks.Count;
            if (items == 0)
            {
                if (yieldedBefore && !parsed.ConfirmedEmpty)
                {
                    ForgetValidators(pageUrl);
                    Fail(new SourceFailure(pageUrl, SourceFailureKind.ZeroItems,
                        "the page yielded 0 items although this list yielded items before (layout change, silent block or truncated results)"));
                    return (WalkEnd.Failed, null);
                }

                tally.PageSucceeded(0);
                return (WalkEnd.EndOfList, null);
            }

            list.HasYielded = true;
            list.LastRunAt = owner._time.GetUtcNow();
            var plan = await PlanDetailsAsync(parsed, cancellationToken).ConfigureAwait(false);
            var collected = new List<CollectedPost>(plan.StoreFromList);
            var detailFailed = false;
            foreach (var link in plan.Fetch)
            {
                if (_detailBudget-- <= 0)
                {
                    // Out of detail budget: this page is not finished; the cursor stays on it.
                    tally.Fail(new SourceFailure(pageUrl, SourceFailureKind.Other,
                        $"detail-page budget ({owner._options.Value.MaxDetailPagesPerRun}) spent; the rest of this page is collected next run"));
                    detailFailed = true;
                    break;
                }

                detailFailed |= !await CollectDetailAsync(link, collected, cancellationToken).ConfigureAwait(false);
            }

            // After the thread pages: the list's counts are the newest snapshot, so the thread is not re-read again
            // until its reply count grows again.
            collected.AddRange(plan.CountsAfterDetails);

            if (detailFailed)
            {
                // The page is not finished: its next fetch must be a full one, not a 304.
                ForgetValidators(pageUrl);
            }

            var end = detailFailed ? WalkEnd.Failed
                : plan.AllKnown ? WalkEnd.CaughtUp
                : parsed.NextPage is null ? WalkEnd.EndOfList
                : TooOld(parsed) ? WalkEnd.TooOld
                : WalkEnd.Next;
            // The frontier moves with the page's posts, in one transaction.
            walk.MoveTo(end switch { WalkEnd.Failed => onFailure, WalkEnd.Next => parsed.NextPage, _ => (Uri?)null });
            tally.PageSucceeded(items);
            await CommitAsync(collected, cancellationToken).ConfigureAwait(false);
            await MarkDeletedRepliesAsync(cancellationToken).ConfigureAwait(false);
            return (end, end == WalkEnd.Next ? parsed.NextPage : null);
        }

        /// <summary>
        /// The age stop rule (<c>MaxAge</c>): the page ends with an item published before the limit, so on a list kept newest
        /// first every later page is older still. The last dated item decides, not the first: a pinned old thread at the top
        /// must not stop the walk.
        /// </summary>
        private bool TooOld(ParsedPage parsed) =>
            source.MaxAge is { } age && parsed.Posts.LastOrDefault(p => p.PublishedAtUtc is not null) is { } last
            && last.PublishedAtUtc < owner._time.GetUtcNow() - age;

        /// <summary>
        /// Decides what of a list page is stored directly and which detail pages are fetched. A detail link that is a
        /// list item's own URL is that post's page: the list only shows an abstract, so the post is stored from its page,
        /// fetched when new, and fetched again when the list shows more replies than last stored — new replies (跟帖) are
        /// found on the next list walk, not only by the spaced-out recrawl. Any other detail link is a page of replies (e.g. a microblog's
        /// comments): fetched when its post is new or shows more comments than last stored.
        /// </summary>
        private async Task<DetailPlan> PlanDetailsAsync(ParsedPage parsed, CancellationToken cancellationToken)
        {
            var byUrl = parsed.Posts.GroupBy(p => p.Url.AbsoluteUri).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var known = new Dictionary<string, StoredPost?>(StringComparer.Ordinal);
            foreach (var p in parsed.Posts)
            {
                known[p.PlatformPostId] = await owner._posts.FindPostAsync(source.Id, p.PlatformPostId, cancellationToken).ConfigureAwait(false)
                    ?? await owner._posts.FindPostByUrlAsync(source.Id, p.Url, cancellationToken).ConfigureAwait(false);
            }

            var pagePosts = new HashSet<string>(StringComparer.Ordinal);
            var fetch = new List<Uri>();
            var counts = new List<CollectedPost>();
            foreach (var link in parsed.DetailLinks)
            {
                if (byUrl.TryGetValue(link.AbsoluteUri, out var own))
                {
                    pagePosts.Add(own.PlatformPostId);
                    if (known[own.PlatformPostId] is not { } storedOwn)
                    {
                        fetch.Add(link);
                    }
                    else if (storedOwn.DeletedAtUtc is null && await HasNewRepliesAsync(storedOwn, own, cancellationToken).ConfigureAwait(false))
                    {
                        fetch.Add(link);
                        counts.Add(own with { Text = storedOwn.Text, Title = storedOwn.Title ?? own.Title });
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
                parsed.Posts.Where(p => !pagePosts.Contains(p.PlatformPostId))
                    // A known long post shows only its abstract here: keep the full text already stored, take the counts.
                    .Select(p => known[p.PlatformPostId] is { } stored && Abstracts.IsAbstractOf(p.Text, stored.Text) ? p with { Text = stored.Text } : p)
                    .ToList(),
                fetch,
                counts,
                known.Values.All(k => k is not null));
        }

        private async Task<bool> HasNewRepliesAsync(StoredPost stored, CollectedPost seen, CancellationToken cancellationToken)
        {
            if (seen.Engagement.Comments is not { } now)
            {
                return false;
            }

            var snapshots = await owner._posts.GetEngagementAsync(stored.Id, cancellationToken).ConfigureAwait(false);
            var before = snapshots.LastOrDefault(s => s.Counts.Comments is not null)?.Counts.Comments;
            return before is null || now > before;
        }

        private sealed record DetailPlan(IReadOnlyList<CollectedPost> StoreFromList, IReadOnlyList<Uri> Fetch, IReadOnlyList<CollectedPost> CountsAfterDetails, bool AllKnown);

        private void TallyPassedOver(ParsedPage parsed, Uri pageUrl)
        {
            tally.Skipped(parsed.Skipped);
            tally.Roles(parsed.RoleHits);
            foreach (var note in parsed.Notes)
            {
                tally.Note(note, pageUrl.AbsoluteUri);
            }
        }

        /// <summary>Fetches a post's pages (the post and every page of its replies) and adds them. False when a page failed.</summary>
        private async Task<bool> CollectDetailAsync(Uri link, List<CollectedPost> collected, CancellationToken cancellationToken)
        {
            var thread = await ReadThreadAsync(link, cancellationToken).ConfigureAwait(false);
            if (thread.End == ThreadEnd.Gone && await owner._posts.FindPostByUrlAsync(source.Id, link, cancellationToken).ConfigureAwait(false) is null)
            {
                // Never read before, so nothing to mark deleted — but a list linking to missing pages is worth seeing.
                tally.Note("gone before it was ever read (" + thread.Reason + ")", link.AbsoluteUri);
            }

            collected.AddRange(thread.Posts);
            _deletedReplies.AddRange(thread.DeletedIds);
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
            var deleted = new List<string>();
            // The thread's own next pages and the reply pages its pages link to (e.g. a comments API), breadth first.
            var pending = new Queue<Uri>([first]);
            var seen = new HashSet<string>(StringComparer.Ordinal) { first.AbsoluteUri };
            ThreadRead Failed()
            {
                // A thread read that failed half-way is read again in full next time: no page of it may answer 304.
                ForgetValidators([.. seen]);
                return new ThreadRead(posts, deleted, ThreadEnd.Failed, null);
            }

            for (var page = 1; pending.Count > 0; page++)
            {
                var url = pending.Dequeue();
                var fetched = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
                if (fetched.Result.Outcome == FetchOutcome.Gone)
                {
                    if (page == 1)
                    {
                        return new ThreadRead(posts, deleted, ThreadEnd.Gone, $"HTTP {fetched.Result.Exchange?.StatusCode ?? 404}");
                    }

                    continue;
                }

                if (fetched.Result.Outcome == FetchOutcome.NotModified)
                {
                    if (page == 1)
                    {
                        return new ThreadRead(posts, deleted, ThreadEnd.Unchanged, null);
                    }

                    continue;
                }

                if (fetched.Result.Outcome != FetchOutcome.Ok)
                {
                    Fail(fetched.Result.Failure ?? new SourceFailure(url, SourceFailureKind.HttpStatus, "detail page failed"));
                    return Failed();
                }

                var parsed = await ParseAsync(PageRole.Detail, fetched, cancellationToken).ConfigureAwait(false);
                if (parsed.Verdict == PageVerdict.Deleted && page == 1)
                {
                    return new ThreadRead(posts, deleted, ThreadEnd.Deleted, parsed.VerdictReason ?? "the platform's deleted-post page");
                }

                if (parsed.Verdict != PageVerdict.Content || (page == 1 && parsed.Posts.Count == 0))
                {
                    Fail(new SourceFailure(url, parsed.Verdict == PageVerdict.Content ? SourceFailureKind.ZeroItems : KindOf(parsed.Verdict),
                        parsed.VerdictReason ?? "detail page held no post"));
                    return Failed();
                }

                tally.PageSucceeded(parsed.Posts.Count);
                TallyPassedOver(parsed, url);
                foreach (var problem in parsed.Problems)
                {
                    // The posts read still count; what the page could not lead to (its comments) makes the run Partial.
                    Fail(new SourceFailure(url, SourceFailureKind.NotParseable, problem));
                }

                posts.AddRange(parsed.Posts);
                deleted.AddRange(parsed.Deleted);
                foreach (var next in parsed.DetailLinks.Append(parsed.NextPage).OfType<Uri>())
                {
                    if (seen.Add(next.AbsoluteUri))
                    {
                        pending.Enqueue(next);
                    }
                    else if (next == parsed.NextPage)
                    {
                        // A comments cursor handed out twice: what was read is kept, the loop is reported.
                        Fail(new SourceFailure(next, SourceFailureKind.Other,
                            $"reply-page cursor repeats after {page} page(s) (a loop); paging stopped although the source said there was more"));
                        return Failed();
                    }
                }

                if (pending.Count > 0 && page >= owner._options.Value.MaxPagesPerThread)
                {
                    Fail(new SourceFailure(pending.Peek(), SourceFailureKind.Other,
                        $"thread has more than {owner._options.Value.MaxPagesPerThread} pages (Crawler:Collection:MaxPagesPerThread); later replies were not read"));
                    return Failed();
                }
            }

            return new ThreadRead(posts, deleted, ThreadEnd.Complete, null);
        }

        /// <summary>Re-fetches recently seen thread starters: engagement snapshots, edits, deletions, new replies.</summary>
        public async Task RefreshRecentAsync(CancellationToken cancellationToken)
        {
            var api = StartUrls.HasRecrawlUrl(source);
            if (!api && !StartUrls.HasDetailPages(source))
            {
                return;
            }

            var now = owner._time.GetUtcNow();
            var every = owner._options.Value.RecrawlEvery;
            var refetchedBefore = every > TimeSpan.Zero ? now - every : DateTimeOffset.MaxValue;
            var due = await owner._recrawl.GetRecrawlDueAsync(source.Id, now - source.RecrawlWindow, refetchedBefore, owner._options.Value.RecrawlMaxPerRun, cancellationToken).ConfigureAwait(false);
            foreach (var id in due)
            {
                // Read now, not with the list: an earlier post's thread in this loop may have refreshed or deleted it.
                if (await owner._posts.GetPostAsync(id, cancellationToken).ConfigureAwait(false) is not { DeletedAtUtc: null } post)
                {
                    continue;
                }

                // Marked before the fetch: a post whose re-fetch fails waits RecrawlEvery like the others (the failure
                // is on the run report) instead of being retried on every run ahead of the rest.
                await owner._recrawl.MarkRecrawledAsync(post.Id, now, cancellationToken).ConfigureAwait(false);
                if (api)
                {
                    await RecrawlFromApiAsync(post, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var thread = await ReadThreadAsync(post.Url, cancellationToken).ConfigureAwait(false);
                if (thread.End is ThreadEnd.Gone or ThreadEnd.Deleted)
                {
                    await MarkDeletedAsync(post, thread.Reason!, cancellationToken).ConfigureAwait(false);
                }

                if (thread.Posts.Count > 0)
                {
                    // Whatever was read is stored even if a later page failed; the failure is already on the run report.
                    await CommitAsync(thread.Posts, cancellationToken).ConfigureAwait(false);
                }

                _deletedReplies.AddRange(thread.DeletedIds);
                await MarkDeletedRepliesAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Re-fetches one post of a JSON source from its own API answer (<c>recrawlUrl</c>): appends an engagement snapshot,
        /// records an edit, and records the deletion with the time when the answer is 404/410 or the platform's "deleted"
        /// answer (<c>recrawl.deletedWhen</c> or a deleted marker). Any other bad answer — 5xx, captcha, block, login wall,
        /// an answer without the post — is a source failure: a post is never recorded deleted on a page that proves nothing.
        /// </summary>
        private async Task RecrawlFromApiAsync(StoredPost post, CancellationToken cancellationToken)
        {
            if (StartUrls.RecrawlUrl(source, post) is not { } url)
            {
                Fail(new SourceFailure(post.Url, SourceFailureKind.Other,
                    $"recrawlUrl '{source.Selectors[SelectorRoles.RecrawlUrl]}' makes no http(s) URL for post id '{post.PlatformPostId}'"));
                return;
            }

            var fetched = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
            switch (fetched.Result.Outcome)
            {
                case FetchOutcome.Gone:
                    await MarkDeletedAsync(post, $"HTTP {fetched.Result.Exchange?.StatusCode ?? 404} at {url.AbsoluteUri}", cancellationToken).ConfigureAwait(false);
                    return;
                case FetchOutcome.NotModified:
                    tally.PageSucceeded(0);
                    return;
                case FetchOutcome.Failed:
                    Fail(fetched.Result.Failure ?? new SourceFailure(url, SourceFailureKind.HttpStatus, "recrawl answer failed"));
                    return;
            }

            var parsed = await ParseAsync(PageRole.Recrawl, fetched, cancellationToken).ConfigureAwait(false);
            if (parsed.Verdict == PageVerdict.Deleted)
            {
                await MarkDeletedAsync(post, $"{parsed.VerdictReason ?? "the platform's deleted answer"} at {url.AbsoluteUri}", cancellationToken).ConfigureAwait(false);
                return;
            }

            var own = parsed.Posts.FirstOrDefault(p => p.PlatformPostId == post.PlatformPostId);
            if (parsed.Verdict != PageVerdict.Content || own is null)
            {
                ForgetValidators(url);
                Fail(new SourceFailure(url, parsed.Verdict == PageVerdict.Content ? SourceFailureKind.ZeroItems : KindOf(parsed.Verdict),
                    parsed.VerdictReason ?? $"the recrawl answer holds no post '{post.PlatformPostId}' ('recrawl.items' / 'recrawl.id' found nothing)"));
                return;
            }

            tally.PageSucceeded(parsed.Posts.Count);
            var collected = new List<CollectedPost>(parsed.Posts);
            // Compared with the last snapshot before this one is stored: more comments than stored means new replies to read.
            if (parsed.DetailLinks.Count > 0 && await HasNewRepliesAsync(post, own, cancellationToken).ConfigureAwait(false))
            {
                foreach (var link in parsed.DetailLinks)
                {
                    if (_detailBudget-- <= 0)
                    {
                        tally.Fail(new SourceFailure(link, SourceFailureKind.Other,
                            $"detail-page budget ({owner._options.Value.MaxDetailPagesPerRun}) spent; new replies of this post are read next run"));
                        break;
                    }

                    if (!await CollectDetailAsync(link, collected, cancellationToken).ConfigureAwait(false))
                    {
                        // Storing the new comment count now would hide the unread replies from the next run's comparison:
                        // keep the post's last snapshot until its replies are read.
                        collected.RemoveAll(p => p.PlatformPostId == post.PlatformPostId && p.ParentPlatformPostId is null);
                        break;
                    }
                }
            }

            await CommitAsync(collected, cancellationToken).ConfigureAwait(false);
            await MarkDeletedRepliesAsync(cancellationToken).ConfigureAwait(false);
        }

        private enum ThreadEnd
        {
            Complete,
            Unchanged,
            Gone,
            Deleted,
            Failed,
        }

        private sealed record ThreadRead(List<CollectedPost> Posts, List<string> DeletedIds, ThreadEnd End, string? Reason);

        /// <summary>Replies a page shows as removed (e.g. a floor blocked by a moderator) are recorded as deleted once stored.</summary>
        public async Task MarkDeletedRepliesAsync(CancellationToken cancellationToken)
        {
            foreach (var id in _deletedReplies)
            {
                if (await owner._posts.FindPostAsync(source.Id, id, cancellationToken).ConfigureAwait(false) is { DeletedAtUtc: null } post)
                {
                    await MarkDeletedAsync(post, "the platform shows the reply as removed", cancellationToken).ConfigureAwait(false);
                }
            }

            _deletedReplies.Clear();
        }

        private async Task MarkDeletedAsync(StoredPost post, string reason, CancellationToken cancellationToken)
        {
            await owner._posts.MarkDeletedAsync(post.Id, owner._time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false);
            tally.Deleted();
            CollectionLog.PostDeleted(owner._logger, source.Id, post.Id, post.Url.AbsoluteUri, reason);
        }

        private async Task<(FetchResult Result, long? ExchangeId)> FetchAsync(Uri url, CancellationToken cancellationToken)
        {
            // Conditional GET: an unchanged page answers 304 and costs the site (and us) almost nothing.
            var browser = source.Fetch == FetchMode.Browser;
            // A rendered page is never a 304: what its scripts load may have changed while its document did not.
            var known = browser ? null : await owner._validators.GetAsync(url, cancellationToken).ConfigureAwait(false);
            var request = new FetchRequest(url, source.Id, _requestHeaders, source.RespectRobotsTxt).WithValidators(known);
            var result = browser
                ? await owner._renderer.RenderAsync(source, request, cancellationToken).ConfigureAwait(false)
                : await owner._fetcher.FetchAsync(request, cancellationToken).ConfigureAwait(false);
            result = SourceSessions.LoginRedirect(source, result);
            tally.Fetched(result.Exchange);
            foreach (var note in result.BrowserNotes)
            {
                tally.Note(note, url.AbsoluteUri);
            }
            long? exchangeId = null;
            if (result.Exchange is not null && result.Outcome is FetchOutcome.Ok or FetchOutcome.Gone)
            {
                // Keep the raw exchange behind every page that can yield posts or prove a deletion.
                exchangeId = await owner._posts.SaveExchangeAsync(result.Exchange, cancellationToken).ConfigureAwait(false);
            }

            if (!browser && result.Outcome == FetchOutcome.Ok && result.Exchange is not null && UrlValidators.FromExchange(result.Exchange) is { } fresh)
            {
                // Saved only after the page's posts are committed: a 304 must mean "already stored", and a crash
                // between fetch and commit must not turn the next fetch into a 304 for content never stored.
                _validatorsToSave.Add(fresh);
            }
            else if (result.Outcome == FetchOutcome.Gone && known is not null)
            {
                await owner._validators.RemoveAsync(url, cancellationToken).ConfigureAwait(false);
            }

            return (result, exchangeId);
        }

        /// <summary>
        /// Parses a fetched page; a browser page that captured the JSON it loaded is read from those answers (each stored as
        /// its own exchange, behind the posts read from it), merged into one page.
        /// </summary>
        private async Task<ParsedPage> ParseAsync(PageRole role, (FetchResult Result, long? ExchangeId) fetched, CancellationToken cancellationToken)
        {
            var result = fetched.Result;
            var exchange = result.Exchange!;
            if (result.Captured is not { } captured)
            {
                return owner._parser.Parse(source, role, exchange.FinalUrl, result.Text ?? "", exchange.FetchedAtUtc, fetched.ExchangeId);
            }

            if (captured.Count == 0)
            {
                return ParseResults.Missing(source, role, result.Text ?? "",
                    ParseResults.NotParseable($"{exchange.FinalUrl}: the rendered page loaded no answer matching Browser:Capture '{source.Browser.Capture}'"));
            }

            var pages = new List<ParsedPage>(captured.Count);
            foreach (var answer in captured)
            {
                var id = await owner._posts.SaveExchangeAsync(answer.Exchange!, cancellationToken).ConfigureAwait(false);
                pages.Add(owner._parser.Parse(source, role, answer.Exchange!.FinalUrl, answer.Text ?? "", answer.Exchange.FetchedAtUtc, id));
            }

            return ParseResults.Merge(pages);
        }

        private void ForgetValidators(params IEnumerable<Uri> urls)
        {
            var set = urls.Select(u => u.AbsoluteUri).ToHashSet(StringComparer.Ordinal);
            _validatorsToSave.RemoveAll(v => set.Contains(v.Url.AbsoluteUri));
        }

        private void ForgetValidators(params IEnumerable<string> urls) => ForgetValidators(urls.Select(u => new Uri(u)));

        /// <summary>Stores posts and the cursor in one transaction, then the validators of the pages they came from.</summary>
        private async Task<IReadOnlyList<PostWriteResult>> CommitAsync(IReadOnlyList<CollectedPost> posts, CancellationToken cancellationToken)
        {
            posts = WithFullTexts(posts);
            var results = await owner._posts.CommitPageAsync(posts, owner._time.GetUtcNow(), source.Id, cursor.Serialize(), cancellationToken).ConfigureAwait(false);
            foreach (var v in _validatorsToSave)
            {
                await owner._validators.SaveAsync(v, cancellationToken).ConfigureAwait(false);
            }

            _validatorsToSave.Clear();
            tally.Stored(results);
            return results;
        }

        /// <summary>
        /// A list abstract and the same post's full text read from its own page in one batch (a new long microblog and its
        /// <c>statuses/extend</c>): the abstract takes the full text, so the post is stored once, not as an edit of itself.
        /// </summary>
        private static IReadOnlyList<CollectedPost> WithFullTexts(IReadOnlyList<CollectedPost> posts)
        {
            var last = new Dictionary<string, int>(posts.Count, StringComparer.Ordinal);
            for (var i = 0; i < posts.Count; i++)
            {
                last[posts[i].PlatformPostId] = i;
            }

            if (last.Count == posts.Count)
            {
                return posts;
            }

            var result = posts.ToList();
            for (var i = 0; i < result.Count; i++)
            {
                var j = last[result[i].PlatformPostId];
                if (j != i && Abstracts.IsAbstractOf(result[i].Text, result[j].Text))
                {
                    result[i] = result[i] with { Text = result[j].Text };
                }
            }

            return result;
        }

        private Task SaveCursorAsync(CancellationToken cancellationToken) =>
            owner._state.SetCursorAsync(source.Id, cursor.Serialize(), cancellationToken);

        private void Fail(SourceFailure failure)
        {
            tally.Fail(failure);
            CollectionLog.PageFailed(owner._logger, source.Id, failure.Kind.ToString(), failure.Url?.AbsoluteUri, failure.Reason);
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
        /// <summary>The age stop rule: the page's last item is older than <c>MaxAge</c>.</summary>
        TooOld,
    }
}
