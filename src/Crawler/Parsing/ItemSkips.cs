using System.Globalization;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Counts the items of one page that could not be read as posts, by reason, and decides whether the page as a whole
/// still stands: it fails only when no item was read or the skipped share exceeds the source's
/// <see cref="SourceOptions.MaxSkippedShare"/>.
/// </summary>
internal sealed class ItemSkips
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string? _first;

    public int Total { get; private set; }

    /// <param name="reason">Short reason code shown in the run summary ("no id").</param>
    /// <param name="detail">The full problem of the first skipped item, quoted when the page fails.</param>
    public void Add(string reason, string detail)
    {
        _counts[reason] = _counts.GetValueOrDefault(reason) + 1;
        _first ??= detail;
        Total++;
    }

    /// <summary>The page's result: <paramref name="page"/> carrying the counts, or NotParseable when too few items were read.</summary>
    /// <param name="itemPrefix">The roles the page's items are read with ("" list items, "detail.reply." replies, …): a field counts only where configured for them.</param>
    public ParsedPage Apply(SourceOptions source, int read, ParsedPage page, string itemPrefix)
    {
        page = page with { RoleHits = RoleHits(source, itemPrefix, page.Posts, page.Posts.Count + Total) };
        if (Total == 0)
        {
            return page;
        }

        var all = read + Total;
        if (read == 0 || (double)Total / all > source.MaxSkippedShare)
        {
            return ParseResults.NotParseable(string.Create(CultureInfo.InvariantCulture,
                $"{Total} of {all} items could not be read ({Describe()}; share allowed {source.MaxSkippedShare:0.##}); first: {_first}"));
        }

        return page with { Skipped = new Dictionary<string, int>(_counts, StringComparer.Ordinal) };
    }

    /// <summary>Post fields whose roles a page is read with; a field counts as matched when the post has a value for it.</summary>
    private static readonly (string Field, Func<CollectedPost, bool> Has)[] Fields =
    [
        ("title", p => !string.IsNullOrEmpty(p.Title)),
        ("body", p => !string.IsNullOrWhiteSpace(p.Text)),
        ("time", p => p.PublishedAtUtc is not null),
        ("authorName", p => !string.IsNullOrEmpty(p.Author.DisplayName)),
        ("authorId", p => !string.IsNullOrEmpty(p.Author.Id)),
    ];

    /// <summary>
    /// For each configured post field: on how many of the page's <paramref name="items"/> it yielded a value (a time
    /// that does not parse is a miss). A field that stops matching on most items is how a layout change shows.
    /// </summary>
    private static Dictionary<string, RoleMatch> RoleHits(SourceOptions source, string itemPrefix, IReadOnlyList<CollectedPost> posts, int items)
    {
        var hits = new Dictionary<string, RoleMatch>(StringComparer.Ordinal);
        foreach (var (field, has) in Fields)
        {
            var role = itemPrefix + field;
            if (source.Selectors.ContainsKey(role))
            {
                hits[role] = new RoleMatch(posts.Count(has), items);
            }
        }

        return hits;
    }

    private string Describe() => string.Join(", ", _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
}
