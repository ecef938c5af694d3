using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Core.Search;

/// <summary>
/// How far an external index has followed the store's three durable change feeds: posts inserted or edited
/// (<c>post_changes</c>), classifications saved, incidents changed (a post joined one, its level or merge changed).
/// </summary>
public sealed record SearchFeedPositions(long Posts, long Classifications, long Incidents);

/// <summary>A contact the classifier found in some version of a post: canonical value, the spelling as written, its kind.</summary>
public sealed record SearchContact(string Value, string Raw, string Kind);

/// <summary>
/// Everything an external index needs to hold about one post, read from the store as it is now. <see cref="Revision"/>
/// grows whenever any of the three feeds touches the post (it is the sum of the latest feed positions that concern
/// it, each of which only grows), so an index can refuse an older copy with external versioning.
/// </summary>
public sealed record SearchDocument(
    long PostId,
    long Revision,
    string SourceId,
    string Platform,
    DateTimeOffset AtUtc,
    DateTimeOffset FirstSeenUtc,
    string? AuthorId,
    string? AuthorName,
    string? Title,
    string Text,
    string? EarlierVersions,
    int Version,
    string? Label,
    double? Confidence,
    IReadOnlyList<SearchContact> Contacts,
    long? IncidentId,
    IncidentLevel Level,
    DateTimeOffset? DeletedAtUtc);

/// <summary>One read of the feeds: the documents of every post they touched between <see cref="From"/> and <see cref="To"/>.</summary>
public sealed record SearchFeedBatch(SearchFeedPositions From, SearchFeedPositions To, IReadOnlyList<SearchDocument> Documents)
{
    /// <summary>True when none of the feeds had anything past <see cref="From"/>.</summary>
    public bool IsEmpty => From == To;
}

/// <summary>A page hit as an external index found it, for the store to complete (text, snippet, incident as now).</summary>
public sealed record SearchHitRef(long PostId, double Score, string? Label, double? Confidence, IReadOnlyList<string> Contacts, IReadOnlyList<string> RawContacts);

/// <summary>
/// The store's side of an external search index (Elasticsearch): the durable change feeds with a checkpoint per
/// consumer kept in the store, and the facts a hit shows that live in the store (text for the snippet, deletion,
/// incident and level as they are at query time). Implemented by the store; the index provider depends on this only.
/// </summary>
public interface ISearchFeed
{
    /// <summary>Reads up to <paramref name="maxChanges"/> rows of each feed past the consumer's checkpoint and the current documents of the posts they touched.</summary>
    Task<SearchFeedBatch> ReadAsync(string consumer, int maxChanges, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the consumer's checkpoint from <c>batch.From</c> to <c>batch.To</c> — only after every document of the
    /// batch is safely in the index. False when another indexer moved it meanwhile (nothing is written then).
    /// </summary>
    Task<bool> CommitAsync(string consumer, SearchFeedBatch batch, CancellationToken cancellationToken);

    /// <summary>Sets the consumer's checkpoint back to the start (a rebuild).</summary>
    Task ResetAsync(string consumer, CancellationToken cancellationToken);

    /// <summary>How many stored posts have changes the consumer has not followed yet.</summary>
    Task<long> LagAsync(string consumer, CancellationToken cancellationToken);

    /// <summary>Completes hits in the given order: text and snippet (marking <paramref name="words"/> and the raw contacts), deletion, incident and level now.</summary>
    Task<IReadOnlyList<PostSearchHit>> HydrateAsync(IReadOnlyList<SearchHitRef> hits, IReadOnlyList<string> words, int snippetChars, CancellationToken cancellationToken);

    /// <summary>The incidents with the given ids (as counted by the index), most severe first.</summary>
    Task<IReadOnlyList<PostSearchIncident>> IncidentsAsync(IReadOnlyList<(long IncidentId, long MatchingPosts)> incidents, CancellationToken cancellationToken);
}
