using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Calendar;

namespace SentimentWatch.Classifier.Tests.Features;

public sealed class ExamCalendarWiringTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void AddClassifier_ShippedCalendar_TimingUsesTheSessionsOfCoreCalendar()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Some.RepoRoot, "config", "conf.d", "10-calendar.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Paths:Models"] = Some.ModelsPath() })
            .Build();
        using var sp = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddClassifier(config).BuildServiceProvider();

        var provider = sp.GetRequiredService<ClassifierModelProvider>();
        var extractor = provider.CreateExtractor(Some.SmallSpec with { Segmenter = provider.SegmenterName });

        Assert.Contains(provider.Schedule.Sittings, s => s.Name == "2026 主观题" && s.Sessions.Count == 1 && s.FirstStart == new DateTimeOffset(2026, 10, 17, 8, 30, 0, Beijing));
        // The brief's 2026 客观题: batch 1 on the 12th, batch 2 on the 13th; the evening between them is still the sitting.
        Assert.StartsWith("timing: between batches of exam sitting 2026 客观题", extractor.Analyse("卷一第5题", new DateTimeOffset(2026, 9, 12, 21, 0, 0, Beijing)).ExamTiming, StringComparison.Ordinal);
        Assert.StartsWith("timing: 8 h after the last session of exam sitting 2026 主观题", extractor.Analyse("主观题第四题", new DateTimeOffset(2026, 10, 17, 20, 30, 0, Beijing)).ExamTiming, StringComparison.Ordinal);
    }

    [Fact]
    public void AddClassifier_BadSessionInCalendar_StartUpRefusesNamingTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Calendar:Sittings:0:Name"] = "2026 客观题",
            ["Calendar:Sittings:0:Sessions:0:Date"] = "2026-09-12",
            ["Calendar:Sittings:0:Sessions:0:Start"] = "14:00",
            ["Calendar:Sittings:0:Sessions:0:End"] = "11:30",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddClassifier(config).BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExamCalendarOptions>>().Value);

        Assert.Contains("Calendar:Sittings:0:Sessions:0:End '11:30' must be after Start 14:00", ex.Failures);
    }
}
