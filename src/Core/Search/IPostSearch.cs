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
    double Score);

/// <summary>A page of hits and how many matched in all.</summary>
public sealed record PostSearchResult(IReadOnlyList<PostSearchHit> Hits, long Total);

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
