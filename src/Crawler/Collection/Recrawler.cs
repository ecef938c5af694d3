using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Re-fetches recently seen thread starters (least recently re-fetched first, <see cref="CollectionOptions.RecrawlMaxPerRun"/>
/// a run): appends engagement snapshots, records edits, reads new replies, and records deletions with the time.
/// </summary>
internal sealed class Recrawler(PageIo pages, ThreadReader threads, DeletionRecorder deletions, IRecrawlStore recrawl, IPostStore posts,
    IOptions<CollectionOptions> options, TimeProvider time)
{
    /// <summary>Re-fetches recently seen thread starters: engagement snapshots, edits, deletions, new replies.</summary>
    public async Task RefreshRecentAsync(SourceRun run, CancellationToken cancellationToken)
    {
        var source = run.Source;
        var api = StartUrls.HasRecrawlUrl(source);
        if (!api && !StartUrls.HasDetailPages(source))
        {
            return;
        }

        var now = time.GetUtcNow();
        var every = options.Value.RecrawlEvery;
        var refetchedBefore = every > TimeSpan.Zero ? now - every : DateTimeOffset.MaxValue;
        var due = await recrawl.GetRecrawlDueAsync(source.Id, now - source.RecrawlWindow, refetchedBefore, options.Value.RecrawlMaxPerRun, cancellationToken).ConfigureAwait(false);
        foreach (var id in due)
        {
            // Read now, not with the list: an earlier post's thread in this loop may have refreshed or deleted it.
            if (await posts.GetPostAsync(id, cancellationToken).ConfigureAwait(false) is not { DeletedAtUtc: null } post)
            {
                continue;
            }

            // Marked before the fetch: a post whose re-fetch fails waits RecrawlEvery like the others (the failure
            // is on the run report) instead of being retried on every run ahead of the rest.
            await recrawl.MarkRecrawledAsync(post.Id, now, cancellationToken).ConfigureAwait(false);
            if (api)
            {
                await RecrawlFromApiAsync(run, post, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var thread = await threads.ReadThreadAsync(run, post.Url, cancellationToken).ConfigureAwait(false);
            if (thread.End is ThreadEnd.Gone or ThreadEnd.Deleted)
            {
                await deletions.MarkDeletedAsync(run, post, thread.Reason!, cancellationToken).ConfigureAwait(false);
            }

            if (thread.Posts.Count > 0)
            {
                // Whatever was read is stored even if a later page failed; the failure is already on the run report.
                await pages.CommitAsync(run, thread.Posts, cancellationToken).ConfigureAwait(false);
            }

            run.DeletedReplies.AddRange(thread.DeletedIds);
            await deletions.MarkDeletedRepliesAsync(run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-fetches one post of a JSON source from its own API answer (<c>recrawlUrl</c>): appends an engagement snapshot,
    /// records an edit, and records the deletion with the time when the answer is 404/410 or the platform's "deleted"
    /// answer (<c>recrawl.deletedWhen</c> or a deleted marker). Any other bad answer — 5xx, captcha, block, login wall,
    /// an answer without the post — is a source failure: a post is never recorded deleted on a page that proves nothing.
    /// </summary>
    private async Task RecrawlFromApiAsync(SourceRun run, StoredPost post, CancellationToken cancellationToken)
    {
        var source = run.Source;
        if (StartUrls.RecrawlUrl(source, post) is not { } url)
        {
            run.Fail(new SourceFailure(post.Url, SourceFailureKind.Other,
                $"recrawlUrl '{source.Selectors[SelectorRoles.RecrawlUrl]}' makes no http(s) URL for post id '{post.PlatformPostId}'"));
            return;
        }

        var fetched = await pages.FetchAsync(run, url, cancellationToken).ConfigureAwait(false);
        switch (fetched.Result.Outcome)
        {
            case FetchOutcome.Gone:
                await deletions.MarkDeletedAsync(run, post, $"HTTP {fetched.Result.Exchange?.StatusCode ?? 404} at {url.AbsoluteUri}", cancellationToken).ConfigureAwait(false);
                return;
            case FetchOutcome.NotModified:
                run.Tally.PageSucceeded(0);
                return;
            case FetchOutcome.Failed:
                run.Fail(fetched.Result.Failure ?? new SourceFailure(url, SourceFailureKind.HttpStatus, "recrawl answer failed"));
                return;
        }

        var parsed = await pages.ParseAsync(run, PageRole.Recrawl, fetched, cancellationToken).ConfigureAwait(false);
        if (parsed.Verdict == PageVerdict.Deleted)
        {
            await deletions.MarkDeletedAsync(run, post, $"{parsed.VerdictReason ?? "the platform's deleted answer"} at {url.AbsoluteUri}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var own = parsed.Posts.FirstOrDefault(p => p.PlatformPostId == post.PlatformPostId);
        if (parsed.Verdict != PageVerdict.Content || own is null)
        {
            run.ForgetValidators(url);
            run.Fail(new SourceFailure(url, parsed.Verdict == PageVerdict.Content ? SourceFailureKind.ZeroItems : PageIo.KindOf(parsed.Verdict),
                parsed.VerdictReason ?? $"the recrawl answer holds no post '{post.PlatformPostId}' ('recrawl.items' / 'recrawl.id' found nothing)"));
            return;
        }

        run.Tally.PageSucceeded(parsed.Posts.Count);
        var collected = new List<CollectedPost>(parsed.Posts);
        // Compared with the last snapshot before this one is stored: more comments than stored means new replies to read.
        if (parsed.DetailLinks.Count > 0 && await threads.HasNewRepliesAsync(post, own, cancellationToken).ConfigureAwait(false))
        {
            foreach (var link in parsed.DetailLinks)
            {
                if (!run.TakeDetailPage())
                {
                    run.Tally.Fail(new SourceFailure(link, SourceFailureKind.Other,
                        $"detail-page budget ({run.MaxDetailPages}) spent; new replies of this post are read next run"));
                    break;
                }

                if (!await threads.CollectDetailAsync(run, link, collected, cancellationToken).ConfigureAwait(false))
                {
                    // Storing the new comment count now would hide the unread replies from the next run's comparison:
                    // keep the post's last snapshot until its replies are read.
                    collected.RemoveAll(p => p.PlatformPostId == post.PlatformPostId && p.ParentPlatformPostId is null);
                    break;
                }
            }
        }

        await pages.CommitAsync(run, collected, cancellationToken).ConfigureAwait(false);
        await deletions.MarkDeletedRepliesAsync(run, cancellationToken).ConfigureAwait(false);
    }
}
