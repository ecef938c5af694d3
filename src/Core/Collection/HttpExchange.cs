namespace SentimentWatch.Core.Collection;

/// <summary>
/// One raw HTTP exchange exactly as fetched: kept so evidence can be frozen from the crawl-time copy
/// even if the post is deleted minutes later.
/// </summary>
/// <param name="RequestUrl">The URL asked for.</param>
/// <param name="FinalUrl">The URL answered, after redirects.</param>
/// <param name="Redirects">Each redirect hop's URL, in order (empty when none).</param>
/// <param name="Body">Response body bytes as received (after transfer decoding, before charset decoding).</param>
/// <param name="RemoteIp">Server IP address when known.</param>
public sealed record HttpExchange(
    Uri RequestUrl,
    Uri FinalUrl,
    IReadOnlyList<Uri> Redirects,
    string Method,
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders,
    byte[] Body,
    DateTimeOffset FetchedAtUtc,
    TimeSpan Elapsed,
    string? RemoteIp)
{
    public string? Header(string name) =>
        ResponseHeaders.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>Outcome of one source run, written to the store for per-source health.</summary>
public sealed record SourceRunReport(
    string SourceId,
    DateTimeOffset StartedAtUtc,
    DateTimeOffset FinishedAtUtc,
    SourceRunStatus Status,
    int PagesFetched,
    int ItemsParsed,
    int NewPosts,
    int UpdatedPosts,
    int DeletedPosts,
    IReadOnlyDictionary<int, int> HttpStatusCounts,
    IReadOnlyList<SourceFailure> Failures)
{
    /// <summary>
    /// What the run passed over without failing, one line each: items skipped with their reason
    /// (<c>skipped: 1 (no id)</c>), why paging stopped, links that answered 404 before they were ever read.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Per post field (title, body, time, authorName, …): on how many items of the run its role yielded a value.</summary>
    public IReadOnlyDictionary<string, RoleMatch> RoleMatches { get; init; } = new Dictionary<string, RoleMatch>();
}

/// <summary>
/// A logged-in source paused because its session expired: since when, where the login wall was met, and a fingerprint of
/// the cookie it had then (SHA-256, first 16 hex digits; never the cookie), so a renewed cookie is recognised.
/// </summary>
public sealed record SourcePause(DateTimeOffset SinceUtc, string Reason, string CredentialFingerprint);

/// <summary>How often a selector role yielded a value: on <paramref name="Matched"/> of <paramref name="Items"/> items.</summary>
public sealed record RoleMatch(int Matched, int Items)
{
    public static RoleMatch operator +(RoleMatch a, RoleMatch b) => new(a.Matched + b.Matched, a.Items + b.Items);

    public RoleMatch Add(RoleMatch other) => this + other;

    public override string ToString() => $"{Matched}/{Items}";
}

public enum SourceRunStatus
{
    Ok,
    /// <summary>Some pages failed but others were collected; the cursor did not move past the failure.</summary>
    Partial,
    Failed,
}

/// <summary>Why a page of a source failed: never "nothing new".</summary>
public sealed record SourceFailure(Uri? Url, SourceFailureKind Kind, string Reason);

public enum SourceFailureKind
{
    Network,
    Timeout,
    HttpStatus,
    TooLarge,
    TooManyRedirects,
    RobotsDisallowed,
    NotParseable,
    Captcha,
    LoginWall,
    BlockPage,
    ZeroItems,
    Other,
}

/// <summary>
/// A collector-health event: a source failed or went dark, or — with <see cref="SourceId"/> <c>node:NAME</c>
/// (<see cref="NodeSource"/>) — a cluster node is misconfigured (a duplicate name, clock skew). Routed to the duty desk by alerting.
/// </summary>
public sealed record CollectorHealthEvent(
    long Id,
    string SourceId,
    DateTimeOffset AtUtc,
    string Kind,
    string Message,
    int ConsecutiveFailures)
{
    /// <summary>The prefix of the source id of a cluster node's events.</summary>
    public const string NodePrefix = "node:";

    /// <summary>The source id under which node <paramref name="name"/>'s events are recorded.</summary>
    public static string NodeSource(string name) => NodePrefix + name;

    /// <summary>The node's name when this is a cluster node's event, else null.</summary>
    public string? Node => SourceId.StartsWith(NodePrefix, StringComparison.Ordinal) ? SourceId[NodePrefix.Length..] : null;
}
