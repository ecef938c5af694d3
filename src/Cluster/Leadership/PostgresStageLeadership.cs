using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.Cluster.Leadership;

/// <summary>
/// One leader per stage across the nodes sharing <c>Scheduler:PostgreSql</c>: the node holding the stage's advisory
/// lock (<see cref="SessionLock"/>) leads it. Asked at the start of every pass; a lost connection is a lost stage, and
/// a database that cannot be reached answers "not leading" (the pass waits, nothing is done twice).
/// </summary>
internal sealed class PostgresStageLeadership(ClusterDatabase database, IOptions<NodeOptions> node, TimeProvider time, ILogger<PostgresStageLeadership> logger)
    : IStageLeadership, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Stage> _stages = new(StringComparer.Ordinal);

    public IReadOnlyList<StageLease> Leases =>
        _stages.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new StageLease(s.Name, s.Lock.Held, s.Since, s.Problem)).ToList();

    public async ValueTask<bool> LeadsAsync(string stage, CancellationToken cancellationToken)
    {
        var s = _stages.GetOrAdd(stage, name => new Stage(name, new SessionLock(
            database.ConnectionString, LockKeys.Of($"{database.Options.InstanceName}:stage:{name}"),
            $"sentimentwatch {node.Value.Name} stage {name}", database.Options.PostgreSql.Timeout)));
        var before = s.Lock.Held;
        bool leads;
        try
        {
            leads = await s.Lock.TryHoldAsync(cancellationToken).ConfigureAwait(false);
            s.Problem = null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            leads = false;
            if (s.Problem is null)
            {
                ClusterLog.LeaseUnreachable(logger, stage, database.Host, ex);
            }

            s.Problem = $"{database.Host} unreachable: {ex.Message}";
        }

        if (leads && !before)
        {
            s.Since = time.GetUtcNow();
            ClusterLog.LeaseGained(logger, stage, node.Value.Name);
        }
        else if (!leads && before)
        {
            s.Since = null;
            ClusterLog.LeaseLost(logger, stage, node.Value.Name);
        }

        return leads;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _stages.Values)
        {
            await s.Lock.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The session of <paramref name="stage"/>'s lock, if open (tests end it to take the stage away).</summary>
    internal int? BackendProcessId(string stage) => _stages.TryGetValue(stage, out var s) ? s.Lock.BackendProcessId : null;

    private sealed class Stage(string name, SessionLock @lock)
    {
        public string Name { get; } = name;

        public SessionLock Lock { get; } = @lock;

        public DateTimeOffset? Since { get; set; }

        public string? Problem { get; set; }
    }
}
