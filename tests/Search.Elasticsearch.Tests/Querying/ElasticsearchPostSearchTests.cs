using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Search;
using SentimentWatch.Search.Elasticsearch.Indexing;
using SentimentWatch.Search.Elasticsearch.Tests.Support;
using SentimentWatch.Storage.Tests.Search;

namespace SentimentWatch.Search.Elasticsearch.Tests.Querying;

public sealed class ElasticsearchPostSearchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Search_Words_EachWordMustMatchAWordFieldByScoreThenNewest()
    {
        using var es = new EsHarness(r => Answer.Ok(EmptyHits));
        await es.Store.Search.SearchAsync(new PostSearchQuery("法考答案"), None);

        var (sent, body) = SearchSent(es);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/sentimentwatch-posts/_search", sent.Path);
        var must = body["query"]!["bool"]!["must"]!.AsArray();
        Assert.Equal(["法考", "答案"], must.Select(m => m!["multi_match"]!["query"]!.GetValue<string>()));
        var first = must[0]!["multi_match"]!;
        Assert.Equal(["title_words^3", "body_words", "history_words^0.5"], first["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("and", first["operator"]!.GetValue<string>());
        Assert.Empty(Filters(body));
        var sort = body["sort"]!.ToJsonString();
        Assert.True(sort.IndexOf("_score", StringComparison.Ordinal) < sort.IndexOf("\"at\"", StringComparison.Ordinal), sort);
        Assert.Equal(10000, body["track_total_hits"]!.GetValue<int>());
        Assert.Equal(50, body["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_EveryFilter_IsAKeywordNumberOrDateFilterInsideTheIndex()
    {
        using var es = new EsHarness(r => Answer.Ok(EmptyHits));
        var query = new PostSearchQuery(null, new DateTimeOffset(2026, 9, 20, 0, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 9, 20, 23, 59, 59, TimeSpan.FromHours(8)),
            Platform: "weibo", SourceId: "weibo-search", Label: "answer_selling", MinLevel: IncidentLevel.III, Author: "卖家甲", Limit: 100000, Offset: 20);
        await es.Store.Search.SearchAsync(query, None);

        var (_, body) = SearchSent(es);
        var filter = Filters(body).Select(f => f.ToJsonString()).ToList();
        Assert.Contains("""{"range":{"at":{"gte":"2026-09-19T16:00:00Z","lte":"2026-09-20T15:59:59Z"}}}""", filter);
        Assert.Contains("""{"term":{"platform":{"value":"weibo"}}}""", filter);
        Assert.Contains("""{"term":{"source_id":{"value":"weibo-search"}}}""", filter);
        Assert.Contains("""{"term":{"label":{"value":"answer_selling"}}}""", filter);
        Assert.Contains("""{"range":{"level":{"gte":2}}}""", filter);
        Assert.Contains(filter, f => f.Contains("author_name", StringComparison.Ordinal) && f.Contains("author_id", StringComparison.Ordinal) && f.Contains("\"minimum_should_match\":1", StringComparison.Ordinal));
        Assert.Null(body["query"]!["bool"]!["must"]?.AsArray().FirstOrDefault());
        Assert.StartsWith("[{\"at\"", body["sort"]!.ToJsonString(), StringComparison.Ordinal); // no words: newest first
        Assert.Equal(500, body["size"]!.GetValue<int>()); // Search:MaxResults
        Assert.Equal(20, body["from"]!.GetValue<int>());
        Assert.Null(body["aggregations"]);
    }

    [Fact]
    public async Task Search_Contact_LooksUpEveryFormAndAggregatesIncidents()
    {
        using var es = new EsHarness(r => Answer.Ok(EmptyHits));
        await es.Store.Search.SearchAsync(new PostSearchQuery(Contact: "QQ 1234 5678"), None);

        var (_, body) = SearchSent(es);
        var terms = Filters(body).Single()["terms"]!["contacts"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("12345678", terms);
        Assert.Contains("QQ 1234 5678", terms);
        Assert.Equal("incident_id", body["aggregations"]!["incidents"]!["terms"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_OnlyPunctuation_FindsNothingWithoutAskingTheCluster()
    {
        using var es = new EsHarness(r => Answer.Ok(EmptyHits));
        var result = await es.Store.Search.SearchAsync(new PostSearchQuery("\"*()-^"), None);

        Assert.Empty(result.Hits);
        Assert.Empty(es.Invoker.Sent);
    }

    [Fact]
    public async Task Search_NormalResponse_HitsCompletedFromTheStoreWithSnippetLabelContactsAndIncidents()
    {
        using var es = new EsHarness();
        var seller = await es.Store.StoreAsync(SearchStore.Post("1", "出售司法考试答案，加QQ 1234 5678"));
        await es.Store.ClassifyAsync(seller, Labels.AnswerSelling, new Contact("qq", "12345678", "QQ 1234 5678", 0, 0));
        var other = await es.Store.StoreAsync(SearchStore.Post("2", "答案什么时候公布"));
        var incident = await es.Store.IncidentAsync("卖答案", IncidentLevel.II, seller);
        es.Invoker.Handler = r => Answer.Ok("""
            {"took":5,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":10000,"relation":"gte"},"max_score":2.5,"hits":[
               {"_index":"sentimentwatch-posts-2026.09","_id":"SELLER","_score":2.5,"_source":{"post_id":SELLER,"label":"answer_selling","confidence":0.9,"contacts":["12345678"],"contacts_raw":["QQ 1234 5678"]}},
               {"_index":"sentimentwatch-posts-2026.09","_id":"OTHER","_score":1.0,"_source":{"post_id":OTHER,"contacts":[],"contacts_raw":[]}}]},
             "aggregations":{"lterms#incidents":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":INCIDENT,"doc_count":1}]}}}
            """.Replace("SELLER", $"{seller}", StringComparison.Ordinal).Replace("OTHER", $"{other}", StringComparison.Ordinal).Replace("INCIDENT", $"{incident}", StringComparison.Ordinal));

        var result = await es.Store.Search.SearchAsync(new PostSearchQuery("答案", Contact: "12345678"), None);

        Assert.Equal(10000, result.Total);
        Assert.True(result.TotalIsAtLeast);
        Assert.Equal([seller, other], result.Hits.Select(h => h.PostId));
        var hit = result.Hits[0];
        Assert.Equal(2.5, hit.Score);
        Assert.Equal(Labels.AnswerSelling, hit.Label);
        Assert.Equal(["12345678"], hit.Contacts);
        Assert.Contains("⟦答案⟧", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("⟦QQ 1234 5678⟧", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal(incident, hit.IncidentId);
        Assert.Equal(IncidentLevel.II, hit.Level); // read from the store as it is now
        Assert.Equal("tieba-fakao", hit.SourceId);
        var found = Assert.Single(result.Incidents);
        Assert.Equal((incident, 1L, IncidentLevel.II), (found.IncidentId, found.MatchingPosts, found.Level));
    }

    [Fact]
    public async Task Search_ErrorResponse_FailsWithTheClustersReason()
    {
        using var es = new EsHarness(r => EsHarness.Error(503, "search_phase_execution_exception", "all shards failed"));

        var ex = await Assert.ThrowsAsync<ElasticsearchIndexException>(() => es.Store.Search.SearchAsync(new PostSearchQuery("答案"), None));

        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Contains("all shards failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ClusterUnreachable_FailsRatherThanAnsweringNothing()
    {
        using var es = new EsHarness(_ => Answer.Unreachable());

        await Assert.ThrowsAsync<ElasticsearchIndexException>(() => es.Store.Search.SearchAsync(new PostSearchQuery("答案"), None));
    }

    [Fact]
    public void Composition_ProviderElasticsearch_ReplacesTheEmbeddedSearch()
    {
        using var es = new EsHarness();

        Assert.IsType<Elasticsearch.Querying.ElasticsearchPostSearch>(es.Store.Search);
        Assert.IsType<ElasticsearchIndex>(es.Store.Index);
        Assert.Single(es.Store.Services.GetServices<Core.Operations.IReadinessCheck>(), c => c.Name == "index");
    }

    private const string EmptyHits = """{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}""";

    /// <summary>The bool query's filters (the client writes a single one as an object, several as an array; Elasticsearch takes both).</summary>
    private static IReadOnlyList<JsonNode> Filters(JsonNode body) => body["query"]!["bool"]!["filter"] switch
    {
        null => [],
        JsonArray a => a.Select(f => f!).ToList(),
        var one => [one],
    };

    private static (SentRequest Sent, JsonNode Body) SearchSent(EsHarness es)
    {
        var sent = Assert.Single(es.Invoker.Sent);
        return (sent, JsonNode.Parse(sent.Body)!);
    }
}
