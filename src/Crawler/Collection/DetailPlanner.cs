using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// What of a list page is stored directly, which detail pages are fetched, which list counts are stored after them, and
/// whether every item was already stored (the walk has caught up).
/// </summary>
internal sealed record DetailPlan(IReadOnlyList<CollectedPost> StoreFromList, IReadOnlyList<Uri> Fetch, IReadOnlyList<CollectedPost> CountsAfterDetails, bool AllKnown);

/// <summary>
/// Decides what of a list page is stored directly and which detail pages are fetched. A detail link that is a list item's
/// own URL is that post's page: the list only shows an abstract, so the post is stored from its page, fetched when new, and
/// fetched again when the list shows more replies than last stored — new replies (跟帖) are found on the next list walk, not
/// only by the spaced-out recrawl. Any other detail link is a page of replies (e.g. a microblog's comments): fetched when
/// its post is new or shows more comments than last stored.
/// </summary>
internal sealed class DetailPlanner(IPostStore posts, ThreadReader threads)
{
    public async Task<DetailPlan> PlanAsync(SourceRun run, ParsedPage parsed, CancellationToken cancellationToken)
    {
        var sourceId = run.Source.Id;
        var byUrl = parsed.Posts.GroupBy(p => p.Url.AbsoluteUri).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // One query for the whole page, not two per item (a round trip each on a database server).
        var found = await posts.FindKnownPostsAsync(sourceId, parsed.Posts.Select(p => (p.PlatformPostId, p.Url)).ToList(), cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, StoredPost?>(StringComparer.Ordinal);
        for (var i = 0; i < parsed.Posts.Count; i++)
        {
            known[parsed.Posts[i].PlatformPostId] = found[i];
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
                else if (storedOwn.DeletedAtUtc is null && await threads.HasNewRepliesAsync(storedOwn, own, cancellationToken).ConfigureAwait(false))
                {
                    fetch.Add(link);
                    counts.Add(own with { Text = storedOwn.Text, Title = storedOwn.Title ?? own.Title });
                }

                continue;
            }

            var parent = parsed.Posts.FirstOrDefault(p => link.Query.Contains(p.PlatformPostId, StringComparison.Ordinal));
            if (parent is null || known[parent.PlatformPostId] is not { } stored || await threads.HasNewRepliesAsync(stored, parent, cancellationToken).ConfigureAwait(false))
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
}
