using Elastic.Clients.Elasticsearch.IndexManagement;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Search;
using SentimentWatch.Search.Elasticsearch.Indexing;
using SentimentWatch.Storage.Tests.Search;

namespace SentimentWatch.Search.Elasticsearch.Tests.Live;

/// <summary>
/// The provider against a real cluster (Elasticsearch 9.5 or later, as the 9.5 client supports): template, monthly index and alias created, posts indexed with
/// their words, every filter answered by the cluster, a rebuild, and the readiness check. Each run uses its own index
/// prefix and deletes what it created.
/// </summary>
public sealed class LiveElasticsearchTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _db = new();
    private readonly string _prefix = "sw-test-" + Guid.NewGuid().ToString("N")[..12];
    private SearchStore? _store;

    public void Dispose()
    {
        if (_store is not null)
        {
            var client = _store.Services.GetRequiredService<ElasticsearchConnection>().Client;
            // By name: clusters refuse wildcard deletes by default (action.destructive_requires_name).
            foreach (var index in client.Indices.Get(new GetIndexRequest(_prefix + "-posts-*")).Indices.Keys)
            {
                client.Indices.Delete(new DeleteIndexRequest(index));
            }

            client.Indices.DeleteIndexTemplate(new DeleteIndexTemplateRequest(_prefix + "-posts"));
            _store.Dispose();
        }

        _db.Dispose();
    }

    [LiveElasticsearchFact]
    public async Task IndexSearchFilterAndRebuild_AgainstARealCluster()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Search:Provider"] = "elasticsearch",
            ["Search:Elasticsearch:Urls:0"] = Environment.GetEnvironmentVariable(LiveElasticsearchFactAttribute.Variable),
            ["Search:Elasticsearch:IndexPrefix"] = _prefix,
            ["Search:Elasticsearch:Replicas"] = "0",
        };
        if (Environment.GetEnvironmentVariable("SW_TEST_ELASTICSEARCH_USER") is { Length: > 0 } user)
        {
            settings["Search:Elasticsearch:Username"] = user;
            settings["Search:Elasticsearch:Password"] = "env:SW_TEST_ELASTICSEARCH_PASSWORD";
        }

        _store = new SearchStore(_db, settings, compose: (services, config) => services.AddElasticsearchSearch(config));
        var seller = await _store.StoreAsync(SearchStore.Post("1", "出售司法考试答案，加QQ 1234 5678"));
        await _store.ClassifyAsync(seller, Labels.AnswerSelling, new Contact("qq", "12345678", "QQ 1234 5678", 0, 0));
        var weibo = await _store.StoreAsync(SearchStore.Post("2", "法考答案什么时候公布", platform: "weibo", source: "weibo-search", author: "考生乙"));
        await _store.IncidentAsync("卖答案", IncidentLevel.III, seller);

        Assert.Equal(2, (await _store.Index.CatchUpAsync(None)).PostsIndexed);
        var client = _store.Services.GetRequiredService<ElasticsearchConnection>().Client;
        Assert.True((await client.Indices.RefreshAsync(new RefreshRequest(_prefix + "-posts"), None)).IsValidResponse);

        Assert.Equal([seller, weibo], (await _store.FindAsync(new PostSearchQuery("答案"))).Order());
        Assert.Equal([seller], await _store.FindAsync(new PostSearchQuery("考试")));
        Assert.Equal([weibo], await _store.FindAsync(new PostSearchQuery("答案", Platform: "weibo")));
        Assert.Equal([seller], await _store.FindAsync(new PostSearchQuery(Label: Labels.AnswerSelling)));
        Assert.Equal([seller], await _store.FindAsync(new PostSearchQuery(MinLevel: IncidentLevel.III)));
        Assert.Equal([weibo], await _store.FindAsync(new PostSearchQuery(Author: "考生乙")));
        var actor = await _store.Search.SearchAsync(new PostSearchQuery(Contact: "QQ 1234 5678"), None);
        Assert.Equal([seller], actor.Hits.Select(h => h.PostId));
        Assert.Single(actor.Incidents);

        Assert.Equal(2, (await _store.Index.ReindexAsync(None)).PostsIndexed);
        await client.Indices.RefreshAsync(new RefreshRequest(_prefix + "-posts"), None);
        Assert.Equal(2, (await _store.Search.SearchAsync(new PostSearchQuery("答案"), None)).Total);
        var ready = await _store.Services.GetServices<Core.Operations.IReadinessCheck>().Single(c => c.Name == "index").CheckAsync(None);
        Assert.True(ready.Ready, ready.Detail);
        Assert.Equal(0, ready.Behind);
    }
}
