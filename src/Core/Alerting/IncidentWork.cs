namespace SentimentWatch.Core.Alerting;

/// <summary>Kinds of <see cref="IncidentWorkItem"/>.</summary>
public static class IncidentWorkKinds
{
    /// <summary>Assigned to a person (value: the account name); the latest one counts.</summary>
    public const string Assign = "assign";

    /// <summary>Shared with the police liaison (value empty): the liaison sees only shared incidents.</summary>
    public const string SharePolice = "share_police";

    /// <summary>A guidance reply a commentator posted (网上跟帖 / 正面评述): value the text, with its URL and time.</summary>
    public const string Guidance = "guidance";

    /// <summary>A free note.</summary>
    public const string Note = "note";
}

/// <summary>One thing a person recorded about an incident in the console.</summary>
public sealed record IncidentWorkItem(long Id, long IncidentId, string Kind, string Actor, DateTimeOffset AtUtc, string Value, Uri? Url, DateTimeOffset? PostedAtUtc);

/// <summary>Assignments, police sharing, guidance replies and notes of incidents (append-only).</summary>
public interface IIncidentWorkStore
{
    Task<long> AddAsync(long incidentId, string kind, string actor, DateTimeOffset atUtc, string value, Uri? url, DateTimeOffset? postedAtUtc, CancellationToken cancellationToken);

    /// <summary>The incident's items, oldest first.</summary>
    Task<IReadOnlyList<IncidentWorkItem>> GetAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>The current assignee of each incident that has one.</summary>
    Task<IReadOnlyDictionary<long, string>> GetAssigneesAsync(CancellationToken cancellationToken);

    /// <summary>Ids of incidents shared with the police.</summary>
    Task<IReadOnlySet<long>> GetSharedWithPoliceAsync(CancellationToken cancellationToken);
}
