using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage;
using SentimentWatch.Testing;

namespace SentimentWatch.Office.Tests.Support;

/// <summary>A real SQLite store in a temp directory with the office services over it, and a fake clock; seeds incidents the way the worker writes them.</summary>
internal sealed class OfficeStore : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 12, 1, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private int _seq;

    public OfficeStore(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "sw-office-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Paths:Data"] = Directory };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "config", "conf.d", "40-press-lines.json")).AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        services.AddLogging();
        services.AddStorage(configuration).AddPressLinesAndEvaluation(configuration).AddOffice();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string Directory { get; }

    public FakeTimeProvider Clock { get; } = new(T0);

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A stored, classified post in an incident with one open alert raised at the post's time (first stored = <paramref name="storedAt"/>).</summary>
    public async Task<(long Incident, long Alert, long Post)> SeedAsync(string text, IncidentLevel level, string label, DateTimeOffset storedAt)
    {
        var n = Interlocked.Increment(ref _seq);
        var pid = "p" + n;
        var url = new Uri($"http://127.0.0.1/weibo/{pid}");
        var written = await Get<IPostStore>().UpsertPostAsync(
            new CollectedPost("weibo-fakao", "weibo", pid, url, pid, null, new AuthorInfo("u" + n, "用户" + n, 10), null, text, storedAt.AddMinutes(-3), null, new Engagement(1, 2, 3, null), null),
            storedAt, CancellationToken.None);
        await Get<IClassificationStore>().SaveAsync(written.PostId, 1, storedAt.AddSeconds(2),
            new ClassificationResult(label, 0.9, new Dictionary<string, double> { [label] = 0.9 }, [], [], "test-model"), CancellationToken.None);
        var post = new IncidentPost(written.PostId, "weibo-fakao", "weibo", pid, pid, null, url, "u" + n, "用户" + n, 10, text, storedAt.AddMinutes(-3), label, 6, [], "first", null);
        var incident = await Get<IIncidentStore>().CreateAsync(new IncidentRecord(0, "k" + pid, text, level, [new LevelReason("content_floor:" + label, level, "内容底线")], storedAt.AddMinutes(-3), storedAt, written.PostId, url, 1,
            ["weibo"], [label], ["北京考点"], "flat", false, IncidentStates.Open), post, CancellationToken.None);
        var (alert, _) = await Get<IAlertStore>().RaiseAsync(
            new AlertRecord(0, $"incident:{incident}:level:{level}", "incident", incident, level, text, "摘要", [], storedAt.AddSeconds(30), "open", null, null, null),
            [new OutboxMessage(0, $"m{n}", null, "mail", "duty-officer", "duty@example.org", $"incident:{incident}", "subject", "text", null, "{}", 0, storedAt.AddSeconds(30), "pending", null, storedAt.AddSeconds(30), null)],
            [], CancellationToken.None);
        return (incident, alert.Id, written.PostId);
    }

    /// <summary>A stored post from <paramref name="platform"/> joining <paramref name="incident"/> (published <paramref name="publishedAt"/>, first stored <paramref name="storedAt"/>).</summary>
    public async Task<long> JoinAsync(long incident, string platform, DateTimeOffset storedAt, DateTimeOffset publishedAt)
    {
        var n = Interlocked.Increment(ref _seq);
        var pid = "p" + n;
        var url = new Uri($"http://127.0.0.1/{platform}/{pid}");
        var text = "转发：网传法考卷一泄露 " + pid;
        var written = await Get<IPostStore>().UpsertPostAsync(
            new CollectedPost(platform + "-fakao", platform, pid, url, pid, null, new AuthorInfo("u" + n, "用户" + n, 10), null, text, publishedAt, null, new Engagement(1, 2, 3, null), null),
            storedAt, CancellationToken.None);
        Assert.True(await Get<IIncidentStore>().AddPostAsync(incident,
            new IncidentPost(written.PostId, platform + "-fakao", platform, pid, pid, null, url, "u" + n, "用户" + n, 10, text, publishedAt, Labels.Leak, 6, [], "near_duplicate", null), CancellationToken.None));
        return written.PostId;
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
