using SentimentWatch.Core.Classification;

namespace SentimentWatch.Core.Alerting;

/// <summary>What people do to alerts and incidents (CLI and web): acknowledge, silence a reviewed false positive, downgrade, close, re-open, merge.</summary>
public interface IAlertingAdmin
{
    /// <summary>Acknowledges an open alert; false when it was not open.</summary>
    Task<bool> AcknowledgeAsync(long alertId, string by, string via, CancellationToken cancellationToken);

    /// <summary>
    /// Silences an incident reviewed as a false positive. Refused (ArgumentException) without a person and a reason, or
    /// for longer than <c>Alerting:Routing:MaxSilence</c>.
    /// </summary>
    Task<Silence> SilenceAsync(long incidentId, string by, string reason, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Lowers an incident's level: only by a named person with a reason (the machine never lowers a level).</summary>
    Task<IncidentRecord> DowngradeAsync(long incidentId, IncidentLevel target, string by, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges an alert and, when <paramref name="label"/> is given, records it as the commentator's decision on
    /// every post of the alert's incident (classifier feedback: <c>normal</c> is a false positive). The label is recorded
    /// even when the alert was already acknowledged.
    /// </summary>
    Task<AckOutcome> AcknowledgeAsync(long alertId, string by, string via, string? label, CancellationToken cancellationToken);

    /// <summary>Closes an incident (a person and a reason required): its notifications and escalations stop.</summary>
    Task<IncidentRecord> CloseAsync(long incidentId, string by, string reason, string? stage, CancellationToken cancellationToken);

    /// <summary>Re-opens a closed incident; responders are notified of the re-opening.</summary>
    Task<IncidentRecord> ReopenAsync(long incidentId, string by, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Merges <paramref name="sourceId"/> into <paramref name="targetId"/> (see <see cref="IIncidentActionStore.MergeAsync"/>)
    /// and tells each responder once: an upgrade if the merged level is higher, else a merge notice.
    /// </summary>
    Task<IncidentRecord> MergeAsync(long targetId, long sourceId, string by, string reason, CancellationToken cancellationToken);
}

/// <summary>The result of an acknowledgement.</summary>
/// <param name="Acknowledged">False when the alert was not open (already acknowledged, resolved, unknown).</param>
/// <param name="FeedbackPosts">Posts whose label was recorded as classifier feedback (0 without a label).</param>
public sealed record AckOutcome(bool Acknowledged, int FeedbackPosts);

/// <summary>
/// Grades posts the way the worker would, without a store: for <c>sw classify --input</c>. One session is one run;
/// posts in a session cluster with each other.
/// </summary>
public interface IIncidentPreview
{
    IIncidentPreviewSession Begin();
}

/// <summary>
/// One run of <see cref="IIncidentPreview"/>. <see cref="Prepare"/> is thread-safe (a batch calls it on its worker
/// threads); <see cref="Add(string, IncidentPreviewDraft)"/> is not: posts are added one at a time, in input order.
/// </summary>
public interface IIncidentPreviewSession
{
    /// <summary>The work on one post that needs no other post (its text fingerprints); thread-safe.</summary>
    IncidentPreviewDraft Prepare(ClassificationInput input, ClassificationResult result);

    /// <summary>Adds a prepared post and returns the fields <c>sw classify</c> prints for it.</summary>
    /// <param name="key">The caller's id for the post (line number, URL…), echoed in <see cref="IncidentPreviewResult.DuplicateOf"/>.</param>
    /// <param name="draft">What <see cref="Prepare"/> of this session returned for the post.</param>
    IncidentPreviewResult Add(string key, IncidentPreviewDraft draft);

    /// <summary>Prepares and adds a classified post.</summary>
    IncidentPreviewResult Add(string key, ClassificationInput input, ClassificationResult result) => Add(key, Prepare(input, result));
}

/// <summary>A post prepared by <see cref="IIncidentPreviewSession.Prepare"/>, opaque to the caller.</summary>
public abstract class IncidentPreviewDraft
{
}

/// <summary>Alerting's view of one post in a <c>sw classify</c> run.</summary>
/// <param name="Level">The level of the post's incident after this post (I…IV), or null when not graded.</param>
/// <param name="LevelReasons">Rules that fired, with values.</param>
/// <param name="DuplicateOf">Key of an earlier near-duplicate in the same run.</param>
/// <param name="Incident">Run-local incident number (1, 2, …); null for labels that form no incident.</param>
public sealed record IncidentPreviewResult(string? Level, IReadOnlyList<LevelReason> LevelReasons, string? DuplicateOf, int? Incident);
