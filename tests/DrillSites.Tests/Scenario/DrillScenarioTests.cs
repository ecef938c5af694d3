using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Tests.Support;
using SentimentWatch.Testing;

namespace SentimentWatch.DrillSites.Tests.Scenario;

public sealed class DrillScenarioTests
{
    [Fact]
    public void Parse_FullLine_ReadsEveryField()
    {
        const string jsonl = """
            // comment lines and blank lines are skipped

            {"id":"a","site":"discuz","board":"资料分享","author":{"id":"7","name":"甲","followers":12},"title":"T","text":"x\ny","at":5,"deleted_at":90,"edits":[{"at":30,"text":"z","title":"T2"}],"engagement":{"reposts":1,"likes":2,"views":3,"per_minute":{"reposts":0.5,"likes":1,"views":10}},"source":"网页","label":"normal"}
            {"id":"b","site":"discuz","parent":"a","author":{"id":"8","name":"乙"},"text":"reply","at":6}
            """;
        var s = DrillScenario.Parse(new StringReader(jsonl), "t.jsonl");

        Assert.Equal(2, s.Posts.Count);
        var a = s.Posts[0];
        Assert.Equal(("a", DrillSite.Discuz, "资料分享", "T", "x\ny"), (a.Id, a.Site, a.Board, a.Title, a.Text));
        Assert.Equal((5d, 90d), (a.At, a.DeletedAt!.Value));
        Assert.Equal(new ScenarioAuthor("7", "甲", 12), a.Author);
        Assert.Equal(new ScenarioEdit(30, "z", "T2"), Assert.Single(a.Edits));
        Assert.Equal((1L, 2L, 3L), a.Engagement.At(0));
        Assert.Equal((4L, 8L, 63L), a.Engagement.At(6));
        Assert.Equal(("网页", "normal"), (a.Source, a.Label));
        Assert.Equal("a", s.RootOf(s.Posts[1]).Id);
        Assert.Equal(90, s.Duration);
    }

    [Fact]
    public void Parse_BadLines_ReportsEveryProblemWithItsLine()
    {
        const string jsonl = """
            {"id":"a","site":"myspace","author":{"id":"1","name":"x"},"title":"t","text":"x"}
            not json
            {"id":"b","site":"tieba","author":{"id":"1"},"title":"t","text":"x","colour":"red","at":"soon"}
            """;
        var ex = Assert.Throws<ScenarioFormatException>(() => DrillScenario.Parse(new StringReader(jsonl), "bad.jsonl"));

        Assert.Contains(ex.Errors, e => e.StartsWith("bad.jsonl:1:", StringComparison.Ordinal) && e.Contains("site 'myspace'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("bad.jsonl:2:", StringComparison.Ordinal) && e.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("bad.jsonl:3:", StringComparison.Ordinal) && e.Contains("unknown field 'colour'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("bad.jsonl:3", StringComparison.Ordinal) && e.Contains("name is required", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("bad.jsonl:3:", StringComparison.Ordinal) && e.Contains("at '\"soon\"' must be a number", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InconsistentPosts_ReportsEachProblem()
    {
        var posts = new[]
        {
            Some.Root(DrillSite.Tieba, "t", at: 50),
            Some.Reply(DrillSite.Tieba, "early", "t", at: 10),
            Some.Reply(DrillSite.Tieba, "orphan", "nobody"),
            Some.Reply(DrillSite.Discuz, "cross", "t", at: 60),
            Some.Root(DrillSite.News, "t", at: 0),
            Some.Root(DrillSite.Feeds, "gone", at: 30, deletedAt: 10),
            Some.Root(DrillSite.Tieba, "notitle") with { Title = null },
            Some.Reply(DrillSite.Feeds, "feedreply", "gone", at: 40),
        };

        var ex = Assert.Throws<ScenarioFormatException>(() => new DrillScenario(posts));

        Assert.Contains(ex.Errors, e => e.Contains("'early'", StringComparison.Ordinal) && e.Contains("before its parent", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'orphan'", StringComparison.Ordinal) && e.Contains("parent 'nobody'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'cross'", StringComparison.Ordinal) && e.Contains("is on Tieba", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("duplicate id", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("deleted_at 10 is before at 30", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'notitle'", StringComparison.Ordinal) && e.Contains("needs a title", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("feed items cannot have a parent", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_Embedded_CoversEverySiteAndHarmfulKind()
    {
        var demo = DrillScenario.Demo();

        Assert.InRange(demo.Posts.Count, 130, 200);
        Assert.InRange(demo.Duration, 540, 660);
        foreach (var site in Enum.GetValues<DrillSite>())
        {
            Assert.Contains(demo.Posts, p => p.Site == site && p.Parent is null);
        }

        foreach (var label in new[] { "answer_selling", "leak_claim", "cheating_device", "score_scam", "rumour", "complaint", "notice", "arrest_news", "study_tips" })
        {
            Assert.Contains(demo.Posts, p => p.Label == label);
        }

        Assert.Contains(demo.Posts, p => p.Edits.Count > 0);
        Assert.True(demo.Posts.Count(p => p.DeletedAt is { } d && d - p.At <= 300) >= 3);
        Assert.Contains(demo.Posts, p => p.Text.Contains("答.案", StringComparison.Ordinal));
        Assert.Contains(demo.Posts, p => p.Text.Contains("V信", StringComparison.Ordinal));
    }

    [Fact]
    public void Demo_EmbeddedCopy_MatchesRepositoryFile()
    {
        var file = DrillScenario.Load(Path.Combine(RepoPaths.Root, "scenarios", "demo.jsonl"));

        Assert.Equal(file.Posts.Select(p => p.Id), DrillScenario.Demo().Posts.Select(p => p.Id));
    }

    [Fact]
    public void Generate_SameSeed_IsDeterministicAndSpreadOverSites()
    {
        var a = DrillScenario.Generate(1000, seed: 7, spreadSeconds: 60);
        var b = DrillScenario.Generate(1000, seed: 7, spreadSeconds: 60);

        Assert.Equal(1000, a.Posts.Count);
        Assert.Equal(a.Posts.Select(p => (p.Id, p.Text, p.At)), b.Posts.Select(p => (p.Id, p.Text, p.At)));
        Assert.All(Enum.GetValues<DrillSite>(), s => Assert.Equal(200, a.Posts.Count(p => p.Site == s)));
        Assert.Equal(60, a.Posts[^1].At);
        Assert.Contains(a.Posts, p => p.Site == DrillSite.Tieba && p.Parent is { } parent && a.Find(parent)!.Parent is not null);
    }
}
