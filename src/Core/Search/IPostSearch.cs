using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Core.Search;

/// <summary>
/// What a search asks for. Every filter is optional; <see cref="Text"/> is matched against the post's segmented
/// title and text (the project's jieba-compatible tokens), <see cref="Contact"/> against the contacts the classifier
/// extracted (a QQ number, WeChat id, phone … in canonical form).
/// </summary>
public sealed record PostSearchQuery(
    string? Text = null,
    DateTimeOffset? FromUtc = null,
    DateTimeOffset? ToUtc = null,
    string? Platform = null,
    string? SourceId = null,
    string? Label = null,
    IncidentLevel? MinLevel = null,
    string? Author = null,
    string? Contact = null,
    int Limit = 50,
    int Offset = 0);

/// <summary>One post found, with the incident it belongs to (if any).</summary>
public sealed record PostSearchHit(
    long PostId,
    string SourceId,
    string Platform,
    Uri Url,
    string? Title,
    string Snippet,
    string? Author,
    DateTimeOffset? PublishedAtUtc,
    string? Label,
    double? Probability,
    long? IncidentId,
    IncidentLevel Level,
    IReadOnlyList<string> Contacts,
    double Score)
{
    /// <summary>
    /// When the platform deleted the post (null while it is up). Deleted posts stay searchable: the crawl-time copy is
    /// evidence, and the police's actor view must list what a seller posted and then removed.
    /// </summary>
    public DateTimeOffset? DeletedAtUtc { get; init; }

    /// <summary>The current version of the post (1 = never edited); earlier versions' words are searchable too.</summary>
    public int Version { get; init; } = 1;
}

/// <summary>
/// Marks around the matched words in <see cref="PostSearchHit.Snippet"/>. Snippets are plain text: a display escapes
/// the snippet first, then replaces the markers (e.g. with <c>&lt;mark&gt;</c>). The marker characters never occur in
/// a snippet otherwise (they are replaced in the post's text).
/// </summary>
public static class SearchHighlight
{
    /// <summary>Opens a highlighted match (U+27E6 ⟦).</summary>
    public const char Start = '\u27E6';

    /// <summary>Closes a highlighted match (U+27E7 ⟧).</summary>
    public const char End = '\u27E7';
}

/// <summary>An incident that posts of a search belong to (merged incidents are reported as the incident that absorbed them).</summary>
public sealed record PostSearchIncident(long IncidentId, string Title, IncidentLevel Level, string State, long MatchingPosts, DateTimeOffset LastSeenUtc);

/// <summary>A page of hits and how many matched in all.</summary>
public sealed record PostSearchResult(IReadOnlyList<PostSearchHit> Hits, long Total)
{
    /// <summary>
    /// For a search with <see cref="PostSearchQuery.Contact"/>: every incident any matching post (not only this page)
    /// belongs to, most severe first — the actor view. Empty for other searches.
    /// </summary>
    public IReadOnlyList<PostSearchIncident> Incidents { get; init; } = [];

    /// <summary>
    /// True when more posts matched than the provider counts (<see cref="Total"/> is then that cap: show "10,000+").
    /// </summary>
    public bool TotalIsAtLeast { get; init; }
}

/// <summary>
/// Full-text and filtered search over every stored post. The embedded default is SQLite FTS5 fed with the
/// segmenter's tokens; a scale-out provider (Elasticsearch) implements the same interface.
/// </summary>
public interface IPostSearch
{
    Task<PostSearchResult> SearchAsync(PostSearchQuery query, CancellationToken cancellationToken);

    /// <summary>How many stored posts are not yet searchable (0 when the index is in step with the store).</summary>
    Task<long> LagAsync(CancellationToken cancellationToken);
}

/// <summary>What one indexing pass did.</summary>
/// <param name="PostsIndexed">Post documents written (a post edited twice in one pass counts once).</param>
/// <param name="ClassificationsApplied">Classifications whose label and contacts were applied.</param>
/// <param name="Elapsed">Wall time of the pass.</param>
public sealed record SearchIndexReport(long PostsIndexed, long ClassificationsApplied, TimeSpan Elapsed);

/// <summary>
/// Keeps a search index in step with the store from its durable change feeds (posts inserted or edited,
/// classifications saved) with a checkpoint kept in the store. Safe to run from several processes at once.
/// </summary>
public interface IPostSearchIndex
{
    /// <summary>Indexes everything stored since the checkpoint, batch by batch, until the index is in step.</summary>
    Task<SearchIndexReport> CatchUpAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds the index from the store: clears it, resets the checkpoints and catches up. Safe to re-run and to
    /// interrupt (the next run or the background indexer carries on from the checkpoint).
    /// </summary>
    Task<SearchIndexReport> ReindexAsync(CancellationToken cancellationToken);
}
