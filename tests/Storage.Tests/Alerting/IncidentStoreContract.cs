using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Tests.Contracts;
using static SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.Alerting;

/// <summary>The <see cref="IIncidentStore"/> contract on every provider.</summary>
public abstract class IncidentStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task CreateAsync_ThenGet_RoundTripsEveryField()
    {
        var store = Provider.Incidents();
        var p = Post(1);

        var id = await store.CreateAsync(Incident(p) with { Burst = true, Trend = "rising" }, p, Ct);
        var got = await store.GetAsync(id, Ct);

        Assert.NotNull(got);
        Assert.Equal((id, "inc-1", IncidentLevel.III, T0, T0, 1L, p.Url, 1), (got.Id, got.Key, got.Level, got.FirstSeenUtc, got.LastSeenUtc, got.FirstPostId, got.FirstUrl, got.PostCount));
        Assert.Equal(Incident(p).Reasons, got.Reasons);
        Assert.Equal(["weibo"], got.Platforms);
        Assert.Equal(["qz-hqu"], got.Sites);
        Assert.True(got.Burst);
        Assert.Equal(("rising", "open", (long?)null, (string?)null, 0), (got.Trend, got.State, got.MergedInto, got.Stage, got.Reopened));
        var stored = Assert.Single(await store.GetPostsAsync(id, Ct));
        Assert.Equal(p with { Contacts = stored.Contacts }, stored);
        Assert.Equal(p.Contacts, stored.Contacts);
    }

    [Fact]
    public async Task CreateAsync_SameFirstPostOrSameKey_OneIncident()
    {
        var store = Provider.Incidents();
        var p = Post(1);
        var q = Post(2, minutes: 1);

        var a = await store.CreateAsync(Incident(p), p, Ct);
        var again = await store.CreateAsync(Incident(p), p, Ct);
        var sameKey = await store.CreateAsync(Incident(q, key: "inc-1"), q, Ct);

        Assert.Equal(a, again);
        Assert.Equal(a, sameKey);
        Assert.Equal([1L, 2L], (await store.GetPostsAsync(a, Ct)).Select(x => x.PostId));
        Assert.Equal(a, await store.FindIncidentOfPostAsync(2, Ct));
        Assert.Null(await store.FindIncidentOfPostAsync(3, Ct));
    }

    [Fact]
    public async Task CreateUnlessJoinedAsync_OthersJoinedAfterTheView_RefusedWithThoseJoinsThenCreatedFromTheWholeView()
    {
        var store = Provider.Incidents();
        var view = new IncidentView(await store.LastJoinAsync(Ct), 0);

        // Another writer opens an incident and adds a post after this view was taken.
        var p = Post(1);
        var other = await store.CreateAsync(Incident(p), p, Ct);
        Assert.True(await store.AddPostAsync(other, Post(2, minutes: 1), Ct));

        var q = Post(3, minutes: 2);
        var refused = await store.CreateUnlessJoinedAsync(Incident(q), q, view, Ct);

        Assert.Null(refused.IncidentId);
        Assert.Equal([(other, 1L), (other, 2L)], refused.Missed.Select(j => (j.IncidentId, j.Post.PostId)));
        Assert.Equal(p.Text, refused.Missed[0].Post.Text);
        Assert.Equal(await store.LastJoinAsync(Ct), refused.View.SeenThrough);
        Assert.Null(await store.FindIncidentOfPostAsync(3, Ct));

        var created = await store.CreateUnlessJoinedAsync(Incident(q), q, refused.View, Ct);

        Assert.NotNull(created.IncidentId);
        Assert.NotEqual(other, created.IncidentId);
        Assert.Empty(created.Missed);
        Assert.Equal(new IncidentView(await store.LastJoinAsync(Ct), 0), created.View);
        Assert.Equal(created.IncidentId, await store.FindIncidentOfPostAsync(3, Ct));
    }

    [Fact]
    public async Task CreateUnlessJoinedAsync_OnlyTheCallersOwnJoinsAfterTheView_Created()
    {
        var store = Provider.Incidents();
        var p = Post(1);
        var first = await store.CreateUnlessJoinedAsync(Incident(p), p, new IncidentView(0, 0), Ct);
        var view = first.View;
        Assert.True(await store.AddPostAsync(first.IncidentId!.Value, Post(2, minutes: 1), Ct));
        view = view.WithOwnJoin();

        var q = Post(3, minutes: 2);
        var second = await store.CreateUnlessJoinedAsync(Incident(q), q, view, Ct);

        Assert.NotNull(second.IncidentId);
        Assert.Empty(second.Missed);

        // Counted one join too few: someone else's join is assumed, so it is refused, never created blind.
        var r = Post(4, minutes: 3);
        var refused = await store.CreateUnlessJoinedAsync(Incident(r), r, first.View, Ct);
        Assert.Null(refused.IncidentId);
        Assert.Equal([2L, 3L], refused.Missed.Select(j => j.Post.PostId));
    }

    [Fact]
    public async Task AddPostAsync_Replay_FalseAndOneRow()
    {
        var store = Provider.Incidents();
        var p = Post(1);
        var id = await store.CreateAsync(Incident(p), p, Ct);

        Assert.True(await store.AddPostAsync(id, Post(2, minutes: 3), Ct));
        Assert.False(await store.AddPostAsync(id, Post(2, minutes: 3), Ct));
        Assert.Equal([1L, 2L], (await store.GetPostsAsync(id, Ct)).Select(x => x.PostId));
    }

    [Fact]
    public async Task UpdateGradedAsync_LevelChangedOrClosedSinceRead_Refused()
    {
        var store = Provider.Incidents();
        var p = Post(1);
        var id = await store.CreateAsync(Incident(p), p, Ct);
        var read = (await store.GetAsync(id, Ct))!;

        Assert.True(await store.UpdateGradedAsync(read with { Level = IncidentLevel.II, PostCount = 5, LastSeenUtc = T0.AddMinutes(9) }, IncidentLevel.III, Ct));
        Assert.False(await store.UpdateGradedAsync(read with { Level = IncidentLevel.IV }, IncidentLevel.III, Ct));
        await Provider.IncidentActions().CloseAsync(id, "值班员", "误报", null, T0, Ct);
        Assert.False(await store.UpdateGradedAsync(read with { Level = IncidentLevel.I }, IncidentLevel.II, Ct));

        var got = (await store.GetAsync(id, Ct))!;
        Assert.Equal((IncidentLevel.II, 5, T0.AddMinutes(9), "closed"), (got.Level, got.PostCount, got.LastSeenUtc, got.State));
    }

    [Fact]
    public async Task UpdateAsync_ThenListActiveSince_NewestFirstAndOldLeftOut()
    {
        var store = Provider.Incidents();
        var old = Post(1, minutes: -600);
        var a = Post(2);
        var b = Post(3, minutes: 5);
        await store.CreateAsync(Incident(old), old, Ct);
        var idA = await store.CreateAsync(Incident(a), a, Ct);
        var idB = await store.CreateAsync(Incident(b), b, Ct);
        await store.UpdateAsync((await store.GetAsync(idA, Ct))! with
        {
            Title = "改", LastSeenUtc = T0.AddMinutes(10), Level = IncidentLevel.I, Reasons = [new LevelReason("content_floor:leak@考试实施", IncidentLevel.I, "label leak")],
            Trend = "rising", Burst = true, PostCount = 7,
        }, Ct);

        var list = await store.ListAsync(T0.AddMinutes(-60), 10, Ct);

        Assert.Equal([idA, idB], list.Select(i => i.Id));
        Assert.Equal("改", list[0].Title);
        var updated = (await store.GetAsync(idA, Ct))!;
        Assert.Equal((IncidentLevel.I, "content_floor:leak@考试实施", "rising", true, 7), (updated.Level, Assert.Single(updated.Reasons).Rule, updated.Trend, updated.Burst, updated.PostCount));
        Assert.Equal(["qz-hqu"], updated.Sites);
    }
}
