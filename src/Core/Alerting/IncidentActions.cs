namespace SentimentWatch.Core.Alerting;

/// <summary>Incident states beyond <c>open</c>.</summary>
public static class IncidentStates
{
    public const string Open = "open";

    /// <summary>Handled: no more notifications or escalations. A new matching post re-opens it.</summary>
    public const string Closed = "closed";

    /// <summary>A tombstone: posts and alerts moved to <see cref="IncidentRecord.MergedInto"/>.</summary>
    public const string Merged = "merged";
}

/// <summary>Names of the actions in an incident's log.</summary>
public static class IncidentActionKinds
{
    public const string Close = "close";
    public const string Reopen = "reopen";

    /// <summary>On the surviving incident: another incident was merged into it (detail: the other id).</summary>
    public const string MergeIn = "merge_in";

    /// <summary>On the tombstone: it was merged into another incident (detail: the surviving id).</summary>
    public const string MergedInto = "merged_into";

    public const string Downgrade = "downgrade";
    public const string Acknowledge = "ack";
    public const string Silence = "silence";
    public const string Feedback = "feedback";

    /// <summary>The office's 快报/续报 was drafted automatically (detail: the report id).</summary>
    public const string ReportDrafted = "report_drafted";

    /// <summary>A report on the incident was sent up the chain (detail: the report id; reason: which report, version, how).</summary>
    public const string ReportSent = "report_sent";
}

/// <summary>One entry of an incident's action log: who did what, when and why.</summary>
/// <param name="Action">One of <see cref="IncidentActionKinds"/>.</param>
/// <param name="By">The person (or <c>system</c> for the automatic re-open).</param>
/// <param name="Detail">Machine-readable extra, e.g. the other incident of a merge or the alert acknowledged.</param>
public sealed record IncidentAction(long Id, long IncidentId, string Action, string By, string Reason, DateTimeOffset AtUtc, string? Detail);

/// <summary>
/// Changes of an incident's life cycle, each done in one transaction with its log entry. Refusals (unknown incident,
/// wrong state, merging an incident into itself) throw <see cref="ArgumentException"/> with a message for the person.
/// </summary>
public interface IIncidentActionStore
{
    /// <summary>
    /// Closes an open incident: its open and acknowledged alerts become <c>resolved</c>, their pending timers are
    /// cancelled and their unsent notifications dropped (evidence requests still run).
    /// </summary>
    Task<IncidentRecord> CloseAsync(long incidentId, string by, string reason, string? stage, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>Re-opens a closed incident (counts <see cref="IncidentRecord.Reopened"/> up so the next alert has a fresh key).</summary>
    Task<IncidentRecord> ReopenAsync(long incidentId, string by, string reason, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the posts and alerts of <paramref name="sourceId"/> into <paramref name="targetId"/>; the source keeps a
    /// tombstone (<c>merged</c>, <see cref="IncidentRecord.MergedInto"/>); the target's level becomes the higher of the two.
    /// Returns the updated target.
    /// </summary>
    Task<IncidentRecord> MergeAsync(long targetId, long sourceId, string by, string reason, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>Appends an entry to an incident's log (acknowledgements, silences, downgrades, feedback).</summary>
    Task RecordAsync(long incidentId, string action, string by, string reason, string? detail, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>The incident's log, oldest first.</summary>
    Task<IReadOnlyList<IncidentAction>> GetActionsAsync(long incidentId, CancellationToken cancellationToken);
}
