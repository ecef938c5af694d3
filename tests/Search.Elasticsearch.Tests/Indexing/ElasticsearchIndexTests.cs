using System.Text.Json.Nodes;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Search.Elasticsearch.Indexing;
using SentimentWatch.Search.Elasticsearch.Tests.Support;
using SentimentWatch.Storage.Tests.Search;

namespace SentimentWatch.Search.Elasticsearch.Tests.Indexing;

public sealed class ElasticsearchIndexTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task EnsureTemplate_PutsMonthlyTemplateWithWordsAnalyzerKeywordFieldsAndAlias()
    {
        using var es = new EsHarness();
        await es.Index.EnsureTemplateAsync(None);

        var put = Assert.Single(es.Invoker.Sent);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("/_index_template/sentimentwatch-posts", put.Path);
        var body = JsonNode.Parse(put.Body)!;
        Assert.Contains("\"sentimentwatch-posts-*\"", body["index_patterns"]!.ToJsonString(), StringComparison.Ordinal);
        var template = body["template"]!;
        Assert.NotNull(template["aliases"]!["sentimentwatch-posts"]);
        var analyzer = template["settings"]!["analysis"]!["analyzer"]!["sw_words"]!;
        Assert.Equal("custom", analyzer["type"]!.GetValue<string>());
        Assert.Equal("whitespace", analyzer["tokenizer"]!.GetValue<string>());
        Assert.Contains("\"lowercase\"", analyzer["filter"]!.ToJsonString(), StringComparison.Ordinal); // one filter may be written as a string
        var mappings = template["mappings"]!;
        Assert.Equal("strict", mappings["dynamic"]!.GetValue<string>());
        var properties = mappings["properties"]!;
        foreach (var words in new[] { "title_words", "body_words", "history_words" })
        {
            Assert.Equal("text", properties[words]!["type"]!.GetValue<string>());
            Assert.Equal("sw_words", properties[words]!["analyzer"]!.GetValue<string>());
        }

        foreach (var keyword in new[] { "platform", "source_id", "label", "contacts", "author_id", "author_name" })
        {
            Assert.Equal("keyword", properties[keyword]!["type"]!.GetValue<string>());
        }

        Assert.Equal("date", properties["at"]!["type"]!.GetValue<string>());
        Assert.Equal("byte", properties["level"]!["type"]!.GetValue<string>());
        Assert.Equal("long", properties["incident_id"]!["type"]!.GetValue<string>());

        // Once per process: a second call sends nothing.
        await es.Index.EnsureTemplateAsync(None);
        Assert.Single(es.Invoker.Sent);
    }

    [Fact]
    public async Task CatchUp_BulkBody_IsNdjsonIntoTheMonthlyIndexWithExternalVersionAndJiebaWords()
    {
        using var es = new EsHarness();
        var seller = await es.Store.StoreAsync(SearchStore.Post("1", "出售司法考试答案，加QQ 1234 5678", title: "法考答案"));
        await es.Store.ClassifyAsync(seller, Labels.AnswerSelling, new Contact("qq", "12345678", "QQ 1234 5678", 0, 0));
        await es.Store.StoreAsync(SearchStore.Post("2", "今天复习民法", platform: "weibo", source: "weibo-search"));

        var report = await es.Index.CatchUpAsync(None);

        Assert.Equal(2, report.PostsIndexed);
        var bulk = Assert.Single(es.Invoker.Bulks);
        Assert.Equal("POST", bulk.Method);
        Assert.Equal("/_bulk", bulk.Path);
        Assert.EndsWith("\n", bulk.Body, StringComparison.Ordinal);
        var lines = bulk.Lines;
        Assert.Equal(4, lines.Count);
        var action = JsonNode.Parse(lines[0])!["index"]!;
        Assert.Equal(seller.ToString(System.Globalization.CultureInfo.InvariantCulture), action["_id"]!.GetValue<string>());
        Assert.Equal("sentimentwatch-posts-2026.09", action["_index"]!.GetValue<string>());
        Assert.Equal("external_gte", action["version_type"]!.GetValue<string>());
        Assert.True(action["version"]!.GetValue<long>() >= 2, "revision = post change + classification positions");
        var doc = JsonNode.Parse(lines[1])!;
        var words = doc["body_words"]!.GetValue<string>().Split(' ');
        Assert.Contains("答案", words);
        Assert.Contains("考试", words); // search mode: the word inside 司法考试
        Assert.Contains("答案", doc["title_words"]!.GetValue<string>().Split(' '));
        Assert.Equal("tieba", doc["platform"]!.GetValue<string>());
        Assert.Equal(Labels.AnswerSelling, doc["label"]!.GetValue<string>());
        Assert.Equal("12345678", doc["contacts"]![0]!.GetValue<string>());
        Assert.Equal("QQ 1234 5678", doc["contacts_raw"]![0]!.GetValue<string>());
        Assert.Equal("卖家甲", doc["author_name"]!.GetValue<string>());
        Assert.Equal(0, doc["level"]!.GetValue<int>());
        Assert.StartsWith("2026-09-20T00:30:00", doc["at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("weibo", JsonNode.Parse(lines[3])!["platform"]!.GetValue<string>());
        Assert.Equal(0, await es.Store.Search.LagAsync(None));
        // A catch-up ends with a refresh, so a search right after it sees every post.
        var last = es.Invoker.Sent.Last();
        Assert.Equal(("POST", "/sentimentwatch-posts/_refresh"), (last.Method, last.Path));
    }

    [Fact]
    public async Task CatchUp_PartialFailure_RetriesOnlyTheFailedItemsThenMovesTheCheckpoint()
    {
        using var es = new EsHarness();
        var a = await es.Store.StoreAsync(SearchStore.Post("1", "法考答案一"));
        var b = await es.Store.StoreAsync(SearchStore.Post("2", "法考答案二"));
        var c = await es.Store.StoreAsync(SearchStore.Post("3", "法考答案三"));
        var failed = new HashSet<string> { $"{b}" };
        es.Invoker.Handler = r => r.Path == "/_bulk"
            ? EsHarness.BulkAnswer(r, id => failed.Remove(id) ? 503 : 201)
            : EsHarness.Accept(r);

        var report = await es.Index.CatchUpAsync(None);

        Assert.Equal(3, report.PostsIndexed);
        var bulks = es.Invoker.Bulks;
        Assert.Equal(2, bulks.Count);
        Assert.Equal(6, bulks[0].Lines.Count);
        Assert.Equal(2, bulks[1].Lines.Count);
        Assert.Equal($"{b}", JsonNode.Parse(bulks[1].Lines[0])!["index"]!["_id"]!.GetValue<string>());
        Assert.Equal(0, await es.Store.Search.LagAsync(None));
        Assert.Equal(3, es.IndexedDocuments().Count);
        _ = (a, c);
    }

    [Fact]
    public async Task CatchUp_VersionConflict_IsANewerCopyAlreadyThere_NotRetried()
    {
        using var es = new EsHarness();
        var a = await es.Store.StoreAsync(SearchStore.Post("1", "法考答案一"));
        await es.Store.StoreAsync(SearchStore.Post("2", "法考答案二"));
        es.Invoker.Handler = r => r.Path == "/_bulk" ? EsHarness.BulkAnswer(r, id => id == $"{a}" ? 409 : 201) : EsHarness.Accept(r);

        await es.Index.CatchUpAsync(None);

        Assert.Single(es.Invoker.Bulks);
        Assert.Equal(0, await es.Store.Search.LagAsync(None));
    }

    [Fact]
    public async Task CatchUp_Answered429_BacksOffThenSendsTheSameBulkAndSucceeds()
    {
        using var es = new EsHarness();
        await es.Store.StoreAsync(SearchStore.Post("1", "法考答案一"));
        await es.Store.StoreAsync(SearchStore.Post("2", "法考答案二"));
        var refusals = 1;
        es.Invoker.Handler = r => r.Path == "/_bulk" && refusals-- > 0
            ? EsHarness.Error(429, "es_rejected_execution_exception", "rejected execution of coordinating operation")
            : EsHarness.Accept(r);

        var report = await es.Index.CatchUpAsync(None);

        Assert.Equal(2, report.PostsIndexed);
        var bulks = es.Invoker.Bulks;
        Assert.Equal(2, bulks.Count);
        Assert.Equal(bulks[0].Body, bulks[1].Body);
        Assert.Equal(0, await es.Store.Search.LagAsync(None));
    }

    [Fact]
    public void Backoff_DoublesPerAttemptUpToTheMaximum()
    {
        using var es = new EsHarness(settings: new Dictionary<string, string?>
        {
            ["Search:Elasticsearch:Backoff"] = "00:00:01",
            ["Search:Elasticsearch:MaxBackoff"] = "00:00:05",
        });

        Assert.Equal([1, 2, 4, 5, 5], new[] { 1, 2, 3, 4, 30 }.Select(a => es.Index.Backoff(a).TotalSeconds));
    }

    [Fact]
    public async Task CatchUp_ItemRefusedForGood_FailsNamingThePostAndKeepsTheCheckpoint()
    {
        using var es = new EsHarness();
        var a = await es.Store.StoreAsync(SearchStore.Post("1", "法考答案一"));
        es.Invoker.Handler = r => r.Path == "/_bulk" ? EsHarness.BulkAnswer(r, _ => 400) : EsHarness.Accept(r);

        var ex = await Assert.ThrowsAsync<ElasticsearchIndexException>(() => es.Index.CatchUpAsync(None));

        Assert.Contains($"post {a}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("document_parsing_exception", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, await es.Store.Search.LagAsync(None));
    }

    [Fact]
    public async Task IndexDown_PostsKeepBeingStored_ReadinessSaysBehind_CheckpointCatchesUpLater()
    {
        using var es = new EsHarness(_ => Answer.Unreachable());
        await es.Store.StoreAsync(SearchStore.Post("1", "法考答案一"));

        await Assert.ThrowsAsync<ElasticsearchIndexException>(() => es.Index.CatchUpAsync(None));
        // The crawler goes on storing while the cluster is down.
        await es.Store.StoreAsync(SearchStore.Post("2", "法考答案二"));
        await es.Store.StoreAsync(SearchStore.Post("3", "法考答案三"));
        await Assert.ThrowsAsync<ElasticsearchIndexException>(() => es.Index.CatchUpAsync(None));

        var down = await es.Readiness.CheckAsync(None);
        Assert.False(down.Ready);
        Assert.Equal(3, down.Behind);
        Assert.Contains("unreachable", down.Detail, StringComparison.Ordinal);

        es.Invoker.Handler = EsHarness.Accept;
        var report = await es.Index.CatchUpAsync(None);

        Assert.Equal(3, report.PostsIndexed);
        Assert.Equal(3, es.IndexedDocuments().Count);
        var up = await es.Readiness.CheckAsync(None);
        Assert.True(up.Ready);
        Assert.Equal(0, up.Behind);
    }

    [Fact]
    public async Task Edits_Classification_AndIncidentRegrading_ReindexThePostWithAHigherRevision()
    {
        using var es = new EsHarness();
        var id = await es.Store.StoreAsync(SearchStore.Post("1", "出售法考答案"));
        await es.Index.CatchUpAsync(None);
        var first = Revision(es.Invoker.Bulks[^1]);

        await es.Store.Posts.UpsertPostAsync(SearchStore.Post("1", "改过的内容"), SearchStore.T0.AddMinutes(3), None);
        await es.Index.CatchUpAsync(None);
        var edited = Revision(es.Invoker.Bulks[^1]);
        var doc = es.IndexedDocuments()[$"{id}"];
        Assert.Contains("答案", doc["history_words"]!.GetValue<string>().Split(' '));
        Assert.Equal(2, doc["version"]!.GetValue<int>());

        var incident = await es.Store.IncidentAsync("卖答案", IncidentLevel.III, id);
        await es.Index.CatchUpAsync(None);
        var joined = Revision(es.Invoker.Bulks[^1]);
        Assert.Equal((int)IncidentLevel.III, es.IndexedDocuments()[$"{id}"]["level"]!.GetValue<int>());
        Assert.Equal(incident, es.IndexedDocuments()[$"{id}"]["incident_id"]!.GetValue<long>());

        await using (var connection = await es.Store.Db.Database.OpenAsync(None))
        {
            await using var regrade = connection.CreateCommand();
            regrade.CommandText = $"UPDATE incidents SET level = {(int)IncidentLevel.I} WHERE id = {incident}";
            await regrade.ExecuteNonQueryAsync();
        }

        await es.Index.CatchUpAsync(None);
        var regraded = Revision(es.Invoker.Bulks[^1]);
        Assert.Equal((int)IncidentLevel.I, es.IndexedDocuments()[$"{id}"]["level"]!.GetValue<int>());
        Assert.True(first < edited && edited < joined && joined < regraded, $"{first} < {edited} < {joined} < {regraded}");
    }

    [Fact]
    public async Task Reindex_DeletesTheMonthlyIndicesByNameResetsTheCheckpointAndRebuilds()
    {
        using var es = new EsHarness(r => r.Method == "GET" && r.Path == "/sentimentwatch-posts-*"
            ? Answer.Ok("""{"sentimentwatch-posts-2026.08":{"aliases":{},"mappings":{},"settings":{}},"sentimentwatch-posts-2026.09":{"aliases":{},"mappings":{},"settings":{}}}""")
            : EsHarness.Accept(r));
        await es.Store.StoreAsync(SearchStore.Post("1", "法考答案一"));
        await es.Store.StoreAsync(SearchStore.Post("2", "法考答案二"));
        await es.Index.CatchUpAsync(None);

        var report = await es.Index.ReindexAsync(None);

        Assert.Equal(2, report.PostsIndexed);
        var sent = es.Invoker.Sent.ToList();
        var delete = Assert.Single(sent, r => r.Method == "DELETE");
        Assert.Equal("/sentimentwatch-posts-2026.08,sentimentwatch-posts-2026.09", Uri.UnescapeDataString(delete.Path));
        var after = sent.SkipWhile(r => r.Method != "DELETE").Skip(1).ToList();
        Assert.Equal("/_index_template/sentimentwatch-posts", after[0].Path);
        Assert.Equal(4, after[1].Lines.Count);
        Assert.Equal(0, await es.Store.Search.LagAsync(None));
    }

    private static long Revision(SentRequest bulk) => JsonNode.Parse(bulk.Lines[0])!["index"]!["version"]!.GetValue<long>();
}
