using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Alerting;

namespace SentimentWatch.Alerting.Tests.Delivery;

public sealed class SqliteAlertStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteAlertStore _store;
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);

    public SqliteAlertStoreTests() => _store = new SqliteAlertStore(_db.Database);

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task RaiseAsync_SameKeyTwice_WritesOnceAndReturnsFirst()
    {
        var (first, created1) = await _store.RaiseAsync(Messages.Alert("incident:1:II"), [Messages.Make("m1")], [new AlertTimer(0, 0, "escalate", 1, Now, "pending")], CancellationToken.None);
        var (second, created2) = await _store.RaiseAsync(Messages.Alert("incident:1:II"), [Messages.Make("m1"), Messages.Make("m2")], [], CancellationToken.None);
        Assert.True(created1);
        Assert.False(created2);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(await _store.GetMessagesAsync(first.Id, CancellationToken.None));
        Assert.Single(await _store.GetTimersAsync(first.Id, CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_DuplicateIdempotencyKey_Skipped()
    {
        Assert.Equal(1, await _store.EnqueueAsync([Messages.Make("k")], CancellationToken.None));
        Assert.Equal(0, await _store.EnqueueAsync([Messages.Make("k")], CancellationToken.None));
    }

    [Fact]
    public async Task GetDueAsync_EarlierMessageBackingOff_HoldsBackSameStreamOnly()
    {
        await _store.EnqueueAsync([Messages.Make("a1"), Messages.Make("a2"), Messages.Make("b1", order: "incident:2")], CancellationToken.None);
        var due = await _store.GetDueAsync("mail", Now, 10, CancellationToken.None);
        Assert.Equal(["a1", "b1"], due.Select(m => m.IdempotencyKey));

        await _store.MarkFailedAsync(due[0].Id, "down", Now.AddMinutes(5), dead: false, CancellationToken.None);
        var later = await _store.GetDueAsync("mail", Now, 10, CancellationToken.None);
        Assert.Equal(["b1"], later.Select(m => m.IdempotencyKey));

        var afterBackoff = await _store.GetDueAsync("mail", Now.AddMinutes(5), 10, CancellationToken.None);
        Assert.Equal(["a1", "b1"], afterBackoff.Select(m => m.IdempotencyKey));
        Assert.Equal(1, afterBackoff[0].Attempts);
        Assert.Equal("down", afterBackoff[0].LastError);
    }

    [Fact]
    public async Task MarkFailedAsync_Dead_ListedOnceAsUnreported()
    {
        await _store.EnqueueAsync([Messages.Make("x")], CancellationToken.None);
        var m = (await _store.GetDueAsync("mail", Now, 10, CancellationToken.None))[0];
        await _store.MarkFailedAsync(m.Id, "550 no such user", Now, dead: true, CancellationToken.None);
        var dead = Assert.Single(await _store.GetUnreportedDeadAsync(10, CancellationToken.None));
        Assert.Equal("dead", dead.State);
        await _store.MarkDeadReportedAsync(dead.Id, CancellationToken.None);
        Assert.Empty(await _store.GetUnreportedDeadAsync(10, CancellationToken.None));
        Assert.Empty(await _store.GetDueAsync("mail", Now.AddDays(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task AcknowledgeAsync_OpenAlert_CancelsEscalationButKeepsReportDeadlines()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("a"), [],
            [new AlertTimer(0, 0, "escalate", 1, Now.AddMinutes(5), "pending"), new AlertTimer(0, 0, "first_report", 0, Now.AddMinutes(30), "pending")], CancellationToken.None);
        Assert.True(await _store.AcknowledgeAsync(alert.Id, "值班员甲", "link", Now, CancellationToken.None));
        Assert.False(await _store.AcknowledgeAsync(alert.Id, "值班员乙", "cli", Now, CancellationToken.None));
        var timers = await _store.GetTimersAsync(alert.Id, CancellationToken.None);
        Assert.Equal("cancelled", timers.Single(t => t.Kind == "escalate").State);
        Assert.Equal("pending", timers.Single(t => t.Kind == "first_report").State);
        var stored = await _store.GetAlertAsync(alert.Id, CancellationToken.None);
        Assert.Equal(("acknowledged", "值班员甲", "link"), (stored!.State, stored.AcknowledgedBy, stored.AcknowledgedVia));
    }

    [Fact]
    public async Task CompleteTimerAsync_Replayed_EnqueuesOnce()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("a"), [], [new AlertTimer(0, 0, "escalate", 1, Now, "pending")], CancellationToken.None);
        var timer = Assert.Single(await _store.GetDueTimersAsync(Now, 10, CancellationToken.None));
        await _store.CompleteTimerAsync(timer.Id, [Messages.Make("esc:1") with { AlertId = alert.Id }], CancellationToken.None);
        await _store.CompleteTimerAsync(timer.Id, [Messages.Make("esc:1") with { AlertId = alert.Id }], CancellationToken.None);
        Assert.Empty(await _store.GetDueTimersAsync(Now, 10, CancellationToken.None));
        Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
    }

    [Fact]
    public async Task GetActiveSilencesAsync_Expired_NotReturned()
    {
        await _store.AddSilenceAsync(1, "张三", "误报：考研话题", Now, Now.AddHours(2), CancellationToken.None);
        Assert.Single(await _store.GetActiveSilencesAsync(Now.AddHours(1), CancellationToken.None));
        Assert.Empty(await _store.GetActiveSilencesAsync(Now.AddHours(2), CancellationToken.None));
    }

    [Fact]
    public async Task MarkHandedAsync_Pending_HandedAndNoLongerDueOrPending()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("h"), [Messages.Make("h1")], [], CancellationToken.None);
        var m = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));

        Assert.True(await _store.MarkHandedAsync(m.Id, Now, CancellationToken.None));

        var handed = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Equal("handed", handed.State);
        Assert.Equal(Now, handed.HandedUtc);
        Assert.Empty(await _store.GetDueAsync("mail", Now.AddDays(1), 10, CancellationToken.None));
        Assert.Empty(await _store.PendingChannelsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MarkHandedAsync_NotPending_ReturnsFalseAndChangesNothing()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("s"), [Messages.Make("s1")], [], CancellationToken.None);
        var m = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
        await _store.SupersedeAsync(1, alert.Id + 1, CancellationToken.None);

        Assert.False(await _store.MarkHandedAsync(m.Id, Now, CancellationToken.None));
        var after = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Equal("superseded", after.State);
        Assert.Null(after.HandedUtc);
    }

    [Fact]
    public async Task MarkSentAsync_Handed_SentWithTimes()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("t"), [Messages.Make("t1")], [], CancellationToken.None);
        var m = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
        await _store.MarkHandedAsync(m.Id, Now, CancellationToken.None);
        await _store.MarkSentAsync(m.Id, Now.AddSeconds(1), CancellationToken.None);

        var sent = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Equal("sent", sent.State);
        Assert.Equal(Now, sent.HandedUtc);
        Assert.Equal(Now.AddSeconds(1), sent.SentUtc);
        Assert.Equal(1, sent.Attempts);
    }

    [Fact]
    public async Task MarkFailedAsync_Handed_BackToPendingAndDueAgainAfterBackoff()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("f"), [Messages.Make("f1")], [], CancellationToken.None);
        var m = Assert.Single(await _store.GetMessagesAsync(alert.Id, CancellationToken.None));
        await _store.MarkHandedAsync(m.Id, Now, CancellationToken.None);
        await _store.MarkFailedAsync(m.Id, "554 refused", Now.AddMinutes(1), dead: false, CancellationToken.None);

        var due = Assert.Single(await _store.GetDueAsync("mail", Now.AddMinutes(1), 10, CancellationToken.None));
        Assert.Equal("pending", due.State);
        Assert.Null(due.HandedUtc);
        Assert.Equal("554 refused", due.LastError);
    }

    [Fact]
    public async Task MarkInDoubtAsync_HandedRows_BecomeSentUnconfirmedOnlyOnce()
    {
        var (alert, _) = await _store.RaiseAsync(Messages.Alert("d"), [Messages.Make("d1"), Messages.Make("d2"), Messages.Make("d3")], [], CancellationToken.None);
        var ms = await _store.GetMessagesAsync(alert.Id, CancellationToken.None);
        await _store.MarkHandedAsync(ms[0].Id, Now, CancellationToken.None);
        await _store.MarkHandedAsync(ms[2].Id, Now, CancellationToken.None);
        await _store.MarkSentAsync(ms[2].Id, Now, CancellationToken.None);

        var inDoubt = Assert.Single(await _store.MarkInDoubtAsync(Now.AddMinutes(1), CancellationToken.None));
        Assert.Equal("d1", inDoubt.IdempotencyKey);
        Assert.Equal("sent_unconfirmed", inDoubt.State);
        Assert.Empty(await _store.MarkInDoubtAsync(Now.AddMinutes(2), CancellationToken.None));
        Assert.Equal(["sent_unconfirmed", "pending", "sent"], (await _store.GetMessagesAsync(alert.Id, CancellationToken.None)).Select(m => m.State));
    }
}
