using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>
/// Turns a commentator's decision on an alert into classifier feedback (issue 4, item 6): an acknowledgement with a
/// confirmed label, or a silence (a reviewed false positive), becomes one decision per post of the incident in the
/// classifier's feedback store, which <c>sw train --include-feedback</c> merges. The store keeps one decision per
/// post version, so acknowledging twice (CLI and link) writes the same rows again instead of doubling them.
/// </summary>
internal sealed class IncidentFeedback(IClassificationFeedbackStore store, IPostStore posts, IIncidentStore incidents, TimeProvider time)
{
    /// <summary>Records <paramref name="label"/> as the correct label of every post of the incident; returns how many posts.</summary>
    /// <exception cref="ArgumentException">Unknown label or incident.</exception>
    public async Task<int> RecordAsync(long incidentId, string label, string by, string note, CancellationToken cancellationToken)
    {
        if (!Labels.All.Contains(label))
        {
            throw new ArgumentException($"label '{label}' is not one of {string.Join(", ", Labels.All)}");
        }

        if (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ArgumentException($"no incident {incidentId}");
        }

        var now = time.GetUtcNow();
        var count = 0;
        foreach (var post in await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false))
        {
            // Feedback is per post version: the version that was classified is the stored one (an edit is re-classified
            // and would be a new version).
            var version = (await posts.GetPostAsync(post.PostId, cancellationToken).ConfigureAwait(false))?.Version ?? 1;
            var decision = label == Labels.Normal ? FeedbackDecisions.FalsePositive
                : label == post.Label ? FeedbackDecisions.Confirmed
                : FeedbackDecisions.Relabelled;
            await store.SaveAsync(new ClassificationFeedback(post.PostId, version, post.Text, label, decision, post.Label, by, note, now, post.At), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
