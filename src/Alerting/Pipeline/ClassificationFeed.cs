using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// Follows the classification stream (checkpoint <c>alerting</c>): each classification whose label forms incidents is
/// placed into its incident, the incidents that changed are graded and alerted, and only then does the checkpoint
/// move, so a crash replays the batch (every write downstream is keyed).
/// </summary>
internal sealed class ClassificationFeed(
    IClassificationStore classifications,
    ICheckpointStore checkpoints,
    IPostStore posts,
    IncidentAssigner assigner,
    IncidentAlerter alerter,
    IOptions<AlertingOptions> options,
    ILogger<ClassificationFeed> logger)
{
    public const string Checkpoint = "alerting";
    private const int BatchSize = 500;

    private readonly IncidentOptions _o = options.Value.Incidents;

    /// <summary>Reads one batch after the checkpoint; returns the number of classifications consumed.</summary>
    public async Task<int> ReadAsync(CancellationToken cancellationToken)
    {
        // The index of active incidents is built at the first pass, batch or not, as it always was.
        await assigner.IndexAsync(cancellationToken).ConfigureAwait(false);
        var after = await checkpoints.GetAsync(Checkpoint, cancellationToken).ConfigureAwait(false);
        var batch = await classifications.GetAfterAsync(after, BatchSize, cancellationToken).ConfigureAwait(false);
        var dirty = new SortedSet<long>();
        foreach (var c in batch)
        {
            if (!Forms(c.Result.Label))
            {
                PipelineLog.Skipped(logger, c.Sequence, c.PostId, "label " + c.Result.Label);
                continue;
            }

            var post = await posts.GetPostAsync(c.PostId, cancellationToken).ConfigureAwait(false);
            if (post is null)
            {
                PipelineLog.Skipped(logger, c.Sequence, c.PostId, "post not in store");
                continue;
            }

            var snapshots = await posts.GetEngagementAsync(post.Id, cancellationToken).ConfigureAwait(false);
            var incidentPost = ToIncidentPost(post, c.Result, snapshots.Count == 0 ? null : snapshots[^1]);
            dirty.Add(await assigner.PlaceAsync(incidentPost, cancellationToken).ConfigureAwait(false));
        }

        foreach (var id in dirty)
        {
            await alerter.EvaluateAsync(id, cancellationToken).ConfigureAwait(false);
        }

        if (batch.Count > 0)
        {
            await checkpoints.SetAsync(Checkpoint, batch[^1].Sequence, cancellationToken).ConfigureAwait(false);
        }

        return batch.Count;
    }

    private bool Forms(string label) => _o.Labels.Count == 0 ? label != Labels.Normal : _o.Labels.Contains(label);

    internal static IncidentPost ToIncidentPost(Core.Posts.StoredPost post, ClassificationResult result, Core.Posts.EngagementSnapshot? latest)
    {
        var e = latest?.Counts;
        var engagement = (e?.Reposts ?? 0) + (e?.Comments ?? 0) + (e?.Likes ?? 0);
        return new IncidentPost(
            post.Id, post.SourceId, post.Platform, post.PlatformPostId, post.ThreadId, post.ParentPlatformPostId, post.Url,
            post.Author.Id, post.Author.DisplayName, post.Author.Followers, post.ClassifiedText,
            post.ClassifiedAtUtc, result.Label, engagement,
            result.Contacts.Select(c => $"{c.Kind}:{c.Value}").Distinct(StringComparer.Ordinal).ToList(), "first", null);
    }
}
