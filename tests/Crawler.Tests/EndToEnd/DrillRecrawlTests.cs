using System.Globalization;
using SentimentWatch.Core.Collection;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>
/// The recrawl of a JSON (microblog) source against the drill Weibo site: <c>/statuses/show?id=</c> per known post
/// refreshes engagement, records edits, and records deletions — and never takes an error page for a deletion.
/// </summary>
public sealed class DrillRecrawlTests
{
    private static ScenarioPost Weibo(string id, double at, string text, double? deletedAt = null, IReadOnlyList<ScenarioEdit>? edits = null) => new()
    {
        Id = id,
        Site = DrillSite.Weibo,
        Text = text,
        At = at,
        DeletedAt = deletedAt,
        Edits = edits ?? [],
        Author = new ScenarioAuthor("5001", "法考答案君", 1200),
        Engagement = new ScenarioEngagement(1, 2, 0, 6, 12, 0),
    };

    private static DrillScenario Scenario() => new(
    [
        Weibo("gone", 2, "出售法考客观题答案，考前押题，私信", deletedAt: 900),
        Weibo("edited", 1, "法考真题解析明早发布", edits: [new ScenarioEdit(600, "法考真题解析已发布，加群领取")]),
        Weibo("steady", 0, "今天法考客观题考场秩序良好"),
    ]);

    // One microblog per timeline page: a later run stops at page 1 (the newest, already stored), so the older posts are
    // refreshed by the recrawl alone, never by the list walk.
    private static Task<DrillHarness> StartAsync() => DrillHarness.StartAsync(Scenario(), new DrillPageSizes { WeiboCards = 1 });

    private static string Mid(DrillHarness h, string id) => h.Drill.PlatformIdOf(id).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Run_WeiboPostDeletedOnTheSite_RecordedDeletedWithTheTimeAfterNextRecrawl()
    {
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        var first = await h.RunAsync("drill-weibo");
        Assert.True(first.Status == SourceRunStatus.Ok, Describe(first));
        var stored = await h.Posts.FindPostAsync("drill-weibo", Mid(h, "gone"), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Null(stored.DeletedAtUtc);

        h.Clock.Advance(TimeSpan.FromSeconds(1000));
        // Scenario time, which only the crawler's own delays move during the run: the deletion time is exact, not a guess
        // within a wall-clock window.
        var before = h.Clock.GetUtcNow();
        var second = await h.RunAsync("drill-weibo");
        var after = h.Clock.GetUtcNow();

        Assert.True(second.Status == SourceRunStatus.Ok, Describe(second));
        Assert.Equal(1, second.DeletedPosts);
        var gone = await h.Posts.GetPostAsync(stored.Id, CancellationToken.None);
        Assert.NotNull(gone!.DeletedAtUtc);
        Assert.InRange(gone.DeletedAtUtc.Value, before, after);
        Assert.True(gone.DeletedAtUtc.Value > h.Drill.Start.AddSeconds(900), $"recorded deleted at {gone.DeletedAtUtc:O}, before the site deleted it");
        Assert.Contains("statuses/show", gone.DeletedReason, StringComparison.Ordinal);
        Assert.Null((await h.Posts.FindPostAsync("drill-weibo", Mid(h, "steady"), CancellationToken.None))!.DeletedAtUtc);
    }

    [Fact]
    public async Task Run_RecrawlOfWeiboPosts_AppendsEngagementSnapshotsAndRecordsTheEdit()
    {
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(SourceRunStatus.Ok, (await h.RunAsync("drill-weibo")).Status);
        var steady = (await h.Posts.FindPostAsync("drill-weibo", Mid(h, "steady"), CancellationToken.None))!;
        var snapshotsBefore = await h.Posts.GetEngagementAsync(steady.Id, CancellationToken.None);

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await h.RunAsync("drill-weibo");

        Assert.True(second.Status == SourceRunStatus.Ok, Describe(second));
        var snapshots = await h.Posts.GetEngagementAsync(steady.Id, CancellationToken.None);
        Assert.True(snapshots.Count > snapshotsBefore.Count, $"{snapshots.Count} snapshots after the recrawl, {snapshotsBefore.Count} before");
        Assert.True(snapshots[^1].Counts.Likes > snapshotsBefore[^1].Counts.Likes,
            $"likes {snapshotsBefore[^1].Counts.Likes} then {snapshots[^1].Counts.Likes}: the recrawl did not read the grown counts");
        var edited = (await h.Posts.FindPostAsync("drill-weibo", Mid(h, "edited"), CancellationToken.None))!;
        var versions = await h.Posts.GetPostVersionsAsync(edited.Id, CancellationToken.None);
        Assert.Equal(2, versions.Count);
        Assert.Contains("明早发布", versions[0].Text, StringComparison.Ordinal);
        Assert.Contains("加群领取", versions[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RecrawlAnswers500_IsAFailureNotADeletion()
    {
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(SourceRunStatus.Ok, (await h.RunAsync("drill-weibo")).Status);

        // Past the deletion time: the site would say "deleted", but its API endpoint is down.
        h.Clock.Advance(TimeSpan.FromSeconds(1000));
        h.Drill.Control(DrillSite.Weibo).FailPath = "/statuses/show";
        var report = await h.RunAsync("drill-weibo");

        Assert.NotEqual(SourceRunStatus.Ok, report.Status);
        Assert.Equal(0, report.DeletedPosts);
        Assert.Contains(report.Failures, f => f.Kind == SourceFailureKind.HttpStatus && f.Url!.AbsoluteUri.Contains("statuses/show", StringComparison.Ordinal));
        Assert.Null((await h.Posts.FindPostAsync("drill-weibo", Mid(h, "gone"), CancellationToken.None))!.DeletedAtUtc);

        // Once the endpoint is back, the deletion is recorded.
        h.Drill.Control(DrillSite.Weibo).FailPath = null;
        Assert.Equal(1, (await h.RunAsync("drill-weibo")).DeletedPosts);
    }

    [Fact]
    public async Task Run_RecrawlAnswersCaptcha_IsACaptchaFailureNotADeletion()
    {
        await using var h = await StartAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(SourceRunStatus.Ok, (await h.RunAsync("drill-weibo")).Status);

        h.Clock.Advance(TimeSpan.FromSeconds(60));
        h.Drill.Control(DrillSite.Weibo).Captcha = true;
        var report = await h.RunAsync("drill-weibo");

        Assert.NotEqual(SourceRunStatus.Ok, report.Status);
        Assert.Equal(0, report.DeletedPosts);
        Assert.Contains(report.Failures, f => f.Kind == SourceFailureKind.Captcha && f.Url!.AbsoluteUri.Contains("statuses/show", StringComparison.Ordinal));
        foreach (var id in new[] { "gone", "edited", "steady" })
        {
            Assert.Null((await h.Posts.FindPostAsync("drill-weibo", Mid(h, id), CancellationToken.None))!.DeletedAtUtc);
        }
    }

    [Fact]
    public async Task Run_ManyStoredComments_RecrawlBudgetSpentOnThreadStartersNotComments()
    {
        // Comments are stored as posts too; with a budget of 2 re-fetches per run, the deleted microblog must still be
        // re-fetched (its comments have no API answer of their own and must not use up the budget).
        var posts = new List<ScenarioPost>(Scenario().Posts);
        foreach (var parent in new[] { "gone", "edited", "steady" })
        {
            for (var i = 0; i < 4; i++)
            {
                posts.Add(new ScenarioPost
                {
                    Id = $"{parent}-c{i}", Site = DrillSite.Weibo, Parent = parent, Text = $"评论{i}：求答案", At = 10 + i,
                    Author = new ScenarioAuthor("6001", "路人", 3),
                });
            }
        }

        await using var h = await DrillHarness.StartAsync(new DrillScenario(posts), new DrillPageSizes { WeiboCards = 1 },
            new Dictionary<string, string?> { ["Crawler:Collection:RecrawlMaxPerRun"] = "2" });
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(SourceRunStatus.Ok, (await h.RunAsync("drill-weibo")).Status);
        Assert.NotNull(await h.Posts.FindPostAsync("drill-weibo", Mid(h, "gone-c0"), CancellationToken.None));

        h.Clock.Advance(TimeSpan.FromSeconds(1000));
        // Two runs of two re-fetches cover the three microblogs whichever order they come in.
        var deleted = (await h.RunAsync("drill-weibo")).DeletedPosts + (await h.RunAsync("drill-weibo")).DeletedPosts;

        Assert.Equal(1, deleted);
        Assert.NotNull((await h.Posts.FindPostAsync("drill-weibo", Mid(h, "gone"), CancellationToken.None))!.DeletedAtUtc);
    }

    [Theory]
    [InlineData("drill-tieba", DrillSite.Tieba)]
    [InlineData("drill-discuz", DrillSite.Discuz)]
    [InlineData("drill-news", DrillSite.News)]
    public async Task Run_HtmlThreadDeletedOnTheSite_RecordedDeletedAfterNextRecrawl(string sourceId, DrillSite site)
    {
        ScenarioPost Thread(string id, double at, double? deletedAt) => new()
        {
            Id = id, Site = site, Title = "法考答案" + id, Text = "考前出售客观题答案，联系方式见图" + id, At = at, DeletedAt = deletedAt,
            Author = new ScenarioAuthor("7001", "卖家", 0),
        };

        await using var h = await DrillHarness.StartAsync(new DrillScenario([Thread("gone", 2, 900), Thread("steady", 1, null)]));
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        var first = await h.RunAsync(sourceId);
        Assert.True(first.Status == SourceRunStatus.Ok, Describe(first));
        var gone = await h.Posts.FindPostAsync(sourceId, Mid(h, "gone"), CancellationToken.None);
        Assert.NotNull(gone);

        h.Clock.Advance(TimeSpan.FromSeconds(1000));
        var second = await h.RunAsync(sourceId);

        Assert.True(second.Status == SourceRunStatus.Ok, Describe(second));
        Assert.Equal(1, second.DeletedPosts);
        Assert.NotNull((await h.Posts.GetPostAsync(gone.Id, CancellationToken.None))!.DeletedAtUtc);
        Assert.Null((await h.Posts.FindPostAsync(sourceId, Mid(h, "steady"), CancellationToken.None))!.DeletedAtUtc);
    }

    [Fact]
    public async Task Run_LongMicroblogTruncatedInTheTimeline_NeverRecordedAsEditedByItsAbstract()
    {
        // The timeline shows 140 characters and "...全文"; the full text comes from /statuses/extend and /statuses/show.
        // The abstract must not overwrite the full text (a false edit) on the first run or on any later one.
        var longText = "法考客观题答案出售，" + new string('考', 200) + "，联系方式见主页";
        await using var h = await DrillHarness.StartAsync(new DrillScenario([Weibo("long", 0, longText), Weibo("short", 1, "今天考场秩序良好")]));
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        var runs = new List<SourceRunReport> { await h.RunAsync("drill-weibo") };
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        runs.Add(await h.RunAsync("drill-weibo"));
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        runs.Add(await h.RunAsync("drill-weibo"));

        Assert.All(runs, r => Assert.True(r.Status == SourceRunStatus.Ok, Describe(r)));
        Assert.All(runs, r => Assert.Equal(0, r.UpdatedPosts));
        var stored = (await h.Posts.FindPostAsync("drill-weibo", Mid(h, "long"), CancellationToken.None))!;
        Assert.Single(await h.Posts.GetPostVersionsAsync(stored.Id, CancellationToken.None));
        Assert.EndsWith("联系方式见主页", stored.Text, StringComparison.Ordinal);
        Assert.True((await h.Posts.GetEngagementAsync(stored.Id, CancellationToken.None)).Count >= 3);
    }

    private static string Describe(SourceRunReport report) =>
        report.Status + ": " + string.Join("\n", report.Failures.Select(f => $"{f.Kind} {f.Url} {f.Reason}"));
}
