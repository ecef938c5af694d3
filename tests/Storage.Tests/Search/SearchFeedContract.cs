using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Tests.Contracts;
using Records = SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.Search;

/// <summary>
/// The <see cref="ISearchFeed"/> contract on every provider: the three feeds past a consumer's checkpoint, the
/// documents as the store holds them now, a checkpoint moved only by a commit from the position it was read at, and
/// no post lost (bounded batches continue where the last one stopped; a reset starts over).
/// </summary>
public abstract class SearchFeedContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset T0 = Support.Some.T0;

    private static ClassificationResult Result(string label, params Contact[] contacts) =>
        new(label, 0.875, new Dictionary<string, double> { [label] = 0.875 }, contacts, [], "m1");

    [Fact]
    public async Task ReadAsync_NewPosts_DocumentsAsStored_CommitMovesTheCheckpoint_LagFollows()
    {
        var feed = Provider.SearchFeed(TimeProvider.System);
        var posts = Provider.Posts();
        Assert.True((await feed.ReadAsync("es", 100, Ct)).IsEmpty);
        var a = (await posts.UpsertPostAsync(Support.Some.Post(id: "1"), T0, Ct)).PostId;
        var b = (await posts.UpsertPostAsync(Support.Some.Post(id: "2", text: "第二条 出答案"), T0.AddMinutes(1), Ct)).PostId;
        Assert.Equal(2, await feed.LagAsync("es", Ct));

        var batch = await feed.ReadAsync("es", 100, Ct);

        Assert.Equal(new SearchFeedPositions(0, 0, 0), batch.From);
        Assert.Equal([a, b], batch.Documents.Select(d => d.PostId));
        var doc = batch.Documents[1];
        Assert.Equal(("tieba-fakao", "tieba", "第二条 出答案", "出答案", 1, "u1", "作者u1"), (doc.SourceId, doc.Platform, doc.Text, doc.Title, doc.Version, doc.AuthorId, doc.AuthorName));
        Assert.Equal((T0.AddMinutes(-5), T0.AddMinutes(1)), (doc.AtUtc, doc.FirstSeenUtc));
        Assert.Equal((null, null, null, IncidentLevel.None, null), (doc.Label, doc.Confidence, doc.IncidentId, doc.Level, doc.DeletedAtUtc));
        Assert.True(doc.Revision > 0);
        Assert.True(await feed.CommitAsync("es", batch, Ct));
        Assert.True((await feed.ReadAsync("es", 100, Ct)).IsEmpty);
        Assert.Equal(0, await feed.LagAsync("es", Ct));
        Assert.Equal(2, await feed.LagAsync("another-consumer", Ct));
    }

    [Fact]
    public async Task CommitAsync_FromAPositionAnotherIndexerMoved_RefusedAndNothingWritten()
    {
        var feed = Provider.SearchFeed(TimeProvider.System);
        await Provider.Posts().UpsertPostAsync(Support.Some.Post(id: "1"), T0, Ct);
        var first = await feed.ReadAsync("es", 100, Ct);
        var second = await feed.ReadAsync("es", 100, Ct);
        Assert.True(await feed.CommitAsync("es", first, Ct));
        await Provider.Posts().UpsertPostAsync(Support.Some.Post(id: "2", text: "另一条 加V"), T0, Ct);

        Assert.False(await feed.CommitAsync("es", second, Ct));
        var next = await feed.ReadAsync("es", 100, Ct);
        Assert.Equal(first.To, next.From);
        Assert.Single(next.Documents);
    }

    [Fact]
    public async Task ReadAsync_BoundedBatches_ContinueWhereTheLastStopped_ResetStartsOver()
    {
        var feed = Provider.SearchFeed(TimeProvider.System);
        var posts = Provider.Posts();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await posts.UpsertPostAsync(Support.Some.Post(id: $"{10 + i}", text: $"第{i}条"), T0, Ct)).PostId);
        }

        var seen = new List<long>();
        for (var batch = await feed.ReadAsync("es", 2, Ct); !batch.IsEmpty; batch = await feed.ReadAsync("es", 2, Ct))
        {
            Assert.True(batch.Documents.Count <= 2);
            seen.AddRange(batch.Documents.Select(d => d.PostId));
            Assert.True(await feed.CommitAsync("es", batch, Ct));
        }

        await feed.ResetAsync("es", Ct);
        var again = await feed.ReadAsync("es", 100, Ct);

        Assert.Equal(ids, seen);
        Assert.Equal(new SearchFeedPositions(0, 0, 0), again.From);
        Assert.Equal(ids, again.Documents.Select(d => d.PostId));
    }

    [Fact]
    public async Task ReadAsync_EditLabelIncidentAndMerge_EachTouchesThePost_RevisionGrows_DocumentIsTheStoreNow()
    {
        var feed = Provider.SearchFeed(TimeProvider.System);
        var posts = Provider.Posts();
        var id = (await posts.UpsertPostAsync(Support.Some.Post(id: "1", text: "旧文 出答案"), T0, Ct)).PostId;
        var other = (await posts.UpsertPostAsync(Support.Some.Post(id: "2", text: "另一条"), T0, Ct)).PostId;
        var start = await feed.ReadAsync("es", 100, Ct);
        Assert.True(await feed.CommitAsync("es", start, Ct));
        var revision = start.Documents.Single(d => d.PostId == id).Revision;

        // An edit: the earlier version's text stays searchable.
        await posts.UpsertPostAsync(Support.Some.Post(id: "1", text: "新文 加V"), T0.AddMinutes(1), Ct);
        var edited = Assert.Single((await Next(feed)).Documents);
        Assert.Equal((id, 2, "新文 加V"), (edited.PostId, edited.Version, edited.Text));
        Assert.Contains("旧文 出答案", edited.EarlierVersions, StringComparison.Ordinal);
        Assert.True(edited.Revision > revision);

        // A classification: label, confidence, contacts of every classified version.
        await Provider.Classifications().SaveAsync(id, 1, T0, Result(Labels.AnswerSelling, new Contact("qq", "2876543210", "Q2876543210", 0, 11)), Ct);
        await Provider.Classifications().SaveAsync(id, 2, T0, Result(Labels.Normal), Ct);
        var labelled = Assert.Single((await Next(feed)).Documents);
        Assert.Equal((Labels.Normal, 0.875), (labelled.Label, labelled.Confidence));
        Assert.Equal([new SearchContact("2876543210", "Q2876543210", "qq")], labelled.Contacts);
        Assert.True(labelled.Revision > edited.Revision);

        // Joining an incident, then the incident merged into a more severe one: every post of both, at the absorber's level.
        var incidents = Provider.Incidents();
        var low = await incidents.CreateAsync(Records.Incident(Records.Post(id), level: IncidentLevel.IV), Records.Post(id), Ct);
        var joined = Assert.Single((await Next(feed)).Documents);
        Assert.Equal((low, IncidentLevel.IV), (joined.IncidentId, joined.Level));
        var high = await incidents.CreateAsync(Records.Incident(Records.Post(other), level: IncidentLevel.II), Records.Post(other), Ct);
        await Next(feed);
        await Provider.IncidentActions().MergeAsync(high, low, "duty-a", "same story", T0, Ct);
        var merged = (await Next(feed)).Documents;
        Assert.Equal([(id, high, IncidentLevel.II), (other, high, IncidentLevel.II)], merged.Select(d => (d.PostId, d.IncidentId, d.Level)));

        // Hydration and incidents read the store as it is now.
        var hit = Assert.Single(await feed.HydrateAsync([new SearchHitRef(id, 1.5, "normal", 0.875, ["2876543210"], ["Q2876543210"])], ["新文"], 40, Ct));
        Assert.Equal((id, high, IncidentLevel.II, 2, "tieba-fakao"), (hit.PostId, hit.IncidentId, hit.Level, hit.Version, hit.SourceId));
        Assert.Contains("新文", hit.Snippet, StringComparison.Ordinal);
        Assert.Empty(await feed.HydrateAsync([new SearchHitRef(424242, 1, null, null, [], [])], [], 40, Ct));
        var listed = await feed.IncidentsAsync([(high, 2), (low, 1)], Ct);
        Assert.Equal([(high, IncidentLevel.II, 2L), (low, IncidentLevel.IV, 1L)], listed.Select(i => (i.IncidentId, i.Level, i.MatchingPosts)));
    }

    private static async Task<SearchFeedBatch> Next(ISearchFeed feed)
    {
        var batch = await feed.ReadAsync("es", 100, Ct);
        Assert.False(batch.IsEmpty);
        Assert.True(await feed.CommitAsync("es", batch, Ct));
        return batch;
    }
}
