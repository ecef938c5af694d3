namespace SentimentWatch.Core.Alerting;

/// <summary>A flagged post as an incident holds it: what clustering, spread path and time series need.</summary>
/// <param name="PostId">Store id of the post.</param>
/// <param name="At">When the post appeared (published time, else first seen).</param>
/// <param name="Engagement">Latest reposts + comments + likes.</param>
/// <param name="Contacts">Contacts as <c>kind:value</c> (e.g. <c>qq:12345678</c>).</param>
/// <param name="JoinReason">Why the post joined the incident: <c>first</c>, <c>reply_chain</c>, <c>shared_contact qq:…</c>, <c>near_duplicate</c>, <c>topic 0.62</c>.</param>
/// <param name="DuplicateOfPostId">The earlier near-duplicate, when the post is one.</param>
public sealed record IncidentPost(
    long PostId,
    string SourceId,
    string Platform,
    string? PlatformPostId,
    string? ThreadId,
    string? ParentPlatformPostId,
    Uri Url,
    string? AuthorId,
    string? AuthorName,
    long? Followers,
    string Text,
    DateTimeOffset At,
    string Label,
    long Engagement,
    IReadOnlyList<string> Contacts,
    string JoinReason,
    long? DuplicateOfPostId);

/// <summary>An incident: one story, however many posts and platforms carry it.</summary>
/// <param name="Key">Stable cluster id: a hash of the first post (首发).</param>
/// <param name="State"><c>open</c>, <c>closed</c> or <c>merged</c> (a tombstone: see <see cref="MergedInto"/>).</param>
/// <param name="Trend"><c>rising</c>, <c>flat</c> or <c>falling</c>.</param>
public sealed record IncidentRecord(
    long Id,
    string Key,
    string Title,
    IncidentLevel Level,
    IReadOnlyList<LevelReason> Reasons,
    DateTimeOffset FirstSeenUtc,
    DateTimeOffset LastSeenUtc,
    long FirstPostId,
    Uri FirstUrl,
    int PostCount,
    IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Sites,
    string Trend,
    bool Burst,
    string State)
{
    /// <summary>For a merged incident (<c>State == "merged"</c>): the incident that absorbed its posts and alerts.</summary>
    public long? MergedInto { get; init; }

    /// <summary>The plan's stage recorded when the incident was closed (e.g. 善后), else null.</summary>
    public string? Stage { get; init; }

    /// <summary>How many times the incident was re-opened after a close; each re-opening notifies under a fresh alert key.</summary>
    public int Reopened { get; init; }
}

/// <summary>
/// How far a clusterer's view of the incidents reaches: every join of the store's join feed up to
/// <paramref name="SeenThrough"/>, and <paramref name="OwnJoins"/> joins the clusterer wrote itself after it.
/// </summary>
public sealed record IncidentView(long SeenThrough, int OwnJoins)
{
    /// <summary>The same view with one more join of the clusterer's own.</summary>
    public IncidentView WithOwnJoin() => this with { OwnJoins = OwnJoins + 1 };
}

/// <summary>A post in its incident, as of one entry of the store's join feed.</summary>
public sealed record JoinedPost(long Seq, long IncidentId, IncidentPost Post);

/// <summary>
/// The outcome of <see cref="IIncidentStore.CreateUnlessJoinedAsync"/>: the incident (new, or the one the post or the key
/// already had) and the view after it, or — when others' joins were missing from the caller's view — no incident and
/// those joins (at most a batch: <see cref="View"/> says how far they reach).
/// </summary>
public sealed record IncidentCreation(long? IncidentId, IncidentView View, IReadOnlyList<JoinedPost> Missed);

/// <summary>Durable incidents and their posts.</summary>
public interface IIncidentStore
{
    /// <summary>Creates an incident with its first post; returns the new id. If the post already belongs to one, returns that id.</summary>
    Task<long> CreateAsync(IncidentRecord incident, IncidentPost firstPost, CancellationToken cancellationToken);

    /// <summary>Adds a post; false when the post already belongs to an incident (replays are harmless).</summary>
    Task<bool> AddPostAsync(long incidentId, IncidentPost post, CancellationToken cancellationToken);

    Task<long?> FindIncidentOfPostAsync(long postId, CancellationToken cancellationToken);

    /// <summary>The newest entry of the store's join feed (<c>incident_joins</c>), 0 when none: where a clusterer's view starts.</summary>
    Task<long> LastJoinAsync(CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="CreateAsync"/>, but only while the caller's view of the incidents is whole: in one transaction under
    /// the creation lock and the join feed's lock, no post may have joined an incident after <see cref="IncidentView.SeenThrough"/>
    /// but the caller's own <see cref="IncidentView.OwnJoins"/>. Otherwise nothing is created and the joins after it are
    /// returned, for the caller to index and match the post again: two clusterers running at once (a leader that lost its
    /// lease mid-pass and the next one) then never open a second incident for a story the other one has just opened.
    /// </summary>
    Task<IncidentCreation> CreateUnlessJoinedAsync(IncidentRecord incident, IncidentPost firstPost, IncidentView view, CancellationToken cancellationToken);

    /// <summary>Updates everything but the id, key and first post.</summary>
    Task UpdateAsync(IncidentRecord incident, CancellationToken cancellationToken);

    /// <summary>
    /// A re-grade's write: as <see cref="UpdateAsync"/>, but only while the incident is still open at the level the
    /// writer read (<paramref name="levelRead"/>). False when a merge, a close or a person changed it in between — the
    /// caller grades again from the stored state instead of writing a stale, possibly lower, level over it.
    /// </summary>
    Task<bool> UpdateGradedAsync(IncidentRecord incident, IncidentLevel levelRead, CancellationToken cancellationToken);

    Task<IncidentRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Incidents last active at or after <paramref name="activeSinceUtc"/>, most recent first.</summary>
    Task<IReadOnlyList<IncidentRecord>> ListAsync(DateTimeOffset activeSinceUtc, int limit, CancellationToken cancellationToken);

    /// <summary>The incident's posts in time order.</summary>
    Task<IReadOnlyList<IncidentPost>> GetPostsAsync(long incidentId, CancellationToken cancellationToken);
}

/// <summary>How a story spread: the first post of each account that carried it, oldest first (the CLI and the console).</summary>
public static class SpreadPath
{
    public static IReadOnlyList<IncidentPost> Of(IEnumerable<IncidentPost> posts, int max) =>
        posts.GroupBy(p => p.Platform + "|" + (p.AuthorName ?? p.AuthorId)).Select(g => g.OrderBy(p => p.At).First()).OrderBy(p => p.At).Take(max).ToList();
}
