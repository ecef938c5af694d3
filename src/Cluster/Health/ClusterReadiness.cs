using Microsoft.Extensions.Options;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.Cluster.Health;

/// <summary>
/// <c>cluster</c> on <c>/readyz</c>: not ready while the node's name is taken by another live process, while its
/// clock is off PostgreSQL's beyond what Quartz's cluster tolerates, or while the database does not answer.
/// </summary>
internal sealed class ClusterReadiness(ClusterState state, ClusterDatabase database, IOptions<NodeOptions> node) : IReadinessCheck
{
    public string Name => "cluster";

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        var where = $"node {node.Value.Name} on cluster {database.Options.InstanceName} ({database.Host})";
        var skew = $"clock skew {(long)state.ClockSkew.TotalMilliseconds} ms (limit {(long)database.Options.ClockSkewLimit.TotalMilliseconds} ms)";
        ReadinessResult result = state switch
        {
            { SchemaReady: false } => new(Name, false, $"{where}: Quartz's tables not yet checked"),
            { LastProblem: { } problem } => new(Name, false, $"{where}: cluster database unreachable: {problem}"),
            { Checked: false } => new(Name, false, $"{where}: first cluster check pending"),
            { DuplicateName: true } => new(Name, false, $"{where}: DUPLICATE NODE NAME — another running process uses Node:Name '{node.Value.Name}'; this node's scheduler stays in standby"),
            { ClockSkewed: true } => new(Name, false, $"{where}: CLOCK SKEW — {skew}; synchronise the clocks"),
            _ => new(Name, true, $"{where}: name unique, {skew}"),
        };
        return Task.FromResult(result);
    }
}

/// <summary><c>leases</c> on <c>/readyz</c>: which looping stages this node leads; not ready when the lease database does not answer.</summary>
internal sealed class LeaseReadiness(IStageLeadership leadership) : IReadinessCheck
{
    public string Name => "leases";

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (leadership is SingleNodeLeadership)
        {
            return Task.FromResult(new ReadinessResult(Name, true, "single node: every stage runs here"));
        }

        var leases = leadership.Leases;
        var leads = leases.Where(l => l.Leads).Select(l => l.Stage).ToList();
        var follows = leases.Where(l => !l.Leads).Select(l => l.Stage).ToList();
        var problems = leases.Where(l => l.Problem is not null).Select(l => $"{l.Stage}: {l.Problem}").ToList();
        var detail = $"leads {(leads.Count == 0 ? "no stage" : string.Join(", ", leads))}; " +
            $"another node leads {(follows.Count == 0 ? "none" : string.Join(", ", follows))}" +
            (problems.Count == 0 ? "" : "; " + string.Join("; ", problems));
        return Task.FromResult(new ReadinessResult(Name, problems.Count == 0, detail));
    }
}
