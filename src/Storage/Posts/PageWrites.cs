using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// A page whose items have each been identified (new post, edit, or seen again unchanged) and not yet written: what
/// <see cref="RelationalPostStore"/> hands to the engine's writer, inside the page's transaction.
/// </summary>
internal sealed class PageWrites(IReadOnlyList<CollectedPost> posts, string[] hashes, DateTimeOffset seenAtUtc, object seen, (string SourceId, string? Cursor)? cursor)
{
    public IReadOnlyList<CollectedPost> Posts { get; } = posts;

    /// <summary>Each item's content hash, by item index.</summary>
    public string[] Hashes { get; } = hashes;

    public DateTimeOffset SeenAtUtc { get; } = seenAtUtc;

    /// <summary><see cref="SeenAtUtc"/> as the dialect binds a time.</summary>
    public object Seen { get; } = seen;

    /// <summary>The source's cursor, stored in the same transaction (a page commit), or null (a single upsert).</summary>
    public (string SourceId, string? Cursor)? Cursor { get; } = cursor;

    /// <summary>One write per item, in page order.</summary>
    public List<PageWrite> Writes { get; } = [];

    /// <summary>The writes that append to the change feed (new posts and edits), in page order.</summary>
    public List<PageWrite> Changes() => Writes.FindAll(w => w.Outcome != PostWriteOutcome.Unchanged);
}

/// <summary>What storing item <see cref="Item"/> of the page does to post <see cref="Post"/>, which then stands at <see cref="Version"/>.</summary>
internal sealed record PageWrite(int Item, PostWriteOutcome Outcome, PostSlot Post, int Version);

/// <summary>
/// A post the page writes: its id, known for a stored post and set when its insert returns for a post new on the page,
/// and its key (source, platform id: unique, never changed), by which the ids a set-based insert returns are matched.
/// Several items of one page may be the same post; they share the slot.
/// </summary>
internal sealed class PostSlot(string sourceId, string platformPostId)
{
    public string SourceId { get; } = sourceId;

    /// <summary>The stored post's platform id (an item identified by URL or words may carry another).</summary>
    public string PlatformPostId { get; } = platformPostId;

    /// <summary>The post's id, 0 until a new post is inserted.</summary>
    public long Id { get; set; }
}
