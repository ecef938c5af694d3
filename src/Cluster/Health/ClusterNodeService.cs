using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using SentimentWatch.Cluster.Scheduling;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Cluster.Health;

/// <summary>
/// A node of the cluster. At start-up: reaches the shared database (refusing to start, naming the host, when it
/// cannot) and creates Quartz's tables if they are missing. Then, every check-in interval: holds an advisory lock
/// named after <c>Node:Name</c> — a second live process with the same name cannot take it, so it reports the
/// duplicate and keeps its scheduler in standby (two Quartz nodes with one id recover each other's running crawls);
/// and compares this node's clock with PostgreSQL's. The scheduler is started once the name is this node's alone.
/// </summary>
internal sealed class ClusterNodeService(
    ClusterDatabase database, ClusterState state, ISchedulerFactory schedulers, IOptions<NodeOptions> node, ISourceStateStore health,
    TimeProvider time, ILogger<ClusterNodeService> logger) : BackgroundService, IAsyncDisposable
{
    /// <summary>Health-event kinds: a condition's start, and its end.</summary>
    internal const string DuplicateNameKind = "duplicate-node-name", NameUniqueKind = "node-name-unique", ClockSkewKind = "clock-skew", ClockSkewEndedKind = "clock-skew-resolved";

    private readonly SchedulerOptions _options = database.Options;
    private readonly ClusterHealthEvent _duplicateEvent = new(DuplicateNameKind, NameUniqueKind);
    private readonly ClusterHealthEvent _skewEvent = new(ClockSkewKind, ClockSkewEndedKind);
    private SessionLock? _name;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await QuartzSchema.EnsureAsync(database.DataSource, cancellationToken).ConfigureAwait(false))
            {
                ClusterLog.SchemaCreated(logger, database.Host);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new ClusterUnavailableException($"the cluster database {database.Host} (Scheduler:PostgreSql:ConnectionString) cannot be reached: {ex.Message}", ex);
        }

        state.SchemaReady = true;
        ClusterLog.Joining(logger, node.Value.Name, _options.InstanceName, database.Host,
            (long)_options.CheckInInterval.TotalMilliseconds, (long)_options.CheckInMisfireThreshold.TotalMilliseconds);
        _name = new SessionLock(database.ConnectionString, LockKeys.Of($"{_options.InstanceName}:node:{node.Value.Name}"),
            $"sentimentwatch {node.Value.Name} node name", _options.PostgreSql.Timeout);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CheckInInterval, time);
        do
        {
            try
            {
                await CheckOnceAsync(stoppingToken).ConfigureAwait(false);
                state.LastProblem = null;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                state.LastProblem = $"{database.Host}: {ex.Message}";
                ClusterLog.CheckFailed(logger, database.Host, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// One check: the node name, then the clock; starts the scheduler the first time the name is unique; records a
    /// condition's start and end as a health event in the store (after the state is set, so a store that cannot take
    /// the write leaves readiness right and the event is tried again next time).
    /// </summary>
    internal async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var unique = await _name!.TryHoldAsync(cancellationToken).ConfigureAwait(false);
        if (!unique && !state.DuplicateName)
        {
            ClusterLog.DuplicateNodeName(logger, node.Value.Name, _options.InstanceName, database.Host);
        }
        else if (unique && state.DuplicateName)
        {
            ClusterLog.NodeNameUnique(logger, node.Value.Name, _options.InstanceName);
        }

        state.DuplicateName = !unique;
        if (unique)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            if (await scheduler.GetStatus(cancellationToken).ConfigureAwait(false) is SchedulerStatus.Created or SchedulerStatus.Standby)
            {
                await scheduler.Start(cancellationToken).ConfigureAwait(false);
            }
        }

        var (skew, uncertainty) = await database.MeasureClockSkewAsync(time, cancellationToken).ConfigureAwait(false);
        var limit = _options.ClockSkewLimit;
        var beyond = skew.Duration() - uncertainty > limit;
        if (beyond && !state.ClockSkewed)
        {
            ClusterLog.ClockSkew(logger, database.Host, (long)skew.TotalMilliseconds, (long)uncertainty.TotalMilliseconds, (long)limit.TotalMilliseconds);
        }
        else if (!beyond && state.ClockSkewed)
        {
            ClusterLog.ClockSkewResolved(logger, (long)skew.TotalMilliseconds, (long)limit.TotalMilliseconds);
        }

        state.ClockSkew = skew;
        state.ClockSkewed = beyond;
        state.Checked = true;

        var name = node.Value.Name;
        var now = time.GetUtcNow();
        await _duplicateEvent.UpdateAsync(health, name, !unique, () => unique
            ? $"node name {name} is unique again on cluster {_options.InstanceName}: scheduler started"
            : $"DUPLICATE NODE NAME: another live process of cluster {_options.InstanceName} on {database.Host} runs as {name}; this one keeps its scheduler in standby until the other is gone. Give every node its own Node:Name",
            now, cancellationToken).ConfigureAwait(false);
        var (skewMs, uncertaintyMs, limitMs) = ((long)skew.TotalMilliseconds, (long)uncertainty.TotalMilliseconds, (long)limit.TotalMilliseconds);
        await _skewEvent.UpdateAsync(health, name, beyond, () => beyond
            ? $"CLOCK SKEW: this node's clock is {skewMs} ms off PostgreSQL's on {database.Host} (± {uncertaintyMs} ms), limit {limitMs} ms: nodes may take each other for dead and run crawls twice. Fix NTP"
            : $"clock skew back within the limit: {skewMs} ms (limit {limitMs} ms)",
            now, cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_name is { } name)
        {
            _name = null;
            await name.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>What the node's last cluster check found, for <c>/readyz</c>.</summary>
internal sealed class ClusterState
{
    public volatile bool SchemaReady;
    public volatile bool Checked;
    public volatile bool DuplicateName;
    public volatile bool ClockSkewed;
    public volatile string? LastProblem;

    public TimeSpan ClockSkew { get; set; }
}
