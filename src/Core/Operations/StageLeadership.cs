namespace SentimentWatch.Core.Operations;

/// <summary>
/// Which node runs a pipeline stage that works as a loop over a shared checkpoint (classification, alerting with its
/// incident clustering, outbox delivery, search indexing). Each stage asks at the start of every pass and runs the pass
/// only when this node leads it; a node that does not lead waits for its next poll and asks again. On one node every
/// stage is always led (<see cref="SingleNodeLeadership"/>); on several nodes one PostgreSQL advisory lock per stage
/// decides, held on a connection the node keeps open, so a node that dies or loses that connection loses the stage
/// and another node takes it on its next pass.
/// </summary>
public interface IStageLeadership
{
    /// <summary>Whether this node leads <paramref name="stage"/> now. Never throws for an unreachable database: it answers false.</summary>
    ValueTask<bool> LeadsAsync(string stage, CancellationToken cancellationToken);

    /// <summary>What this node holds, for <c>/readyz</c> and <c>sw status</c>.</summary>
    IReadOnlyList<StageLease> Leases { get; }
}

/// <summary>One stage as this node last saw it: leading or not, since when, and the last failure to reach the database.</summary>
public sealed record StageLease(string Stage, bool Leads, DateTimeOffset? Since, string? Problem);

/// <summary>The stage names the leases are taken under; one home so the workers and the docs agree.</summary>
public static class Stages
{
    public const string Classification = "classification";

    /// <summary>The alerting pass: incident clustering, grading, routing, escalation. One leader, so one consistent view.</summary>
    public const string Alerting = "alerting";

    /// <summary>The outbox: one sender, so a message is handed over once.</summary>
    public const string Delivery = "delivery";

    public const string SearchIndex = "search-index";

    public const string ElasticsearchIndex = "elasticsearch-index";

    public static readonly IReadOnlyList<string> All = [Classification, Alerting, Delivery, SearchIndex, ElasticsearchIndex];
}

/// <summary>One node (SQLite, <c>./sw demo</c>): every stage is always led here.</summary>
public sealed class SingleNodeLeadership : IStageLeadership
{
    public static readonly SingleNodeLeadership Instance = new();

    public ValueTask<bool> LeadsAsync(string stage, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public IReadOnlyList<StageLease> Leases { get; } = Stages.All.Select(s => new StageLease(s, true, null, null)).ToList();
}
