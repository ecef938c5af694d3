using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Alerting;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class SqliteIncidentStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteIncidentStore _store;

    public SqliteIncidentStoreTests() => _store = new SqliteIncidentStore(_db.Database);

    public void Dispose() => _db.Dispose();

    private static IncidentRecord Record(IncidentPost first) => new(
        0, "inc-" + first.PostId, "标题", IncidentLevel.III, [new LevelReason("r", IncidentLevel.III, "d")], first.At, first.At, first.PostId, first.Url, 1,
        [first.Platform], [first.Label], ["qz-hqu"], "flat", false, "open");

    [Fact]
    public async Task CreateAsync_SameFirstPostTwice_ReturnsSameIncident()
    {
        var p = Posts.Make("出售答案");
        var a = await _store.CreateAsync(Record(p), p, CancellationToken.None);
        var b = await _store.CreateAsync(Record(p), p, CancellationToken.None);
        Assert.Equal(a, b);
        Assert.Equal(a, await _store.FindIncidentOfPostAsync(p.PostId, CancellationToken.None));
    }

    [Fact]
    public async Task AddPostAsync_Replay_ReturnsFalseAndKeepsOneRow()
    {
        var p = Posts.Make("出售答案");
        var q = Posts.Make("出售答案！", platform: "tieba", minutes: 2, contacts: ["qq:1"]) with { JoinReason = "near_duplicate", DuplicateOfPostId = p.PostId };
        var id = await _store.CreateAsync(Record(p), p, CancellationToken.None);
        Assert.True(await _store.AddPostAsync(id, q, CancellationToken.None));
        Assert.False(await _store.AddPostAsync(id, q, CancellationToken.None));
        var posts = await _store.GetPostsAsync(id, CancellationToken.None);
        Assert.Equal([p.PostId, q.PostId], posts.Select(x => x.PostId));
        Assert.Equal(p.PostId, posts[1].DuplicateOfPostId);
        Assert.Equal(["qq:1"], posts[1].Contacts);
    }

    [Fact]
    public async Task UpdateAsync_LevelAndReasons_RoundTrip()
    {
        var p = Posts.Make("出售答案");
        var id = await _store.CreateAsync(Record(p), p, CancellationToken.None);
        var updated = Record(p) with { Id = id, Level = IncidentLevel.I, Reasons = [new LevelReason("content_floor:leak@考试实施", IncidentLevel.I, "label leak")], Trend = "rising", Burst = true, PostCount = 7 };
        await _store.UpdateAsync(updated, CancellationToken.None);
        var got = await _store.GetAsync(id, CancellationToken.None);
        Assert.Equal(IncidentLevel.I, got!.Level);
        Assert.Equal("content_floor:leak@考试实施", got.Reasons[0].Rule);
        Assert.Equal(("rising", true, 7), (got.Trend, got.Burst, got.PostCount));
        Assert.Equal(["qz-hqu"], got.Sites);
    }

    [Fact]
    public async Task UpdateGradedAsync_LevelReadIsStillStored_Writes()
    {
        var p = Posts.Make("出售答案");
        var id = await _store.CreateAsync(Record(p), p, CancellationToken.None);

        var written = await _store.UpdateGradedAsync(Record(p) with { Id = id, Level = IncidentLevel.II, PostCount = 3 }, IncidentLevel.III, CancellationToken.None);

        Assert.True(written);
        var got = await _store.GetAsync(id, CancellationToken.None);
        Assert.Equal((IncidentLevel.II, 3), (got!.Level, got.PostCount));
    }

    [Fact]
    public async Task UpdateGradedAsync_LevelRaisedSinceRead_RefusedAndRaisedLevelKept()
    {
        // A merge raised the incident to Ⅱ after a re-grade had read it at Ⅲ: the re-grade's Ⅲ must not land.
        var p = Posts.Make("出售答案");
        var id = await _store.CreateAsync(Record(p), p, CancellationToken.None);
        await _store.UpdateAsync(Record(p) with { Id = id, Level = IncidentLevel.II }, CancellationToken.None);

        var written = await _store.UpdateGradedAsync(Record(p) with { Id = id, Level = IncidentLevel.III, PostCount = 9 }, IncidentLevel.III, CancellationToken.None);

        Assert.False(written);
        var got = await _store.GetAsync(id, CancellationToken.None);
        Assert.Equal((IncidentLevel.II, 1), (got!.Level, got.PostCount));
    }

    [Fact]
    public async Task UpdateGradedAsync_ClosedSinceRead_Refused()
    {
        var p = Posts.Make("出售答案");
        var id = await _store.CreateAsync(Record(p), p, CancellationToken.None);
        await new SqliteIncidentActionStore(_db.Database).CloseAsync(id, "值班员", "善后完毕", "善后", DateTimeOffset.UtcNow, CancellationToken.None);

        var written = await _store.UpdateGradedAsync(Record(p) with { Id = id, PostCount = 9 }, IncidentLevel.III, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(1, (await _store.GetAsync(id, CancellationToken.None))!.PostCount);
    }

    [Fact]
    public async Task ListAsync_ActiveSince_FiltersOldIncidents()
    {
        var old = Posts.Make("旧", minutes: -5000);
        var recent = Posts.Make("新");
        await _store.CreateAsync(Record(old), old, CancellationToken.None);
        var id = await _store.CreateAsync(Record(recent), recent, CancellationToken.None);
        var list = await _store.ListAsync(Posts.T0.AddHours(-1), 10, CancellationToken.None);
        Assert.Equal([id], list.Select(i => i.Id));
    }
}
