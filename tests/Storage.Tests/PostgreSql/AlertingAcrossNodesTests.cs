using System.Collections.Concurrent;
using Npgsql;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Alerting;
using static SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>
/// Two nodes on one PostgreSQL: each "node" is its own <see cref="PostgreSqlDatabase"/> (its own pool) and its own
/// stores. Where two calls must overlap, a third session holds the lock both need and lets go only once the server shows
/// both waiting for it (<c>pg_stat_activity</c>), so the overlap is forced, never hoped for.
/// </summary>
public sealed class AlertingAcrossNodesTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private PostgresNodes _nodes = null!;

    private string Cs => _nodes.ConnectionString;

    private PostgreSqlDatabase Node1 => _nodes.Node1;

    private PostgreSqlDatabase Node2 => _nodes.Node2;

    public async Task InitializeAsync() => _nodes = await PostgresNodes.CreateAsync();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task CreateIncident_TwoNodesClusterTheSameStoryAtOnce_OneIncident()
    {
        var p = Post(1);
        var q = Post(2, minutes: 1);
        var create1 = new PostgreSqlIncidentStore(Node1);
        var create2 = new PostgreSqlIncidentStore(Node2);

        var (a, b) = await WhileHeldAsync(
            $"SELECT pg_advisory_xact_lock({PostgreSqlDialect.SerialLockClass}, hashtext('incidents'))",
            () => create1.CreateAsync(Incident(p, key: "story"), p, Ct),
            () => create2.CreateAsync(Incident(q, key: "story"), q, Ct));

        Assert.Equal(a, b);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM incidents"));
        Assert.Equal([1L, 2L], (await create1.GetPostsAsync(a, Ct)).Select(x => x.PostId).Order());
    }

    [Fact]
    public async Task RaiseAlert_TwoNodesSameKeyAtOnce_OneAlertAndItsMessagesOnce()
    {
        var alerts1 = new PostgreSqlAlertStore(Node1);
        var alerts2 = new PostgreSqlAlertStore(Node2);

        var (a, b) = await WhileHeldAsync(
            $"SELECT pg_advisory_xact_lock({PostgreSqlDialect.SerialLockClass}, hashtext('alert:incident:1:II'))",
            () => alerts1.RaiseAsync(Alert("incident:1:II"), [Message("m1")], [new AlertTimer(0, 0, "escalate", 1, T0, "pending")], Ct),
            () => alerts2.RaiseAsync(Alert("incident:1:II"), [Message("m1")], [new AlertTimer(0, 0, "escalate", 1, T0, "pending")], Ct));

        Assert.Equal(a.Alert.Id, b.Alert.Id);
        Assert.Equal(1, new[] { a.Created, b.Created }.Count(c => c));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM outbox"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM alert_timers"));
    }

    [Fact]
    public async Task HandOver_TwoNodesClaimOneMessageAtOnce_ExactlyOneWins()
    {
        var alerts1 = new PostgreSqlAlertStore(Node1);
        var alerts2 = new PostgreSqlAlertStore(Node2);
        await alerts1.EnqueueAsync([Message("m")], Ct);
        var m = Assert.Single(await alerts2.GetDueAsync("mail", T0, 10, Ct));

        var (a, b) = await WhileHeldAsync(
            $"SELECT 1 FROM outbox WHERE id = {m.Id} FOR UPDATE",
            () => alerts1.MarkHandedAsync(m.Id, T0, Ct),
            () => alerts2.MarkHandedAsync(m.Id, T0, Ct));

        Assert.True(a ^ b);
    }

    [Fact]
    public async Task Outbox_TwoNodesDeliverTheSameDueList_EveryMessageDeliveredOnce()
    {
        var alerts1 = new PostgreSqlAlertStore(Node1);
        var alerts2 = new PostgreSqlAlertStore(Node2);
        await alerts1.EnqueueAsync([.. Enumerable.Range(0, 40).Select(i => Message("m" + i, order: "incident:" + i))], Ct);

        // Both nodes read the whole due list before either delivers anything: every message is contended.
        var due1 = await alerts1.GetDueAsync("mail", T0, 100, Ct);
        var due2 = await alerts2.GetDueAsync("mail", T0, 100, Ct);
        Assert.Equal(40, due1.Count);
        Assert.Equal(40, due2.Count);
        var received = new ConcurrentBag<string>();

        async Task DeliverAsync(Core.Alerting.IAlertStore store, IEnumerable<OutboxMessage> due)
        {
            foreach (var message in due)
            {
                if (await store.MarkHandedAsync(message.Id, T0, Ct))
                {
                    received.Add(message.IdempotencyKey);
                    await store.MarkSentAsync(message.Id, T0.AddSeconds(1), Ct);
                }
            }
        }

        await Task.WhenAll(Task.Run(() => DeliverAsync(alerts1, due1)), Task.Run(() => DeliverAsync(alerts2, due2.Reverse())));

        Assert.Equal(40, received.Count);
        Assert.Equal(40, received.Distinct().Count());
        Assert.Equal(40L, await ScalarAsync("SELECT count(*) FROM outbox WHERE state = 'sent'"));
    }

    [Fact]
    public async Task Settle_NodeThatDidNotHandItOver_CannotPutItBackToPending()
    {
        var alerts1 = new PostgreSqlAlertStore(Node1);
        var alerts2 = new PostgreSqlAlertStore(Node2);
        var (alert, _) = await alerts1.RaiseAsync(Alert("incident:1:II"), [Message("m")], [], Ct);
        var m = Assert.Single(await alerts2.GetDueAsync("mail", T0, 10, Ct));
        Assert.True(await alerts1.MarkHandedAsync(m.Id, T0, Ct));

        // Node 2 saw the message pending and failed before its own hand-over: that must not undo node 1's.
        await alerts2.MarkFailedAsync(m.Id, "connection refused", T0, dead: false, Ct);
        await alerts2.MarkSentAsync(m.Id, T0, Ct);
        Assert.Equal("handed", Assert.Single(await alerts2.GetMessagesAsync(alert.Id, Ct)).State);
        Assert.Empty(await alerts2.GetDueAsync("mail", T0.AddHours(1), 10, Ct));

        // Node 1 is still handing it over: its own restart of delivery does not take it for a crash.
        Assert.Empty(await alerts1.MarkInDoubtAsync(T0, Ct));

        // Node 2 takes over delivery while node 1 is still sending: its recovery takes the message for in doubt ...
        Assert.Equal(m.Id, Assert.Single(await alerts2.MarkInDoubtAsync(T0, Ct)).Id);

        // ... but node 1 is alive and sees the receiver refuse it: pending again, to be retried, not lost.
        await alerts1.MarkFailedAsync(m.Id, "421 try later", T0.AddMinutes(1), dead: false, Ct);
        var retried = Assert.Single(await alerts2.GetDueAsync("mail", T0.AddMinutes(1), 10, Ct));
        Assert.Equal(("pending", "421 try later", (DateTimeOffset?)null), (retried.State, retried.LastError, retried.HandedUtc));
    }

    [Fact]
    public async Task Settle_NewLeaderTookALiveSendForInDoubt_TheSendersConfirmationStillCounts()
    {
        var alerts1 = new PostgreSqlAlertStore(Node1);
        var alerts2 = new PostgreSqlAlertStore(Node2);
        var (alert, _) = await alerts1.RaiseAsync(Alert("incident:1:II"), [Message("m")], [], Ct);
        var m = Assert.Single(await alerts1.GetDueAsync("mail", T0, 10, Ct));
        Assert.True(await alerts1.MarkHandedAsync(m.Id, T0, Ct));
        Assert.Single(await alerts2.MarkInDoubtAsync(T0, Ct));

        await alerts1.MarkSentAsync(m.Id, T0.AddSeconds(2), Ct);

        var sent = Assert.Single(await alerts2.GetMessagesAsync(alert.Id, Ct));
        Assert.Equal(("sent", (DateTimeOffset?)T0.AddSeconds(2)), (sent.State, sent.SentUtc));
    }

    [Fact]
    public async Task Close_TwoPeopleOnTwoNodesAtOnce_ClosedOnceAndTheOtherToldWhy()
    {
        var p = Post(1);
        var id = await new PostgreSqlIncidentStore(Node1).CreateAsync(Incident(p), p, Ct);
        var actions1 = new PostgreSqlIncidentActionStore(Node1);
        var actions2 = new PostgreSqlIncidentActionStore(Node2);

        var (a, b) = await WhileHeldAsync(
            $"SELECT 1 FROM incidents WHERE id = {id} FOR UPDATE",
            () => Outcome(actions1.CloseAsync(id, "值班员甲", "误报", null, T0, Ct)),
            () => Outcome(actions2.CloseAsync(id, "值班员乙", "误报", null, T0, Ct)));

        Assert.Equal(1, new[] { a, b }.Count(o => o is null));
        Assert.Contains("is closed: only an open incident can be closed", a ?? b, StringComparison.Ordinal);
        Assert.Single(await actions1.GetActionsAsync(id, Ct));

        static async Task<string?> Outcome(Task<IncidentRecord> close)
        {
            try
            {
                await close;
                return null;
            }
            catch (ArgumentException ex)
            {
                return ex.Message;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="first"/> and <paramref name="second"/> while a third session holds what <paramref name="holdSql"/>
    /// locks, and releases it once both are waiting on a lock in this database.
    /// </summary>
    private async Task<(T A, T B)> WhileHeldAsync<T>(string holdSql, Func<Task<T>> first, Func<Task<T>> second)
    {
        await using var holder = new NpgsqlConnection(Cs);
        await holder.OpenAsync(Ct);
        await using var tx = await holder.BeginTransactionAsync(Ct);
        await using (var hold = new NpgsqlCommand(holdSql, holder, tx))
        {
            await hold.ExecuteNonQueryAsync(Ct);
        }

        var a = Task.Run(first);
        var b = Task.Run(second);
        await PostgresProbe.WaitForLockWaitersAsync(Cs, 2, a, b);
        await tx.CommitAsync(Ct);
        return (await a, await b);
    }

    private Task<long> ScalarAsync(string sql) => PostgresProbe.ScalarAsync(Cs, sql);
}
