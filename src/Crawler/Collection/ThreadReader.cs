using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Collection;

/// <summary>How reading a thread ended.</summary>
internal enum ThreadEnd
{
    Complete,
    Unchanged,
    Gone,
    Deleted,
    Failed,
}

/// <summary>What a thread read yielded: its posts, the replies shown as removed, how it ended and why.</summary>
internal sealed record ThreadRead(List<CollectedPost> Posts, List<string> DeletedIds, ThreadEnd End, string? Reason);

/// <summary>
/// Reads a post's own pages — the post, its thread's later pages and the reply pages they link to (e.g. a comments API) —
/// up to <see cref="CollectionOptions.MaxPagesPerThread"/> pages, so replies on later pages are not missed.
/// </summary>
internal sealed class ThreadReader(PageIo pages, IPostStore store, Microsoft.Extensions.Options.IOptions<CollectionOptions> options)
{
    /// <summary>Fetches a post's pages (the post and every page of its replies) and adds them. False when a page failed.</summary>
    public async Task<bool> CollectDetailAsync(SourceRun run, Uri link, List<CollectedPost> collected, CancellationToken cancellationToken)
    {
        var thread = await ReadThreadAsync(run, link, cancellationToken).ConfigureAwait(false);
        if (thread.End == ThreadEnd.Gone && await store.FindPostByUrlAsync(run.Source.Id, link, cancellationToken).ConfigureAwait(false) is null)
        {
            // Never read before, so nothing to mark deleted — but a list linking to missing pages is worth seeing.
            run.Tally.Note("gone before it was ever read (" + thread.Reason + ")", link.AbsoluteUri);
        }

        collected.AddRange(thread.Posts);
        run.DeletedReplies.AddRange(thread.DeletedIds);
        // Gone or deleted between the list and its page: nothing more to store, and not a source failure.
        return thread.End != ThreadEnd.Failed;
    }

    /// <summary>Whether a post shows more comments than its last stored snapshot (or has none stored): new replies to read.</summary>
    public async Task<bool> HasNewRepliesAsync(StoredPost stored, CollectedPost seen, CancellationToken cancellationToken)
    {
        if (seen.Engagement.Comments is not { } now)
        {
            return false;
        }

        var snapshots = await store.GetEngagementAsync(stored.Id, cancellationToken).ConfigureAwait(false);
        var before = snapshots.LastOrDefault(s => s.Counts.Comments is not null)?.Counts.Comments;
        return before is null || now > before;
    }

    /// <summary>
    /// Reads a thread from its first page, following its own pagination up to
    /// <see cref="CollectionOptions.MaxPagesPerThread"/> pages, so replies on later pages are not missed.
    /// </summary>
    public async Task<ThreadRead> ReadThreadAsync(SourceRun run, Uri first, CancellationToken cancellationToken)
    {
        var maxPages = options.Value.MaxPagesPerThread;
        var posts = new List<CollectedPost>();
        var deleted = new List<string>();
        // The thread's own next pages and the reply pages its pages link to (e.g. a comments API), breadth first.
        var pending = new Queue<Uri>([first]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { first.AbsoluteUri };
        ThreadRead Failed()
        {
            // A thread read that failed half-way is read again in full next time: no page of it may answer 304.
            run.ForgetValidators([.. seen]);
            return new ThreadRead(posts, deleted, ThreadEnd.Failed, null);
        }

        for (var page = 1; pending.Count > 0; page++)
        {
            var url = pending.Dequeue();
            var fetched = await pages.FetchAsync(run, url, cancellationToken).ConfigureAwait(false);
            if (page == 1 && fetched.Result.Outcome == FetchOutcome.NotModified
                && await store.FindPostByUrlAsync(run.Source.Id, url, cancellationToken).ConfigureAwait(false) is null)
            {
                // A 304 means "this source already stored this page", yet it holds no post from it: the validator is
                // stale (a restored database, posts pruned, a crash before the commit). Trusting it would hide the
                // thread for good, so the page is asked again without validators.
                run.Tally.Note("answered 304 although this source stored nothing from it (stale validator); fetched again in full", url.AbsoluteUri);
                fetched = await pages.FetchAsync(run, url, cancellationToken, conditional: false).ConfigureAwait(false);
            }
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
                run.Fail(fetched.Result.Failure ?? new SourceFailure(url, SourceFailureKind.HttpStatus, "detail page failed"));
                return Failed();
            }

            var parsed = await pages.ParseAsync(run, PageRole.Detail, fetched, cancellationToken).ConfigureAwait(false);
            if (parsed.Verdict == PageVerdict.Deleted && page == 1)
            {
                return new ThreadRead(posts, deleted, ThreadEnd.Deleted, parsed.VerdictReason ?? "the platform's deleted-post page");
            }

            if (parsed.Verdict != PageVerdict.Content || (page == 1 && parsed.Posts.Count == 0))
            {
                run.Fail(new SourceFailure(url, parsed.Verdict == PageVerdict.Content ? SourceFailureKind.ZeroItems : PageIo.KindOf(parsed.Verdict),
                    parsed.VerdictReason ?? "detail page held no post"));
                return Failed();
            }

            run.Tally.PageSucceeded(parsed.Posts.Count);
            run.TallyPassedOver(parsed, url);
            foreach (var problem in parsed.Problems)
            {
                // The posts read still count; what the page could not lead to (its comments) makes the run Partial.
                run.Fail(new SourceFailure(url, SourceFailureKind.NotParseable, problem));
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
                    run.Fail(new SourceFailure(next, SourceFailureKind.Other,
                        $"reply-page cursor repeats after {page} page(s) (a loop); paging stopped although the source said there was more"));
                    return Failed();
                }
            }

            if (pending.Count > 0 && page >= maxPages)
            {
                run.Fail(new SourceFailure(pending.Peek(), SourceFailureKind.Other,
                    $"thread has more than {maxPages} pages (Crawler:Collection:MaxPagesPerThread); later replies were not read"));
                return Failed();
            }
        }

        return new ThreadRead(posts, deleted, ThreadEnd.Complete, null);
    }
}
