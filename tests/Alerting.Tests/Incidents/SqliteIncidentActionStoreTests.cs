using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Alerting;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class SqliteIncidentActionStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = Posts.T0.AddHours(1);
    private readonly TempDatabase _db = new();
    private readonly SqliteIncidentStore _incidents;
    private readonly SqliteAlertStore _alerts;
    private readonly SqliteIncidentActionStore _store;

    public SqliteIncidentActionStoreTests()
    {
        _incidents = new SqliteIncidentStore(_db.Database);
        _alerts = new SqliteAlertStore(_db.Database);
        _store = new SqliteIncidentActionStore(_db.Database);
    }

    public void Dispose() => _db.Dispose();

    private async Task<long> IncidentAsync(IncidentLevel level, string platform = "weibo", int minutes = 0, string site = "qz-hqu", int posts = 1)
    {
        var first = Posts.Make("出售答案" + Guid.NewGuid().ToString("N"), platform, minutes);
        var id = await _incidents.CreateAsync(new IncidentRecord(
            0, "inc-" + first.PostId, "标题" + first.PostId, level, [new LevelReason("r", level, "d")], first.At, first.At, first.PostId, first.Url, posts,
            [platform], [first.Label], [site], "flat", false, "open"), first, CancellationToken.None);
        for (var i = 1; i < posts; i++)
        {
            await _incidents.AddPostAsync(id, Posts.Make("跟帖" + i, platform, minutes + i), CancellationToken.None);
        }

        return id;
    }

    private async Task<AlertRecord> AlertAsync(long incidentId, IncidentLevel level)
    {
        var draft = new AlertRecord(0, $"incident:{incidentId}:level:{level}", "incident", incidentId, level, "t", "s", [], Now, "open", null, null, null);
        var message = new OutboxMessage(0, $"k{incidentId}{level}", null, "mail", "office", "office@example.org", $"incident:{incidentId}", "s", "t", null, "{}", 0, Now, "pending", null, Now, null);
        var evidence = message with { IdempotencyKey = $"e{incidentId}{level}", Channel = "evidence" };
        var (alert, _) = await _alerts.RaiseAsync(draft, [], [new AlertTimer(0, 0, "escalate", 0, Now.AddMinutes(5), "pending")], CancellationToken.None);
        await _alerts.EnqueueAsync([message with { AlertId = alert.Id }, evidence with { AlertId = alert.Id }], CancellationToken.None);
        return alert;
    }

    [Fact]
    public async Task CloseAsync_OpenIncident_ResolvesAlertsCancelsTimersDropsUnsentNotificationsAndLogs()
    {
        var id = await IncidentAsync(IncidentLevel.I);
        var alert = await AlertAsync(id, IncidentLevel.I);

        var closed = await _store.CloseAsync(id, "带班领导乙", "已处置完毕", "善后", Now, CancellationToken.None);

        Assert.Equal((IncidentStates.Closed, "善后"), (closed.State, closed.Stage));
        Assert.Equal("resolved", (await _alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
        Assert.All(await _alerts.GetTimersAsync(alert.Id, CancellationToken.None), t => Assert.Equal("cancelled", t.State));
        var messages = await _alerts.GetMessagesAsync(alert.Id, CancellationToken.None);
        Assert.Equal("cancelled", messages.Single(m => m.Channel == "mail").State);
        Assert.Equal("pending", messages.Single(m => m.Channel == "evidence").State);
        Assert.Empty(await _alerts.GetDueTimersAsync(Now.AddHours(1), 10, CancellationToken.None));
        var action = Assert.Single(await _store.GetActionsAsync(id, CancellationToken.None));
        Assert.Equal((IncidentActionKinds.Close, "带班领导乙", "已处置完毕", "善后"), (action.Action, action.By, action.Reason, action.Detail));
    }

    [Fact]
    public async Task CloseAsync_WithoutReasonOrTwice_RefusedAndNothingChanges()
    {
        var id = await IncidentAsync(IncidentLevel.III);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CloseAsync(id, "甲", " ", null, Now, CancellationToken.None));
        Assert.Equal(IncidentStates.Open, (await _incidents.GetAsync(id, CancellationToken.None))!.State);
        await _store.CloseAsync(id, "甲", "误报", null, Now, CancellationToken.None);
        var again = await Assert.ThrowsAsync<ArgumentException>(() => _store.CloseAsync(id, "甲", "误报", null, Now, CancellationToken.None));
        Assert.Contains("only an open incident", again.Message, StringComparison.Ordinal);
        Assert.Single(await _store.GetActionsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ReopenAsync_ClosedIncident_OpenAgainCountedAndLogged()
    {
        var id = await IncidentAsync(IncidentLevel.III);
        await _store.CloseAsync(id, "甲", "处置完毕", "善后", Now, CancellationToken.None);

        var reopened = await _store.ReopenAsync(id, "system", "new post 9", Now.AddHours(2), CancellationToken.None);

        Assert.Equal((IncidentStates.Open, 1, (string?)null), (reopened.State, reopened.Reopened, reopened.Stage));
        Assert.Equal([IncidentActionKinds.Close, IncidentActionKinds.Reopen], (await _store.GetActionsAsync(id, CancellationToken.None)).Select(a => a.Action));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReopenAsync(id, "system", "again", Now, CancellationToken.None));
    }

    [Fact]
    public async Task MergeAsync_HigherSourceLevel_MovesPostsAndAlertsTombstoneAndMaxLevel()
    {
        var a = await IncidentAsync(IncidentLevel.IV, "weibo", minutes: 10, posts: 2);
        var b = await IncidentAsync(IncidentLevel.II, "tieba", minutes: 0, site: "qz-qztc", posts: 3);
        var alertB = await AlertAsync(b, IncidentLevel.II);

        var merged = await _store.MergeAsync(a, b, "值班员甲", "同一卖答案团伙", Now, CancellationToken.None);

        Assert.Equal(IncidentLevel.II, merged.Level);
        Assert.Equal($"merge:#{b}", merged.Reasons[0].Rule);
        Assert.Equal(5, merged.PostCount);
        Assert.Equal(5, (await _incidents.GetPostsAsync(a, CancellationToken.None)).Count);
        Assert.Empty(await _incidents.GetPostsAsync(b, CancellationToken.None));
        Assert.Equal(["weibo", "tieba"], merged.Platforms);
        Assert.Equal(["qz-hqu", "qz-qztc"], merged.Sites);
        Assert.Equal(Posts.T0, merged.FirstSeenUtc);
        Assert.Equal(a, (await _alerts.GetAlertAsync(alertB.Id, CancellationToken.None))!.IncidentId);
        var tomb = (await _incidents.GetAsync(b, CancellationToken.None))!;
        Assert.Equal((IncidentStates.Merged, (long?)a), (tomb.State, tomb.MergedInto));
        Assert.Equal(IncidentActionKinds.MergeIn, Assert.Single(await _store.GetActionsAsync(a, CancellationToken.None)).Action);
        Assert.Equal(IncidentActionKinds.MergedInto, Assert.Single(await _store.GetActionsAsync(b, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task MergeAsync_LowerSourceLevel_KeepsTargetLevel()
    {
        var a = await IncidentAsync(IncidentLevel.I);
        var b = await IncidentAsync(IncidentLevel.IV);

        var merged = await _store.MergeAsync(a, b, "甲", "同一事件", Now, CancellationToken.None);

        Assert.Equal(IncidentLevel.I, merged.Level);
        Assert.DoesNotContain(merged.Reasons, r => r.Rule.StartsWith("merge:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MergeAsync_IntoItselfOrFromTombstoneOrIntoClosed_Refused()
    {
        var a = await IncidentAsync(IncidentLevel.III);
        var b = await IncidentAsync(IncidentLevel.III);
        var c = await IncidentAsync(IncidentLevel.III);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.MergeAsync(a, a, "甲", "x", Now, CancellationToken.None));
        await _store.MergeAsync(a, b, "甲", "x", Now, CancellationToken.None);
        var twice = await Assert.ThrowsAsync<ArgumentException>(() => _store.MergeAsync(c, b, "甲", "x", Now, CancellationToken.None));
        Assert.Contains($"merged into {a}", twice.Message, StringComparison.Ordinal);
        await _store.CloseAsync(c, "甲", "x", null, Now, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => _store.MergeAsync(c, a, "甲", "x", Now, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => _store.MergeAsync(a, 999, "甲", "x", Now, CancellationToken.None));
        Assert.Contains("no incident 999", missing.Message, StringComparison.Ordinal);
    }
}
