using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using SentimentWatch.Cluster;
using SentimentWatch.Cluster.Leadership;
using SentimentWatch.Core.Operations;
using SentimentWatch.Testing;

namespace SentimentWatch.Host.Tests.Cluster;

/// <summary>
/// Several nodes on one real PostgreSQL (Debian's, started by the tests): Quartz's clustered job store runs a source on
/// one node at a time and recovers a dead node's crawl; the stage leases elect one leader; a duplicate node name and a
/// skewed clock are reported. Every wait is on a signal or a polled row, bounded by a generous timeout.
/// </summary>
public sealed class ClusterNodeTests
{
    private static readonly JobKey Job = new(ClusterNode.SourceId, "crawl");

    [Fact]
    public async Task TwoNodes_RunBlocksWhileTheOtherNodeFiresTheSameSource_RunsNeverOverlap()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        await RecordingRunner.CreateTableAsync(cs);
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new RecordingRunner(cs)
        {
            // The first run, on whichever node takes it, holds on until the test lets it go.
            Body = async (node, _) =>
            {
                if (first.TrySetResult(node))
                {
                    await release.Task.WaitAsync(TimeSpan.FromMinutes(3));
                }
            },
        };
        await using var a = await ClusterNode.StartAsync(cs, "node-a", runner);
        await using var b = await ClusterNode.StartAsync(cs, "node-b", runner);
        var runningOn = await first.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var other = runningOn == a.Name ? b : a;

        // The overlap opportunity: the other node fires the same source now, while the first run is still going, and the
        // interval trigger comes due meanwhile. Quartz must hold both back (BLOCKED) until the run ends.
        await (await other.SchedulerAsync()).TriggerJob(Job);
        await Eventually.Async(() => BlockedTriggersAsync(cs), n => n >= 2, "both of the source's triggers to be held back while it runs");
        release.SetResult();

        var runs = await Eventually.Async(() => RecordingRunner.RunsAsync(cs), r => r.Count(x => x.Ended is not null) >= 4, "four finished runs");
        Assert.Equal(runningOn, runs[0].Node);
        for (var i = 1; i < runs.Count; i++)
        {
            // Ordered by start (a database sequence): each run starts after the one before it ended.
            Assert.True(runs[i - 1].Ended is { } ended && runs[i].Started > ended,
                $"run {i} on {runs[i].Node} started at event {runs[i].Started} before run {i - 1} on {runs[i - 1].Node} ended ({runs[i - 1].Ended})");
        }
    }

    [Fact]
    public async Task NodeStoppedWithoutWaitingWhileItsRunHangs_OtherNodeRecoversTheRun()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        await RecordingRunner.CreateTableAsync(cs);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new RecordingRunner(cs)
        {
            // The first run hangs and ignores cancellation: as far as the cluster can tell, its node died mid-crawl.
            Body = async (node, _) =>
            {
                if (started.TrySetResult(node))
                {
                    await never.Task;
                }
            },
        };
        var starts = new JobStarts();
        try
        {
            await using var a = await ClusterNode.StartAsync(cs, "node-a", runner, starts);
            Assert.Equal("node-a", await started.Task.WaitAsync(TimeSpan.FromMinutes(2)));
            await using var b = await ClusterNode.StartAsync(cs, "node-b", runner, starts);
            await a.StopWithoutWaitingAsync();

            await Eventually.Async(() => Task.FromResult(starts.All), s => s.Contains(("node-b", true)),
                "node-b to run the source as a recovery of node-a's crawl");
            Assert.DoesNotContain(("node-a", true), starts.All);
        }
        finally
        {
            never.SetResult();
        }
    }

    [Fact]
    public async Task StageLease_TwoContenders_ExactlyOneLeadsAndLeadershipMovesWhenItsConnectionDies()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync("lease");
        await using var pa = Leadership(cs, "node-a");
        await using var pb = Leadership(cs, "node-b");
        var a = pa.GetRequiredService<PostgresStageLeadership>();
        var b = pb.GetRequiredService<PostgresStageLeadership>();

        var aLeads = await a.LeadsAsync(Stages.Alerting, CancellationToken.None);
        var bLeads = await b.LeadsAsync(Stages.Alerting, CancellationToken.None);
        Assert.True(aLeads ^ bLeads, $"exactly one leader expected: a {aLeads}, b {bLeads}");
        var (leader, follower) = aLeads ? (a, b) : (b, a);
        // Pass after pass the same node leads; another stage is decided on its own.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await leader.LeadsAsync(Stages.Alerting, CancellationToken.None));
            Assert.False(await follower.LeadsAsync(Stages.Alerting, CancellationToken.None));
        }

        Assert.True(await follower.LeadsAsync(Stages.Delivery, CancellationToken.None));
        Assert.False(await leader.LeadsAsync(Stages.Delivery, CancellationToken.None));

        // The leader's lease connection dies (as when its machine drops off the network and the server ends the session).
        var pid = leader.BackendProcessId(Stages.Alerting)!.Value;
        await using (var admin = new NpgsqlConnection(cs))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", pid);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        await Eventually.Async(() => BackendAliveAsync(cs, pid), alive => !alive, "the terminated session to end");
        Assert.False(await leader.LeadsAsync(Stages.Alerting, CancellationToken.None));
        Assert.Contains(leader.Leases, l => l.Stage == Stages.Alerting && !l.Leads && l.Problem is not null);
        Assert.True(await follower.LeadsAsync(Stages.Alerting, CancellationToken.None));
        Assert.False(await leader.LeadsAsync(Stages.Alerting, CancellationToken.None));
        Assert.Contains(leader.Leases, l => l.Stage == Stages.Alerting && !l.Leads && l.Problem is null);
    }

    [Fact]
    public async Task SecondNodeWithTheSameName_ReportedNotReadyAndStaysInStandbyUntilTheFirstIsGone()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        await RecordingRunner.CreateTableAsync(cs);
        var runner = new RecordingRunner(cs);
        await using var first = await ClusterNode.StartAsync(cs, "node-x", runner);
        var ready = await Eventually.Async(() => first.ReadinessAsync("cluster"), r => r.Ready, "the first node-x to be ready");
        Assert.Contains("name unique", ready.Detail, StringComparison.Ordinal);

        await using var second = await ClusterNode.StartAsync(cs, "node-x", runner);
        var duplicate = await Eventually.Async(() => second.ReadinessAsync("cluster"), r => r.Detail.Contains("DUPLICATE NODE NAME", StringComparison.Ordinal), "the duplicate to be reported");
        Assert.False(duplicate.Ready);
        Assert.Contains(second.Log.All, l => l.EventId == 6820 && l.Level == LogLevel.Critical && l.Text.Contains("node-x", StringComparison.Ordinal));
        Assert.Equal(SchedulerStatus.Created, await (await second.SchedulerAsync()).GetStatus());
        Assert.True((await first.ReadinessAsync("cluster")).Ready);

        // One health event in the store however many checks still find the duplicate.
        await Eventually.Async(() => second.NodeEventsAsync("node-x"), e => e.Count > 0, "the duplicate's health event");
        await second.CheckAgainAsync();
        await second.CheckAgainAsync();
        var raised = Assert.Single(await second.NodeEventsAsync("node-x"));
        Assert.Equal(("duplicate-node-name", 1), (raised.Kind, raised.ConsecutiveFailures));
        Assert.Contains("DUPLICATE NODE NAME", raised.Message, StringComparison.Ordinal);

        await first.StopWithoutWaitingAsync();
        await Eventually.Async(() => second.ReadinessAsync("cluster"), r => r.Ready, "the remaining node-x to be ready");
        await Eventually.Async(async () => await (await second.SchedulerAsync()).GetStatus(), s => s == SchedulerStatus.Running, "its scheduler to start");
        var events = await Eventually.Async(() => second.NodeEventsAsync("node-x"), e => e.Count == 2, "the end of the duplicate recorded");
        Assert.Equal(["duplicate-node-name", "node-name-unique"], events.Select(e => e.Kind));
    }

    [Fact]
    public async Task NodeClockOffByAMinute_ReportedAsClockSkew()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync("cluster");
        await RecordingRunner.CreateTableAsync(cs);
        await using var node = await ClusterNode.StartAsync(cs, "node-late", new RecordingRunner(cs), time: new OffsetClock(TimeSpan.FromMinutes(-1)),
            interval: TimeSpan.FromHours(1));
        var skewed = await Eventually.Async(() => node.ReadinessAsync("cluster"), r => r.Detail.Contains("CLOCK SKEW", StringComparison.Ordinal), "the skew to be reported");
        Assert.False(skewed.Ready);
        Assert.Contains(node.Log.All, l => l.EventId == 6822 && l.Level == LogLevel.Critical);

        // Recorded once in the store while it lasts.
        await node.CheckAgainAsync();
        var e = Assert.Single(await node.NodeEventsAsync("node-late"));
        Assert.Equal("clock-skew", e.Kind);
        Assert.Contains("CLOCK SKEW", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Leadership(string cs, string node)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(ClusterNode.Settings(cs, node)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section);
        services.AddCluster(config);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static async Task<long> BlockedTriggersAsync(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM qrtz_triggers WHERE job_name = @job AND trigger_state = 'BLOCKED'", c);
        cmd.Parameters.AddWithValue("job", ClusterNode.SourceId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<bool> BackendAliveAsync(string cs, int pid)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @pid)", c);
        cmd.Parameters.AddWithValue("pid", pid);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
