using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Tests.Contracts;
using static SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.Alerting;

/// <summary>The <see cref="IIncidentActionStore"/> contract on every provider.</summary>
public abstract class IncidentActionStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private async Task<long> NewIncidentAsync(long postId, IncidentLevel level = IncidentLevel.III)
    {
        var p = Post(postId, minutes: (int)postId);
        return await Provider.Incidents().CreateAsync(Incident(p, level: level), p, Ct);
    }

    [Fact]
    public async Task CloseAsync_Open_ResolvesAlertsCancelsTimersDropsUnsentButNotEvidence()
    {
        var id = await NewIncidentAsync(1);
        var alerts = Provider.Alerts();
        var (alert, _) = await alerts.RaiseAsync(Alert("incident:1:II", id), [Message("m"), Message("e", channel: "evidence")], [new AlertTimer(0, 0, "escalate", 1, T0, "pending")], Ct);
        var actions = Provider.IncidentActions();

        var closed = await actions.CloseAsync(id, " 值班员 ", "善后完毕", "善后", T0.AddHours(1), Ct);

        Assert.Equal(("closed", "善后"), (closed.State, closed.Stage));
        Assert.Equal("resolved", (await alerts.GetAlertAsync(alert.Id, Ct))!.State);
        Assert.Equal(["cancelled", "pending"], (await alerts.GetMessagesAsync(alert.Id, Ct)).Select(m => m.State));
        Assert.Equal("cancelled", Assert.Single(await alerts.GetTimersAsync(alert.Id, Ct)).State);
        var logged = Assert.Single(await actions.GetActionsAsync(id, Ct));
        Assert.Equal((IncidentActionKinds.Close, "值班员", "善后完毕", T0.AddHours(1), "善后"), (logged.Action, logged.By, logged.Reason, logged.AtUtc, logged.Detail));
        await Assert.ThrowsAsync<ArgumentException>(() => actions.CloseAsync(id, "值班员", "again", null, T0, Ct));
    }

    [Fact]
    public async Task ReopenAsync_Closed_OpenAndCounted()
    {
        var id = await NewIncidentAsync(1);
        var actions = Provider.IncidentActions();
        await actions.CloseAsync(id, "值班员", "误报", null, T0, Ct);

        var reopened = await actions.ReopenAsync(id, "带班领导", "又出现", T0.AddHours(2), Ct);

        Assert.Equal(("open", (string?)null, 1), (reopened.State, reopened.Stage, reopened.Reopened));
        Assert.Equal([IncidentActionKinds.Close, IncidentActionKinds.Reopen], (await actions.GetActionsAsync(id, Ct)).Select(a => a.Action));
        await Assert.ThrowsAsync<ArgumentException>(() => actions.ReopenAsync(id, "带班领导", "again", T0, Ct));
    }

    [Fact]
    public async Task MergeAsync_HigherSource_MovesPostsAndAlertsTombstonesAndTakesMaxLevel()
    {
        var target = await NewIncidentAsync(1, IncidentLevel.III);
        var source = await NewIncidentAsync(2, IncidentLevel.II);
        var alerts = Provider.Alerts();
        var (alert, _) = await alerts.RaiseAsync(Alert("incident:2:II", source), [], [], Ct);
        var actions = Provider.IncidentActions();

        var merged = await actions.MergeAsync(target, source, "值班员", "同一事件", T0.AddHours(1), Ct);

        Assert.Equal((IncidentLevel.II, 2, T0.AddMinutes(1), T0.AddMinutes(2)), (merged.Level, merged.PostCount, merged.FirstSeenUtc, merged.LastSeenUtc));
        Assert.StartsWith($"merge:#{source}", merged.Reasons[0].Rule, StringComparison.Ordinal);
        var tomb = (await Provider.Incidents().GetAsync(source, Ct))!;
        Assert.Equal(("merged", (long?)target), (tomb.State, tomb.MergedInto));
        Assert.Equal(target, (await alerts.GetAlertAsync(alert.Id, Ct))!.IncidentId);
        Assert.Equal([1L, 2L], (await Provider.Incidents().GetPostsAsync(target, Ct)).Select(p => p.PostId));
        Assert.Equal(IncidentActionKinds.MergedInto, Assert.Single(await actions.GetActionsAsync(source, Ct)).Action);
        var again = await Assert.ThrowsAsync<ArgumentException>(() => actions.MergeAsync(target, source, "值班员", "again", T0, Ct));
        Assert.Contains("already", again.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => actions.MergeAsync(99, target, "值班员", "x", T0, Ct));
        Assert.Equal("no incident 99", missing.Message);
    }

    [Fact]
    public async Task CloseAndMerge_BlankReasonSelfOrClosedRefused_LowerSourceKeepsTargetLevelAndPlatformsJoin()
    {
        var actions = Provider.IncidentActions();
        var incidents = Provider.Incidents();
        var a = await NewIncidentAsync(1, IncidentLevel.I);
        var low = Post(2, minutes: 2, platform: "tieba");
        var b = await incidents.CreateAsync(Incident(low, level: IncidentLevel.IV), low, Ct);
        var c = await NewIncidentAsync(3);

        await Assert.ThrowsAsync<ArgumentException>(() => actions.CloseAsync(c, "值班员", " ", null, T0, Ct));
        Assert.Equal("open", (await incidents.GetAsync(c, Ct))!.State);
        await Assert.ThrowsAsync<ArgumentException>(() => actions.MergeAsync(a, a, "值班员", "x", T0, Ct));

        var merged = await actions.MergeAsync(a, b, "值班员", "同一事件", T0.AddHours(1), Ct);
        Assert.Equal(IncidentLevel.I, merged.Level);
        Assert.DoesNotContain(merged.Reasons, r => r.Rule.StartsWith("merge:", StringComparison.Ordinal));
        Assert.Equal(["weibo", "tieba"], merged.Platforms);

        await actions.CloseAsync(c, "值班员", "误报", null, T0, Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => actions.MergeAsync(c, a, "值班员", "x", T0, Ct));
        Assert.Equal([IncidentActionKinds.Close], (await actions.GetActionsAsync(c, Ct)).Select(x => x.Action));
    }

    [Fact]
    public async Task RecordAsync_WithoutChange_Logged()
    {
        var id = await NewIncidentAsync(1);
        var actions = Provider.IncidentActions();

        await actions.RecordAsync(id, IncidentActionKinds.Acknowledge, "值班员", "已阅", "alert 3", T0, Ct);

        var a = Assert.Single(await actions.GetActionsAsync(id, Ct));
        Assert.Equal((IncidentActionKinds.Acknowledge, "alert 3"), (a.Action, a.Detail));
        Assert.Equal("open", (await Provider.Incidents().GetAsync(id, Ct))!.State);
    }
}
