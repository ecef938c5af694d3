namespace SentimentWatch.Core.Reports;

/// <summary>The report kinds the office sends up the chain (issue 17); evaluation reports reuse the same store.</summary>
public static class ReportKinds
{
    /// <summary>舆情快报: the first report on a Ⅰ/Ⅱ/Ⅲ incident.</summary>
    public const string Flash = "flash";

    /// <summary>续报: each new development since the incident's previous report, numbered per incident.</summary>
    public const string FollowUp = "followup";

    /// <summary>专报: one incident in depth, with charts.</summary>
    public const string Special = "special";

    /// <summary>日报 (a Beijing day).</summary>
    public const string Daily = "daily";

    /// <summary>周报 (seven Beijing days).</summary>
    public const string Weekly = "weekly";

    /// <summary>考试期间专报: a period spanning an exam sitting.</summary>
    public const string Sitting = "sitting";

    /// <summary>总结评估 (an incident's or a sitting's evaluation), exported through the same writers.</summary>
    public const string Evaluation = "evaluation";

    public static IReadOnlyList<string> Incident { get; } = [Flash, FollowUp, Special];

    public static IReadOnlyList<string> Period { get; } = [Daily, Weekly, Sitting];

    public static IReadOnlyList<string> All { get; } = [Flash, FollowUp, Special, Daily, Weekly, Sitting];
}

/// <summary>A generated report; its text lives in numbered versions (<see cref="ReportVersion"/>), the first drafted from the store.</summary>
/// <param name="Kind">One of <see cref="ReportKinds"/> (or another stage's kind, e.g. an evaluation).</param>
/// <param name="IncidentId">The incident of an incident report; null for a period report.</param>
/// <param name="Number">The issue number (期): per incident and kind for incident reports, per kind for period reports.</param>
/// <param name="Version">The newest version.</param>
public sealed record ReportRecord(
    long Id,
    string Kind,
    long? IncidentId,
    DateTimeOffset? FromUtc,
    DateTimeOffset? ToUtc,
    int Number,
    string Title,
    string CreatedBy,
    DateTimeOffset CreatedUtc,
    int Version);

/// <summary>One version of a report's body (the office stage's document as JSON); versions are never overwritten.</summary>
public sealed record ReportVersion(long ReportId, int Version, string BodyJson, string By, DateTimeOffset AtUtc, string Note);

/// <summary>Durable reports and their versions.</summary>
public interface IReportStore
{
    /// <summary>
    /// Stores a new report with its first version. The number is assigned in the same transaction: one more than the
    /// highest of the same kind (and incident, for incident reports), so two drafts at once never share a number.
    /// </summary>
    Task<ReportRecord> CreateAsync(string kind, long? incidentId, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, string title, string bodyJson, string by, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>The number the next report of this kind (and incident) would get.</summary>
    Task<int> NextNumberAsync(string kind, long? incidentId, CancellationToken cancellationToken);

    /// <summary>Appends a version (an edit); returns its number. Earlier versions stay as they were.</summary>
    Task<int> AddVersionAsync(long reportId, string bodyJson, string by, string note, DateTimeOffset atUtc, CancellationToken cancellationToken);

    Task<ReportRecord?> GetAsync(long reportId, CancellationToken cancellationToken);

    /// <summary>One version, or the newest when <paramref name="version"/> is null.</summary>
    Task<ReportVersion?> GetVersionAsync(long reportId, int? version, CancellationToken cancellationToken);

    /// <summary>Every version, oldest first.</summary>
    Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(long reportId, CancellationToken cancellationToken);

    /// <summary>Reports, newest first: of one incident, or all when <paramref name="incidentId"/> is null.</summary>
    Task<IReadOnlyList<ReportRecord>> ListAsync(long? incidentId, int limit, CancellationToken cancellationToken);
}
