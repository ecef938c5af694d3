using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Tests.Pipeline;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Alerting;

namespace SentimentWatch.Alerting.Tests.Incidents;

/// <summary>
/// Two alerting passes clustering at once on one PostgreSQL — what happens for one pass when the alerting lease changes
/// hands mid-pass (the deposed leader finishes, the new one starts). Each "node" is its own data source, stores and
/// <see cref="IncidentAssigner"/> (the pass's clusterer, with its own in-memory index), as on two machines. The overlap is
/// forced: both indexes are built before either node writes, or a third session holds the incident-creation lock until
/// the server shows both nodes waiting for it.
/// </summary>
public sealed class IncidentAssignerAcrossNodesTests : IAsyncLifetime
{
    private const int CaughtUp = 3009;

    /// <summary>The advisory lock class of incident creation ("SWSZ", the store's <c>PostgreSqlDialect.SerialLockClass</c>).</summary>
    private const int SerialLockClass = 0x5357_535A;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeTimeProvider _time = new(Posts.T0.AddMinutes(30));
    private readonly RecordingLoggerProvider _log = new();
    private PostgresNodes _nodes = null!;

    private string Cs => _nodes.ConnectionString;

    public async Task InitializeAsync() => _nodes = await PostgresNodes.CreateAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task PlaceAsync_OtherNodeOpenedTheStoryAfterThisPassBegan_JoinsThatIncident()
    {
        var node1 = Assigner(_nodes.Node1);
        var node2 = Assigner(_nodes.Node2);
        await node1.IndexAsync(Ct);
        await node2.IndexAsync(Ct); // node 2's pass began (its index built) before node 1 opened the incident

        var first = await node1.PlaceAsync(Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊", contacts: ["qq:2876543210"]), Ct);
        var second = await node2.PlaceAsync(Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊！！", platform: "tieba", minutes: 3), Ct);

        Assert.Equal(first, second);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM incidents"));
        Assert.Equal(2L, await ScalarAsync($"SELECT count(*) FROM incident_posts WHERE incident_id = {first}"));
        Assert.Equal(1, _log.Count(CaughtUp));
    }

    [Fact]
    public async Task PlaceAsync_TwoNodesPlaceTwoPostsOfOneStoryAtOnce_OneIncident()
    {
        var node1 = Assigner(_nodes.Node1);
        var node2 = Assigner(_nodes.Node2);
        await node1.IndexAsync(Ct);
        await node2.IndexAsync(Ct);
        var p = Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊");
        var q = Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊！！", platform: "tieba", minutes: 3);

        await using var holder = new NpgsqlConnection(Cs);
        await holder.OpenAsync(Ct);
        await using var tx = await holder.BeginTransactionAsync(Ct);
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SerialLockClass}, hashtext('incidents'))", holder, tx))
        {
            await hold.ExecuteNonQueryAsync(Ct);
        }

        var a = Task.Run(() => node1.PlaceAsync(p, Ct));
        var b = Task.Run(() => node2.PlaceAsync(q, Ct));
        await PostgresProbe.WaitForLockWaitersAsync(Cs, 2, a, b);
        await tx.CommitAsync(Ct);

        Assert.Equal(await a, await b);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM incidents"));
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM incident_posts"));
    }

    [Fact]
    public async Task PlaceAsync_OneNodeAlone_OwnJoinsNeverRefuseItsNewIncidents()
    {
        var node = Assigner(_nodes.Node1);

        var story1 = await node.PlaceAsync(Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊"), Ct);
        await node.PlaceAsync(Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊！！", minutes: 1), Ct);
        var story2 = await node.PlaceAsync(Posts.Make("网传今年主观题考前泄露，卷二答案在群里流传", label: "leak", minutes: 2), Ct);
        var story3 = await node.PlaceAsync(Posts.Make("某考点监考老师迟到半小时，考生被要求延后入场", label: "exam_order", minutes: 3), Ct);

        Assert.Equal(3, new[] { story1, story2, story3 }.Distinct().Count());
        Assert.Equal(0, _log.Count(CaughtUp));
    }

    private IncidentAssigner Assigner(PostgreSqlDatabase node)
    {
        var factory = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Information));
        return new IncidentAssigner(
            new PostgreSqlIncidentStore(node), new PostgreSqlIncidentActionStore(node), Options.Create(new AlertingOptions()), _time,
            factory.CreateLogger<IncidentAssigner>());
    }

    private Task<long> ScalarAsync(string sql) => PostgresProbe.ScalarAsync(Cs, sql);
}
