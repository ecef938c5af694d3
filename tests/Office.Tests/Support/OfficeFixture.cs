using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Office;
using SentimentWatch.Office.Reports;
using SentimentWatch.Storage;
using SentimentWatch.Testing;

namespace SentimentWatch.Office.Tests.Support;

/// <summary>
/// A real SQLite store (every Storage store, as <c>sw</c> registers them) and the office stage over it, with small
/// builders that write posts, classifications, incidents, alerts and runs the way the pipeline stores them.
/// </summary>
internal sealed class OfficeFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 12, 1, 30, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();
    private readonly ServiceProvider _services;
    private int _seq;

    public OfficeFixture(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var keys = new Dictionary<string, string?> { ["Paths:Data"] = _db.Directory, ["Storage:Database"] = _db.Database.Path };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            keys[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(Clock)
            .AddLogging()
            .AddStorage(configuration)
            .AddOffice()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public FakeTimeProvider Clock { get; } = new(T0.AddHours(2));

    public string Directory => _db.Directory;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ReportService Reports => Get<ReportService>();

    /// <summary>Stores a post and its classification; returns the incident view of it.</summary>
    public async Task<IncidentPost> PostAsync(string platform, string text, DateTimeOffset at, string label = Labels.Leak, long engagement = 10, string? author = "考生甲")
    {
        var n = Interlocked.Increment(ref _seq);
        var url = new Uri($"http://127.0.0.1:9/{platform}/p/{n}");
        var stored = await Get<IPostStore>().UpsertPostAsync(
            new CollectedPost(platform + "-src", platform, "p" + n, url, null, null, new AuthorInfo("u" + n, author, 100), null, text, at, null, new Engagement(engagement, 0, 0, 0), null),
            at, CancellationToken.None);
        await Get<IClassificationStore>().SaveAsync(stored.PostId, stored.Version, at, new ClassificationResult(label, 0.9, new Dictionary<string, double>(), [], [], "test"), CancellationToken.None);
        return new IncidentPost(stored.PostId, platform + "-src", platform, "p" + n, null, null, url, "u" + n, author, 100, text, at, label, engagement, [], "first", null);
    }

    /// <summary>An incident holding <paramref name="posts"/> (the first is its 首发), graded <paramref name="level"/> with one reason.</summary>
    public async Task<IncidentRecord> IncidentAsync(IncidentLevel level, params IncidentPost[] posts)
    {
        var first = posts[0];
        var record = new IncidentRecord(0, "k" + first.PostId, first.Text[..Math.Min(20, first.Text.Length)], level,
            level == IncidentLevel.None ? [] : [new LevelReason("content_floor:leak", level, "leak claim during the sitting")],
            first.At, posts[^1].At, first.PostId, first.Url, posts.Length, [.. posts.Select(p => p.Platform).Distinct()], [.. posts.Select(p => p.Label).Distinct()],
            [.. posts.Select(p => p.SourceId).Distinct()], "rising", false, IncidentStates.Open);
        var store = Get<IIncidentStore>();
        var id = await store.CreateAsync(record, first, CancellationToken.None);
        foreach (var p in posts.Skip(1))
        {
            await store.AddPostAsync(id, p, CancellationToken.None);
        }

        return (await store.GetAsync(id, CancellationToken.None))!;
    }

    public async Task<AlertRecord> AlertAsync(IncidentRecord incident, DateTimeOffset at)
    {
        var (alert, _) = await Get<IAlertStore>().RaiseAsync(
            new AlertRecord(0, $"incident:{incident.Id}:level:{incident.Level}", "incident", incident.Id, incident.Level, incident.Title, "summary", incident.Reasons, at, "open", null, null, null),
            [], [], CancellationToken.None);
        return alert;
    }

    public Task RunAsync(string sourceId, DateTimeOffset at, SourceRunStatus status, int newPosts) =>
        Get<ISourceStateStore>().RecordRunAsync(new SourceRunReport(sourceId, at, at.AddSeconds(5), status, 1, newPosts, newPosts, 0, 0, new Dictionary<int, int> { [200] = 1 }, []), CancellationToken.None);

    public void Dispose()
    {
        _services.Dispose();
        _db.Dispose();
    }
}
