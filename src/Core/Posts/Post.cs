namespace SentimentWatch.Core.Posts;

/// <summary>Who wrote a post, as far as the page shows it.</summary>
public sealed record AuthorInfo(string? Id, string? DisplayName, long? Followers)
{
    public static AuthorInfo Unknown { get; } = new(null, null, null);
}

/// <summary>Engagement counts as shown at one moment; null where the page does not show the count.</summary>
public sealed record Engagement(long? Reposts, long? Comments, long? Likes, long? Views)
{
    public static Engagement None { get; } = new(null, null, null, null);
}

/// <summary>
/// A post (or reply: a post with a parent) as a parser extracted it from one fetched page.
/// This is what crosses from the crawler into the store.
/// </summary>
/// <param name="SourceId">The configured source that collected it.</param>
/// <param name="Platform">Platform family, e.g. <c>tieba</c>, <c>discuz</c>, <c>weibo</c>, <c>news</c>, <c>rss</c>.</param>
/// <param name="PlatformPostId">The platform's own id for the post (or, failing that, the canonical URL).</param>
/// <param name="Url">Canonical URL of the post.</param>
/// <param name="ThreadId">Platform id of the thread the post belongs to (the post's own id for a thread starter).</param>
/// <param name="ParentPlatformPostId">Platform id of the post this one replies to; null for a thread starter.</param>
/// <param name="PublishedAtUtc">Published time resolved to UTC; null when the page gives none or it cannot be read.</param>
/// <param name="PublishedRaw">The published time exactly as the page wrote it.</param>
/// <param name="ExchangeId">Stored HTTP exchange the post was parsed from (see <see cref="Collection.HttpExchange"/>).</param>
public sealed record CollectedPost(
    string SourceId,
    string Platform,
    string PlatformPostId,
    Uri Url,
    string? ThreadId,
    string? ParentPlatformPostId,
    AuthorInfo Author,
    string? Title,
    string Text,
    DateTimeOffset? PublishedAtUtc,
    string? PublishedRaw,
    Engagement Engagement,
    long? ExchangeId)
{
    /// <summary>Images shown in the post (absolute http(s) URLs, in page order); read off the collection path.</summary>
    public IReadOnlyList<Uri> Images { get; init; } = [];

    /// <summary>
    /// A post the author quotes (Discuz's 引用 box, a 楼中楼 reply's "回复 X:"), kept out of <see cref="Text"/> so the
    /// author is never judged by words they only quoted; null when the post quotes nothing.
    /// </summary>
    public string? Quote { get; init; }
}

/// <summary>A post as stored: the latest version plus store-assigned identity and times.</summary>
public sealed record StoredPost(
    long Id,
    string SourceId,
    string Platform,
    string PlatformPostId,
    Uri Url,
    string? ThreadId,
    string? ParentPlatformPostId,
    AuthorInfo Author,
    string? Title,
    string Text,
    DateTimeOffset? PublishedAtUtc,
    string? PublishedRaw,
    DateTimeOffset FirstSeenAtUtc,
    DateTimeOffset LastSeenAtUtc,
    string ContentHash,
    int Version,
    long? ExchangeId,
    DateTimeOffset? DeletedAtUtc,
    string? DeletedReason)
{
    /// <summary>The post it quotes, apart from <see cref="Text"/> (<see cref="CollectedPost.Quote"/>); null when none.</summary>
    public string? Quote { get; init; }

    /// <summary>
    /// Text read from the post's images (OCR, QR payloads), marked by section; null until the image reader has read them.
    /// Set by the stage that reads the post for classification.
    /// </summary>
    public string? ImageText { get; init; }

    /// <summary>What the classifier reads: the title (when there is one) above the text, and any image text below.</summary>
    public string ClassifiedText
    {
        get
        {
            var own = string.IsNullOrEmpty(Title) ? Text : Title + "\n" + Text;
            return string.IsNullOrEmpty(ImageText) ? own : own + "\n" + ImageText;
        }
    }

    /// <summary>
    /// The time the post is placed at against the exam sittings: when it was published, else when it was first seen.
    /// Classification, incidents and feedback all use this one time.
    /// </summary>
    public DateTimeOffset ClassifiedAtUtc => PublishedAtUtc ?? FirstSeenAtUtc;
}

/// <summary>One engagement reading of a post at a time; every recrawl appends one.</summary>
public sealed record EngagementSnapshot(long PostId, DateTimeOffset AtUtc, Engagement Counts);

/// <summary>What storing a collected post did.</summary>
public enum PostWriteOutcome
{
    /// <summary>Never seen before: inserted.</summary>
    New,
    /// <summary>Known, and its title or text changed: a new version was recorded.</summary>
    Edited,
    /// <summary>Known and unchanged (an engagement snapshot may still have been appended).</summary>
    Unchanged,
}

public sealed record PostWriteResult(long PostId, PostWriteOutcome Outcome, int Version);

/// <summary>A post as of one insert or edit, with the store's monotonically increasing change sequence.</summary>
public sealed record PostChange(long Sequence, StoredPost Post);
