using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Tests.Features;

public sealed class ExamSittingsTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void Resolve_NothingConfigured_2024SampleDatesAndEstimatedLaterYears()
    {
        var windows = ExamSittings.Resolve([], [], estimate: true);

        var objective2024 = Assert.Single(windows, w => w.Name == "2024 客观题");
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 0, 0, 0, Beijing), objective2024.Start);
        Assert.Equal(new DateOnly(2024, 9, 15), DateOnly.FromDateTime(objective2024.End.DateTime));
        var subjective2024 = Assert.Single(windows, w => w.Name == "2024 主观题");
        Assert.Equal(new DateTimeOffset(2024, 10, 12, 0, 0, 0, Beijing), subjective2024.Start);
        // 14 September 2025 is a Sunday: the nearest Saturday is the 13th.
        var objective2025 = Assert.Single(windows, w => w.Name.StartsWith("2025 客观题", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 0, 0, 0, Beijing), objective2025.Start);
        Assert.Contains("推算", objective2025.Name, StringComparison.Ordinal);
        Assert.All(windows, w => Assert.Equal(DayOfWeek.Saturday, w.Start.DayOfWeek));
        Assert.Equal(2 * (ExamSittings.LastEstimatedYear - ExamSittings.SampleYear + 1), windows.Count);
    }

    [Fact]
    public void Resolve_CalendarCoversAYear_CalendarDatesReplaceTheEstimateForThatYearOnly()
    {
        var calendar = new[] { Window("2026 客观题", new DateOnly(2026, 9, 19), new DateOnly(2026, 9, 20)) };

        var windows = ExamSittings.Resolve([], calendar, estimate: true);

        Assert.Contains(windows, w => w.Name == "2026 客观题");
        Assert.DoesNotContain(windows, w => w.Name.StartsWith("2026 ", StringComparison.Ordinal) && w.Name != "2026 客观题");
        Assert.Contains(windows, w => w.Name.StartsWith("2027 客观题", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_ExplicitWindowsAndEstimateOff_ExactlyTheExplicitWindows()
    {
        var configured = new[] { Window("A", new DateOnly(2026, 9, 19), new DateOnly(2026, 9, 19)) };
        var calendar = new[] { Window("B", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)) };

        var windows = ExamSittings.Resolve(configured, calendar, estimate: false);

        Assert.Equal("A", Assert.Single(windows).Name);
    }

    [Fact]
    public void FromCalendar_AlertingStages_OnlyExamSittingsAsWholeBeijingDays()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stages:0:Name"] = "报名", ["Stages:0:Start"] = "2026-06-16", ["Stages:0:End"] = "2026-06-27",
            ["Stages:1:Name"] = "考试实施", ["Stages:1:Label"] = "2026 客观题", ["Stages:1:Start"] = "2026-09-19", ["Stages:1:End"] = "2026-09-20",
            ["Stages:2:Name"] = "考试实施", ["Stages:2:Start"] = "2026-10-17", ["Stages:2:End"] = "2026-10-17",
            ["Stages:3:Name"] = "考试实施", ["Stages:3:Start"] = "not a date", ["Stages:3:End"] = "2026-10-18",
        }).Build();

        var windows = ExamSittings.FromCalendar(config.GetSection("Stages"));

        Assert.Equal(2, windows.Count);
        Assert.Equal("2026 客观题", windows[0].Name);
        Assert.Equal(new DateTimeOffset(2026, 9, 19, 0, 0, 0, Beijing), windows[0].Start);
        Assert.True(windows[0].End > new DateTimeOffset(2026, 9, 20, 23, 59, 0, Beijing));
        Assert.Equal("考试实施 2026-10-17", windows[1].Name);
    }

    [Fact]
    public void AddClassifier_ShippedAlertingCalendar_ClassifierUsesItsSittings()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Some.RepoRoot, "config", "conf.d", "30-alerting.json"), optional: false)
            .Build();
        using var sp = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddClassifier(config).BuildServiceProvider();

        var options = sp.GetRequiredService<IOptions<ClassifierOptions>>().Value;

        Assert.Empty(options.ExamWindows);
        Assert.Equal(["2024 客观题", "2024 主观题"], options.CalendarSittings.Select(w => w.Name));
        var effective = ExamSittings.Resolve(options.ExamWindows, options.CalendarSittings, options.EstimateExamWindows);
        Assert.Contains(effective, w => w.Name.StartsWith("2026 客观题", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyse_NoConfiguredWindows_TimingFeatureStillFiresOnExamDay()
    {
        var extractor = Some.Extractor(windows: ExamSittings.Resolve([], [], estimate: true));

        var post = extractor.Analyse("卷一第3题是什么", new DateTimeOffset(2024, 9, 14, 10, 0, 0, Beijing));

        Assert.Equal("timing: during exam sitting 2024 客观题", post.ExamTiming);
        Assert.Contains((1 << Some.SmallSpec.HashBits) + EngineeredFeatures.QuestionContentDuring, post.Features.Indices);
    }

    private static ExamWindow Window(string name, DateOnly first, DateOnly last) => new()
    {
        Name = name,
        Start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)),
        End = new DateTimeOffset(last.ToDateTime(TimeOnly.MaxValue), TimeSpan.FromHours(8)),
    };
}
