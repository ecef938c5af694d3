using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Fetching.Browser;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Crawler.Tests.Collection;

public sealed class SourceRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-runner-" + Guid.NewGuid().ToString("N"));
    private readonly ScriptedSite _site = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
    private readonly SqlitePostStore _posts;
    private readonly SqliteSourceStateStore _state;
    private readonly ISourceRunner _runner;
    private readonly List<ServiceProvider> _providers = [];
    private readonly SourceOptions _source = new() { Id = "s1", Kind = SourceKind.Json, Platform = "forum", Urls = [ScriptedSite.Url("list?page=1").AbsoluteUri], MaxPages = 5, DarkAfterRuns = 2 };

    public SourceRunnerTests()
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "t.db"));
        _posts = new SqlitePostStore(db);
        _state = new SqliteSourceStateStore(db, _time);
        _runner = Runner(db, _posts, _state, new CollectionOptions());
    }

    /// <summary>The runner as the crawler composes it (<c>AddCollection</c>), over the scripted site and real SQLite stores.</summary>
    private ISourceRunner Runner(SqliteDatabase db, SqlitePostStore posts, SqliteSourceStateStore state, CollectionOptions options)
    {
        var services = new ServiceCollection()
            .AddSingleton<IPageFetcher>(_site)
            .AddSingleton<IPageParser>(_site)
            .AddSingleton<IPostStore>(posts)
            .AddSingleton<ISourceStateStore>(state)
            .AddSingleton<IUrlValidatorStore>(new SqliteUrlValidatorStore(db))
            .AddSingleton<IRecrawlStore>(new SentimentWatch.Storage.Recrawl.SqliteRecrawlStore(db))
            .AddSingleton(new StorageFaults(_time))
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(Options.Create(options))
            .AddSingleton<IPageRenderer>(new ChromiumPageRenderer(_site, Options.Create(new BrowserOptions()), _time, NullLogger<ChromiumPageRenderer>.Instance))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddCollection();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider.GetRequiredService<ISourceRunner>();
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_FreshSource_WalksEveryPageAndStoresEveryPost()
    {
        _site.ListPage("list?page=1", ["5", "4"], "list?page=2");
        _site.ListPage("list?page=2", ["3", "2"], "list?page=3");
        _site.ListPage("list?page=3", ["1"]);

        var report = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Ok, report.Status);
        Assert.Equal(5, report.NewPosts);
        Assert.Equal(5, report.ItemsParsed);
        Assert.Equal(3, report.PagesFetched);
        Assert.Equal(5, await _posts.CountPostsAsync(CancellationToken.None));
        Assert.Empty(report.Failures);
    }

    [Fact]
    public async Task Run_SecondRunWithNothingNew_StopsAtFirstPageOfKnownPosts()
    {
        _site.ListPage("list?page=1", ["5", "4"], "list?page=2");
        _site.ListPage("list?page=2", ["3"]);
        await _runner.RunAsync(_source, CancellationToken.None);
        _site.Fetched.Clear();

        var report = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(["http://127.0.0.1:9/list?page=1"], _site.Fetched);
        Assert.Equal(SourceRunStatus.Ok, report.Status);
        Assert.Equal(0, report.NewPosts);
    }

    [Fact]
    public async Task Run_PageFailsMidway_CursorStaysOnFailedPage_AndNextRunCollectsIt()
    {
        _site.ListPage("list?page=1", ["6", "5"], "list?page=2");
        _site.Status("list?page=2", 500);

        var first = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Partial, first.Status);
        var failure = Assert.Single(first.Failures);
        Assert.Equal("http://127.0.0.1:9/list?page=2", failure.Url!.AbsoluteUri);
        Assert.Contains("list?page=2", await _state.GetCursorAsync("s1", CancellationToken.None));

        _site.ListPage("list?page=2", ["4", "3"]);
        var second = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Ok, second.Status);
        Assert.Equal(2, second.NewPosts);
        Assert.Equal(4, await _posts.CountPostsAsync(CancellationToken.None));
        Assert.DoesNotContain("list?page=2", await _state.GetCursorAsync("s1", CancellationToken.None));
    }

    [Theory]
    [InlineData(PageVerdict.Captcha, SourceFailureKind.Captcha)]
    [InlineData(PageVerdict.LoginWall, SourceFailureKind.LoginWall)]
    [InlineData(PageVerdict.BlockPage, SourceFailureKind.BlockPage)]
    [InlineData(PageVerdict.NotParseable, SourceFailureKind.NotParseable)]
    public async Task Run_BlockedPage_IsAFailureNeverNothingNew(PageVerdict verdict, SourceFailureKind expected)
    {
        _site.Verdict("list?page=1", verdict, "marker found");

        var report = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        Assert.Equal(expected, Assert.Single(report.Failures).Kind);
    }

    [Fact]
    public async Task Run_ZeroItemsFromAListThatYieldedBefore_IsAFailure()
    {
        _site.ListPage("list?page=1", ["2", "1"]);
        await _runner.RunAsync(_source, CancellationToken.None);
        _site.ListPage("list?page=1", []);

        var report = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Failed, report.Status);
        Assert.Equal(SourceFailureKind.ZeroItems, Assert.Single(report.Failures).Kind);
    }

    [Fact]
    public async Task Run_ZeroItemsWithThePageSayingNoResults_IsNotAFailure()
    {
        _site.ListPage("list?page=1", ["2", "1"]);
        await _runner.RunAsync(_source, CancellationToken.None);
        _site.ConfirmedEmptyPage("list?page=1");

        var report = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Ok, report.Status);
        Assert.Empty(report.Failures);
    }

    [Fact]
    public async Task Run_ZeroItemsOnAListThatNeverYielded_IsNotAFailure()
    {
        _site.ListPage("list?page=1", []);

        var report = await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Ok, report.Status);
    }

    [Fact]
    public async Task Run_FailingForDarkAfterRuns_RaisesOneHealthEventPerThreshold()
    {
        _site.Verdict("list?page=1", PageVerdict.Captcha, "验证码");

        await _runner.RunAsync(_source, CancellationToken.None);
        Assert.Empty(await _state.GetHealthEventsAfterAsync(0, 10, CancellationToken.None));
        await _runner.RunAsync(_source, CancellationToken.None);
        var raised = Assert.Single(await _state.GetHealthEventsAfterAsync(0, 10, CancellationToken.None));
        await _runner.RunAsync(_source, CancellationToken.None);

        Assert.Equal("s1", raised.SourceId);
        Assert.Equal("failed", raised.Kind);
        Assert.Equal(2, raised.ConsecutiveFailures);
        Assert.Contains("验证码", raised.Message);
        Assert.Single(await _state.GetHealthEventsAfterAsync(0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Run_PageBudgetRunsOutAfterSourceYieldedBefore_ReportsPossibleGapAndResumesThere()
    {
        var source = new SourceOptions { Id = "s1", Kind = SourceKind.Json, Platform = "forum", Urls = _source.Urls, MaxPages = 1 };
        _site.ListPage("list?page=1", ["1"]);
        await _runner.RunAsync(source, CancellationToken.None);
        _site.ListPage("list?page=1", ["9", "8"], "list?page=2");
        _site.ListPage("list?page=2", ["7", "1"]);

        var report = await _runner.RunAsync(source, CancellationToken.None);

        Assert.Equal(SourceRunStatus.Partial, report.Status);
        Assert.Contains("page budget", Assert.Single(report.Failures).Reason);
        _site.Fetched.Clear();
        var next = await _runner.RunAsync(source, CancellationToken.None);
        Assert.Equal(1, next.NewPosts);
        Assert.Contains("http://127.0.0.1:9/list?page=2", _site.Fetched);
    }

    [Fact]
    public async Task Run_RecrawlEvery_ThreadRefetchedOnlyOnceTheIntervalHasPassed()
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "every.db"));
        using var posts = new SqlitePostStore(db);
        var runner = Runner(db, posts, new SqliteSourceStateStore(db, _time), new CollectionOptions { RecrawlEvery = TimeSpan.FromMinutes(2) });
        var source = new SourceOptions { Id = "s1", Kind = SourceKind.Html, Platform = "forum", Urls = _source.Urls, Selectors = { ["detail.body"] = ".body" } };
        _site.ListPage("list?page=1", ["1", "2"]);
        await runner.RunAsync(source, CancellationToken.None);
        _site.Status("p/1", 404);

        _time.Advance(TimeSpan.FromMinutes(1));
        var early = await runner.RunAsync(source, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));
        var due = await runner.RunAsync(source, CancellationToken.None);

        Assert.Equal(0, early.DeletedPosts);
        Assert.Equal(1, due.DeletedPosts);
        Assert.Equal("HTTP 404", (await posts.FindPostAsync("s1", "1", CancellationToken.None))!.DeletedReason);
    }

    [Fact]
    public async Task Run_KnownThreadListedWithMoreReplies_ThreadReReadAndNewReplyStoredWithoutWaitingForRecrawl()
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "replies.db"));
        using var posts = new SqlitePostStore(db);
        var runner = Runner(db, posts, new SqliteSourceStateStore(db, _time), new CollectionOptions { RecrawlEvery = TimeSpan.FromHours(1) });
        var source = new SourceOptions { Id = "s1", Kind = SourceKind.Html, Platform = "forum", Urls = _source.Urls, Selectors = { ["detail.body"] = ".body" } };
        _site.ThreadList("list?page=1", ("1", 1), ("2", 0));
        _site.ThreadPage("1", "1r1");
        _site.ThreadPage("2");
        await runner.RunAsync(source, CancellationToken.None);
        _site.ThreadList("list?page=1", ("1", 2), ("2", 0));
        _site.ThreadPage("1", "1r1", "1r2");
        _time.Advance(TimeSpan.FromMinutes(1));

        var second = await runner.RunAsync(source, CancellationToken.None);
        var fetchedBeforeThird = _site.Fetched.Count;
        var third = await runner.RunAsync(source, CancellationToken.None);

        Assert.Equal(1, second.NewPosts);
        Assert.Equal("1", (await posts.FindPostAsync("s1", "1r2", CancellationToken.None))!.ParentPlatformPostId);
        Assert.Equal("正文1", (await posts.FindPostAsync("s1", "1", CancellationToken.None))!.Text);
        // The list's count is now the stored one: the next run reads the list only.
        Assert.Equal(0, third.NewPosts);
        Assert.Equal([ScriptedSite.Url("list?page=1").AbsoluteUri], _site.Fetched.Skip(fetchedBeforeThird));
    }

    [Fact]
    public async Task Run_HtmlSourceWithDetailPages_RecrawlRecordsDeletionAndEdits()
    {
        var source = new SourceOptions { Id = "s1", Kind = SourceKind.Html, Platform = "forum", Urls = _source.Urls, Selectors = { ["detail.body"] = ".body" } };
        _site.ListPage("list?page=1", ["1", "2"]);
        await _runner.RunAsync(source, CancellationToken.None);
        _site.Status("p/1", 404);
        _site.DetailPage("2", "正文2（已编辑）");

        var report = await _runner.RunAsync(source, CancellationToken.None);

        Assert.Equal(1, report.DeletedPosts);
        Assert.Equal(1, report.UpdatedPosts);
        var deleted = await _posts.FindPostAsync("s1", "1", CancellationToken.None);
        Assert.Equal(_time.GetUtcNow(), deleted!.DeletedAtUtc);
        Assert.Equal("HTTP 404", deleted.DeletedReason);
        Assert.Equal(2, (await _posts.FindPostAsync("s1", "2", CancellationToken.None))!.Version);
    }
}
