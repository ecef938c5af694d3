using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Core.Reports;

/// <summary>Posts collected in one bucket of a period: all of them, and those whose current version is classified harmful or a complaint.</summary>
public sealed record TallyBucket(DateTimeOffset StartUtc, long Posts, long Flagged);

/// <summary>
/// What a period report counts: posts first stored in [from, to), by platform; posts whose current version's label
/// is not <c>normal</c>, by label; and the same per bucket for the trend chart.
/// </summary>
public sealed record PeriodTally(
    DateTimeOffset FromUtc,
    DateTimeOffset ToUtc,
    long Posts,
    IReadOnlyDictionary<string, long> PostsByPlatform,
    IReadOnlyDictionary<string, long> FlaggedByLabel,
    IReadOnlyList<TallyBucket> Buckets);

/// <summary>One source's collection in a period: runs, failed or partial runs, health events.</summary>
public sealed record SourceHealthTally(string SourceId, int Runs, int FailedRuns, int PartialRuns, int NewPosts, DateTimeOffset? LastRunUtc, string? LastStatus, int HealthEvents, string? LastHealthMessage);

/// <summary>Kinds of <see cref="IncidentDevelopment"/>.</summary>
public static class DevelopmentKinds
{
    /// <summary>An entry of the incident's action log (<see cref="IncidentAction"/>; <c>ack</c> confirms the incident).</summary>
    public const string Action = "action";

    /// <summary>A new alert on the incident (a level change raises one).</summary>
    public const string Alert = "alert";

    /// <summary>Console work on the incident (<see cref="IncidentWorkKinds"/>, e.g. handed to the police).</summary>
    public const string Work = "work";

    /// <summary>A takedown requested for one of its posts.</summary>
    public const string Takedown = "takedown";

    /// <summary>A takedown of one of its posts confirmed removed (id: the check's row).</summary>
    public const string Removed = "removed";

    /// <summary>A post from a platform the incident had not reached joined it (id: the join's sequence).</summary>
    public const string NewPlatform = "platform";

    /// <summary>The incident's posts grew past the configured thresholds since its last report (id: the newest join's sequence).</summary>
    public const string Growth = "growth";
}

/// <summary>One post joining an incident (or moved into it by a merge), numbered in the order the store saw it.</summary>
/// <param name="NewPlatform">The first post of <paramref name="Platform"/> in the incident.</param>
/// <param name="Posts">The incident's posts after this join.</param>
/// <param name="AtUtc">The joining post's own time (when it was published), not when it joined.</param>
public sealed record IncidentJoin(long Seq, long IncidentId, long PostId, string Platform, bool NewPlatform, int Posts, DateTimeOffset AtUtc);

/// <summary>An incident's membership now: its posts and its newest join (0 when nothing joined since joins were recorded).</summary>
public sealed record IncidentMembership(long IncidentId, long LastSeq, int Posts);

/// <summary>
/// What an incident report covered: the incident's newest join when it was drafted and its posts then; the membership
/// developments (<see cref="DevelopmentKinds.NewPlatform"/>, <see cref="DevelopmentKinds.Growth"/>) it was drafted for.
/// </summary>
public sealed record ReportCoverage(long ReportId, long IncidentId, long JoinSeq, int Posts, IReadOnlyList<string> Developments, DateTimeOffset AtUtc);

/// <summary>
/// An incident whose membership moved past its last report's coverage: the coverage, the membership now, the posts
/// from a new platform since, and when a report was last drafted for each membership development kind.
/// </summary>
public sealed record MembershipChange(
    ReportCoverage Covered,
    IncidentMembership Now,
    IReadOnlyList<IncidentJoin> NewPlatforms,
    DateTimeOffset? LastNewPlatformReportUtc,
    DateTimeOffset? LastGrowthReportUtc);

/// <summary>
/// Where the office's automatic drafter has read up to: the last row seen of each journal it follows (each an
/// append-only table with growing ids), so every read is bounded by what is new.
/// </summary>
public sealed record DevelopmentCursor(long Action, long Alert, long Work, long Takedown, long Removed);

/// <summary>One new development of an incident, from one journal row.</summary>
/// <param name="What">The action or work kind (<c>ack</c>, <c>downgrade</c>, <c>share_police</c>…), the alert's level, or the takedown's URL.</param>
/// <param name="Detail">The action's detail (e.g. the alert acknowledged), when there is one.</param>
public sealed record IncidentDevelopment(string Kind, long Id, long IncidentId, DateTimeOffset AtUtc, string By, string What, string? Detail);

/// <summary>Read-only queries the period reports need that the stage stores do not answer.</summary>
public interface IReportQueries
{
    /// <summary>Counts posts first stored in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in buckets of <paramref name="bucket"/>.</summary>
    Task<PeriodTally> TallyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>Incidents (not merged tombstones) whose activity overlaps [from, to): first seen before <paramref name="toUtc"/>, last seen at or after <paramref name="fromUtc"/>.</summary>
    Task<IReadOnlyList<IncidentRecord>> IncidentsActiveAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    /// <summary>Every source that ran or raised a health event in [from, to).</summary>
    Task<IReadOnlyList<SourceHealthTally>> SourceHealthAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    // The two journal reads have defaults that refuse loudly, so a store written alongside (e.g. another database)
    // still compiles; the automatic drafter then logs the refusal on every pass until the store implements them.

    /// <summary>The journals' newest rows: where a drafter that has never run starts (it does not draft for history).</summary>
    Task<DevelopmentCursor> LatestCursorAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not implement the incident journals the automatic 快报 follows (IReportQueries.LatestCursorAsync)");

    /// <summary>Developments after <paramref name="after"/> (at most <paramref name="limit"/> per journal), oldest first, with the cursor past them.</summary>
    Task<(IReadOnlyList<IncidentDevelopment> Developments, DevelopmentCursor Next)> DevelopmentsAsync(DevelopmentCursor after, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not implement the incident journals the automatic 快报 follows (IReportQueries.DevelopmentsAsync)");

    // Membership (incident_joins, 0752): what joined an incident since its last report, for the 续报 on a new platform
    // or on growth. Defaults refuse loudly like the journals above.

    /// <summary>The incident's membership now (posts 0, seq 0 for an incident the store never saw a post join).</summary>
    Task<IncidentMembership> MembershipAsync(long incidentId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not record incident membership (IReportQueries.MembershipAsync)");

    /// <summary>The incident's joins after <paramref name="afterSeq"/>, oldest first (only those from a new platform when <paramref name="newPlatformsOnly"/>).</summary>
    Task<IReadOnlyList<IncidentJoin>> JoinsAfterAsync(long incidentId, long afterSeq, bool newPlatformsOnly, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not record incident membership (IReportQueries.JoinsAfterAsync)");

    /// <summary>Records what a stored incident report covered (once per report; a second call for the same report is ignored).</summary>
    Task RecordCoverageAsync(ReportCoverage coverage, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not record report coverage (IReportQueries.RecordCoverageAsync)");

    /// <summary>The incident's newest report coverage, or null when none of its reports recorded one.</summary>
    Task<ReportCoverage?> LatestCoverageAsync(long incidentId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not record report coverage (IReportQueries.LatestCoverageAsync)");

    /// <summary>Every incident whose membership moved past its newest report coverage (bounded by the reported incidents, not the store).</summary>
    Task<IReadOnlyList<MembershipChange>> MembershipChangesAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not record incident membership (IReportQueries.MembershipChangesAsync)");
}
