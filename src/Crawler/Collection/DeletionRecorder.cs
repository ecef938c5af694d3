using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Records deletions with the time: a post whose page or API answer proves it gone, and replies a page shows as removed
/// (e.g. a floor blocked by a moderator) once they are stored.
/// </summary>
internal sealed class DeletionRecorder(IPostStore posts, TimeProvider time)
{
    public async Task MarkDeletedAsync(SourceRun run, StoredPost post, string reason, CancellationToken cancellationToken)
    {
        await posts.MarkDeletedAsync(post.Id, time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false);
        run.Tally.Deleted();
        run.LogDeleted(post.Id, post.Url, reason);
    }

    /// <summary>Marks the replies the run's pages showed as removed, now that they are stored.</summary>
    public async Task MarkDeletedRepliesAsync(SourceRun run, CancellationToken cancellationToken)
    {
        foreach (var id in run.DeletedReplies)
        {
            if (await posts.FindPostAsync(run.Source.Id, id, cancellationToken).ConfigureAwait(false) is { DeletedAtUtc: null } post)
            {
                await MarkDeletedAsync(run, post, "the platform shows the reply as removed", cancellationToken).ConfigureAwait(false);
            }
        }

        run.DeletedReplies.Clear();
    }
}
