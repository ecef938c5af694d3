using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SentimentWatch.Classifier;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Segmentation;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Search;
using SentimentWatch.Testing;

namespace SentimentWatch.Storage.Tests.Search;

/// <summary>
/// A real store file with the search services composed as the host composes them (storage + the classifier's
/// segmenter as <see cref="ISearchTokenizer"/> + search). The segmenter is loaded once per test run and shared.
/// </summary>
internal sealed class SearchStore : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 20, 0, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<ISearchTokenizer> SharedTokenizer = new(() =>
    {
        var services = new ServiceCollection().AddLogging();
        var config = Configuration(Path.Combine(Path.GetTempPath(), "sw-search-tokenizer"), null);
        services.AddSingleton<IConfiguration>(config);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        services.AddClassifier(config);
        return services.BuildServiceProvider().GetRequiredService<ISearchTokenizer>();
    });

    private readonly ServiceProvider _provider;

    /// <param name="compose">More registrations after storage and search (another search provider, a test transport).</param>
    public SearchStore(TempDatabase db, IReadOnlyDictionary<string, string?>? settings = null, bool indexer = false, Action<IServiceCollection, IConfiguration>? compose = null)
    {
        Db = db;
        var config = Configuration(db.Directory, db.Database.Path, settings);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        services.AddSingleton(SharedTokenizer.Value);
        services.AddStorage(config).AddSearch(config);
        compose?.Invoke(services, config);
        if (indexer)
        {
            services.AddSearchIndexer(config);
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public TempDatabase Db { get; }

    public IServiceProvider Services => _provider;

    public IPostStore Posts => _provider.GetRequiredService<IPostStore>();

    public IPostSearch Search => _provider.GetRequiredService<IPostSearch>();

    public IPostSearchIndex Index => _provider.GetRequiredService<IPostSearchIndex>();

    public IReadOnlyList<IHostedService> HostedServices => _provider.GetServices<IHostedService>().ToList();

    public static CollectedPost Post(string id, string text, string? title = null, string platform = "tieba", string source = "tieba-fakao",
        string author = "卖家甲", DateTimeOffset? published = null) =>
        new(source, platform, id, new Uri($"https://{platform}.example.cn/p/{id}"), id, null, new AuthorInfo("uid-" + author, author, 10),
            title, text, published ?? T0, null, new Engagement(null, null, null, null), null);

    public async Task<long> StoreAsync(CollectedPost post)
    {
        var written = await Posts.UpsertPostAsync(post, T0.AddMinutes(1), CancellationToken.None);
        return written.PostId;
    }

    public Task ClassifyAsync(long postId, string label, params Contact[] contacts) => ClassifyAsync(postId, 1, label, contacts);

    public Task ClassifyAsync(long postId, int version, string label, params Contact[] contacts) =>
        _provider.GetRequiredService<IClassificationStore>().SaveAsync(postId, version, T0.AddMinutes(2),
            new ClassificationResult(label, 0.9, new Dictionary<string, double> { [label] = 0.9 }, contacts, ["test"], "test-model"), CancellationToken.None);

    public async Task<long> IncidentAsync(string title, IncidentLevel level, params long[] postIds)
    {
        var incidents = _provider.GetRequiredService<IIncidentStore>();
        long id = 0;
        foreach (var postId in postIds)
        {
            var post = (await Posts.GetPostAsync(postId, CancellationToken.None))!;
            var ip = new IncidentPost(postId, post.SourceId, post.Platform, post.PlatformPostId, post.ThreadId, null, post.Url, post.Author.Id, post.Author.DisplayName,
                null, post.Text, T0, "answer_selling", 0, [], id == 0 ? "first" : "shared_contact", null);
            if (id == 0)
            {
                id = await incidents.CreateAsync(new IncidentRecord(0, "k-" + title, title, level, [new LevelReason("seed", level, "seeded")], T0, T0, postId, post.Url, 1,
                    [post.Platform], ["answer_selling"], [], "rising", false, "open"), ip, CancellationToken.None);
            }
            else
            {
                await incidents.AddPostAsync(id, ip, CancellationToken.None);
            }
        }

        return id;
    }

    public async Task<IReadOnlyList<long>> FindAsync(PostSearchQuery query)
    {
        var result = await Search.SearchAsync(query, CancellationToken.None);
        return result.Hits.Select(h => h.PostId).ToList();
    }

    public void Dispose()
    {
        _provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static IConfiguration Configuration(string dataDir, string? database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Paths:Models"] = Path.Combine(RepoPaths.Root, "models"),
            ["Paths:Data"] = dataDir,
            ["Segmentation:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "sw-test-segmentation-cache"),
        };
        if (database is not null)
        {
            values["Storage:Database"] = database;
        }

        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

}
