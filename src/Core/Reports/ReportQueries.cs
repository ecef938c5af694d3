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

/// <summary>Read-only queries the period reports need that the stage stores do not answer.</summary>
public interface IReportQueries
{
    /// <summary>Counts posts first stored in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in buckets of <paramref name="bucket"/>.</summary>
    Task<PeriodTally> TallyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>Incidents (not merged tombstones) whose activity overlaps [from, to): first seen before <paramref name="toUtc"/>, last seen at or after <paramref name="fromUtc"/>.</summary>
    Task<IReadOnlyList<IncidentRecord>> IncidentsActiveAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    /// <summary>Every source that ran or raised a health event in [from, to).</summary>
    Task<IReadOnlyList<SourceHealthTally>> SourceHealthAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
