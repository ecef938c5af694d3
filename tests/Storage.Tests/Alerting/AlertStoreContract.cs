using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Tests.Contracts;
using static SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.Alerting;

/// <summary>The <see cref="IAlertStore"/> contract (the outbox) on every provider.</summary>
public abstract class AlertStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task RaiseAsync_SameKeyTwice_WritesOnceAndRoundTrips()
    {
        var store = Provider.Alerts();

        var (first, created) = await store.RaiseAsync(Alert("incident:1:II"), [Message("m1")], [new AlertTimer(0, 0, "escalate", 1, T0.AddMinutes(15), "pending")], Ct);
        var (second, again) = await store.RaiseAsync(Alert("incident:1:II"), [Message("m1"), Message("m2")], [], Ct);

        Assert.True(created);
        Assert.False(again);
        Assert.Equal(first.Id, second.Id);
        var got = (await store.GetAlertAsync(first.Id, Ct))!;
        Assert.Equal(("incident:1:II", "incident", (long?)1, IncidentLevel.II, T0, "open"), (got.Key, got.Kind, got.IncidentId, got.Level, got.CreatedUtc, got.State));
        Assert.Equal(Alert("x").Reasons, got.Reasons);
        var m = Assert.Single(await store.GetMessagesAsync(first.Id, Ct));
        Assert.Equal(("m1", (long?)first.Id, "pending", T0, T0, (DateTimeOffset?)null), (m.IdempotencyKey, m.AlertId, m.State, m.DueUtc, m.CreatedUtc, m.SentUtc));
        var t = Assert.Single(await store.GetTimersAsync(first.Id, Ct));
        Assert.Equal(("escalate", 1, T0.AddMinutes(15), "pending"), (t.Kind, t.Step, t.DueUtc, t.State));
        Assert.Equal([first.Id], (await store.ListAlertsOfIncidentAsync(1, Ct)).Select(a => a.Id));
        Assert.Equal([first.Id], (await store.ListAlertsAsync(10, Ct)).Select(a => a.Id));
    }

    [Fact]
    public async Task GetDueAsync_HeadBackingOff_HoldsBackItsStreamOnly()
    {
        var store = Provider.Alerts();
        Assert.Equal(3, await store.EnqueueAsync([Message("a1"), Message("a2"), Message("b1", order: "incident:2")], Ct));
        Assert.Equal(0, await store.EnqueueAsync([Message("a1")], Ct));
        Assert.Equal(["mail"], await store.PendingChannelsAsync(Ct));

        var due = await store.GetDueAsync("mail", T0, 10, Ct);
        Assert.Equal(["a1", "b1"], due.Select(m => m.IdempotencyKey));
        await store.MarkFailedAsync(due[0].Id, "down", T0.AddMinutes(5), dead: false, Ct);

        Assert.Equal(["b1"], (await store.GetDueAsync("mail", T0, 10, Ct)).Select(m => m.IdempotencyKey));
        var later = await store.GetDueAsync("mail", T0.AddMinutes(5), 10, Ct);
        Assert.Equal(["a1", "b1"], later.Select(m => m.IdempotencyKey));
        Assert.Equal((1, "down"), (later[0].Attempts, later[0].LastError));
        Assert.Equal(T0, await store.LastEnqueuedAsync("incident:1", Ct));
        Assert.Null(await store.LastEnqueuedAsync("incident:9", Ct));
    }

    [Fact]
    public async Task HandOver_ThenSentOrInDoubt_EachStateOnce()
    {
        var store = Provider.Alerts();
        await store.EnqueueAsync([Message("a", order: "1"), Message("b", order: "2")], Ct);
        var due = await store.GetDueAsync("mail", T0, 10, Ct);

        Assert.True(await store.MarkHandedAsync(due[0].Id, T0.AddSeconds(1), Ct));
        Assert.False(await store.MarkHandedAsync(due[0].Id, T0.AddSeconds(2), Ct));
        Assert.True(await store.MarkHandedAsync(due[1].Id, T0.AddSeconds(1), Ct));
        await store.MarkSentAsync(due[0].Id, T0.AddSeconds(3), Ct);

        // A new process finds b handed and never confirmed: in doubt, never resent.
        var inDoubt = Assert.Single(await Provider.Alerts().MarkInDoubtAsync(T0.AddMinutes(1), Ct));
        Assert.Equal(("b", "sent_unconfirmed", (DateTimeOffset?)T0.AddSeconds(1)), (inDoubt.IdempotencyKey, inDoubt.State, inDoubt.HandedUtc));
        Assert.StartsWith("in doubt:", inDoubt.LastError, StringComparison.Ordinal);
        Assert.Empty(await Provider.Alerts().MarkInDoubtAsync(T0.AddMinutes(2), Ct));
        Assert.Empty(await store.GetDueAsync("mail", T0.AddHours(1), 10, Ct));
        Assert.Empty(await store.PendingChannelsAsync(Ct));
    }

    [Fact]
    public async Task HandedThenFailed_BackToPendingDueAfterBackoff_SupersededNeverHanded()
    {
        var store = Provider.Alerts();
        var (alert, _) = await store.RaiseAsync(Alert("incident:1:II"), [Message("f"), Message("s", order: "incident:2")], [], Ct);
        var messages = await store.GetMessagesAsync(alert.Id, Ct);
        var failing = messages.Single(m => m.IdempotencyKey == "f");

        Assert.True(await store.MarkHandedAsync(failing.Id, T0, Ct));
        await store.MarkFailedAsync(failing.Id, "554 refused", T0.AddMinutes(1), dead: false, Ct);
        Assert.DoesNotContain(await store.GetDueAsync("mail", T0, 10, Ct), m => m.Id == failing.Id);
        var again = Assert.Single(await store.GetDueAsync("mail", T0.AddMinutes(1), 10, Ct), m => m.Id == failing.Id);
        Assert.Equal(("pending", (DateTimeOffset?)null, "554 refused", 1), (again.State, again.HandedUtc, again.LastError, again.Attempts));

        // A message superseded before its hand-over (a higher level took over the incident) is never handed over.
        await store.SupersedeAsync(1, alert.Id + 1, Ct);
        var superseded = (await store.GetMessagesAsync(alert.Id, Ct)).Single(m => m.IdempotencyKey == "s");
        Assert.False(await store.MarkHandedAsync(superseded.Id, T0, Ct));
        Assert.Equal(("superseded", (DateTimeOffset?)null), (superseded.State, superseded.HandedUtc));
    }

    [Fact]
    public async Task TwoNodes_SameDueMessage_OnlyOneHandsItOver()
    {
        var a = Provider.Alerts();
        var b = Provider.Alerts();
        var (alert, _) = await a.RaiseAsync(Alert("incident:1:II"), [Message("m")], [], Ct);
        var seenByA = Assert.Single(await a.GetDueAsync("mail", T0, 10, Ct));
        var seenByB = Assert.Single(await b.GetDueAsync("mail", T0, 10, Ct));

        Assert.True(await a.MarkHandedAsync(seenByA.Id, T0, Ct));
        Assert.False(await b.MarkHandedAsync(seenByB.Id, T0, Ct));
        await a.MarkSentAsync(seenByA.Id, T0.AddSeconds(1), Ct);

        var m = Assert.Single(await b.GetMessagesAsync(alert.Id, Ct));
        Assert.Equal(("sent", 1, (DateTimeOffset?)T0.AddSeconds(1)), (m.State, m.Attempts, m.SentUtc));
    }

    [Fact]
    public async Task FailedDead_ReportedOnce()
    {
        var store = Provider.Alerts();
        await store.EnqueueAsync([Message("x")], Ct);
        var m = Assert.Single(await store.GetDueAsync("mail", T0, 10, Ct));

        await store.MarkFailedAsync(m.Id, new string('e', 3000), T0, dead: true, Ct);
        var dead = Assert.Single(await store.GetUnreportedDeadAsync(10, Ct));
        await store.MarkDeadReportedAsync(m.Id, Ct);

        Assert.Equal(("dead", 2000), (dead.State, dead.LastError!.Length));
        Assert.Empty(await store.GetUnreportedDeadAsync(10, Ct));
    }

    [Fact]
    public async Task AcknowledgeSupersedeTimers_StopEscalationOnly()
    {
        var store = Provider.Alerts();
        var (low, _) = await store.RaiseAsync(Alert("incident:1:III", level: IncidentLevel.III), [Message("low")],
            [new AlertTimer(0, 0, "escalate", 1, T0, "pending"), new AlertTimer(0, 0, "first_report", 0, T0, "pending")], Ct);
        var (high, _) = await store.RaiseAsync(Alert("incident:1:II"), [Message("high", order: "incident:1b")], [new AlertTimer(0, 0, "escalate", 1, T0.AddMinutes(1), "pending")], Ct);

        await store.SupersedeAsync(1, high.Id, Ct);
        Assert.Equal("superseded", (await store.GetAlertAsync(low.Id, Ct))!.State);
        Assert.Equal("superseded", Assert.Single(await store.GetMessagesAsync(low.Id, Ct)).State);
        Assert.Equal(["cancelled", "pending"], (await store.GetTimersAsync(low.Id, Ct)).Select(t => t.State));

        Assert.True(await store.AcknowledgeAsync(high.Id, "值班员", "link", T0.AddMinutes(2), Ct));
        Assert.False(await store.AcknowledgeAsync(high.Id, "值班员", "link", T0.AddMinutes(3), Ct));
        var acked = (await store.GetAlertAsync(high.Id, Ct))!;
        Assert.Equal(("acknowledged", "值班员", (DateTimeOffset?)T0.AddMinutes(2), "link"), (acked.State, acked.AcknowledgedBy, acked.AcknowledgedUtc, acked.AcknowledgedVia));
        Assert.Equal("cancelled", Assert.Single(await store.GetTimersAsync(high.Id, Ct)).State);

        var due = Assert.Single(await store.GetDueTimersAsync(T0.AddHours(1), 10, Ct));
        Assert.Equal("first_report", due.Kind);
        await store.CompleteTimerAsync(due.Id, [Message("report")], Ct);
        await store.CompleteTimerAsync(due.Id, [Message("report")], Ct);
        Assert.Empty(await store.GetDueTimersAsync(T0.AddHours(1), 10, Ct));
        Assert.Equal(1, (await store.GetDueAsync("mail", T0, 10, Ct)).Count(m => m.IdempotencyKey == "report"));
    }

    [Fact]
    public async Task Silences_ActiveUntilExpiry()
    {
        var store = Provider.Alerts();
        var s = await store.AddSilenceAsync(4, "值班员", "误报", T0, T0.AddHours(1), Ct);

        Assert.Equal([s], await store.GetActiveSilencesAsync(T0.AddMinutes(59), Ct));
        Assert.Empty(await store.GetActiveSilencesAsync(T0.AddHours(1), Ct));
    }
}
