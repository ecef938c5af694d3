using Microsoft.Extensions.Options;
using SentimentWatch.Host.Cli;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>How the verb kernel decides which options a verb validates (<see cref="Verb.StageOf"/>).</summary>
public sealed class VerbScopeTests
{
    [Fact]
    public void StageOf_EveryValidatedOptionsClassOfTheHost_BelongsToAStageOrIsSharedOnPurpose()
    {
        var builder = SwHost.CreateBuilder(Path.Combine(SwProcess.RepoRoot, "config"));
        var validated = builder.Services
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(t => t.GetGenericArguments()[0])
            .Distinct()
            .ToList();

        // Only Paths, Node and Redaction (every verb logs, and its log lines mask URL credentials) are read by every verb;
        // an options class that lands in Base by accident is validated by every verb (safe, but it stops verbs that never
        // read it): map it to its stage in Verb.StageOf.
        var everyVerb = validated.Where(t => Verb.StageOf(t) == Uses.Base).Select(t => t.FullName).ToList();
        Assert.Subset(new HashSet<string?>
        {
            typeof(Core.Configuration.PathsOptions).FullName, typeof(Core.Operations.NodeOptions).FullName, typeof(Core.Configuration.RedactionOptions).FullName,
        }, everyVerb.ToHashSet());
        Assert.Contains(validated, t => Verb.StageOf(t) == Uses.Alerting);
        Assert.Contains(validated, t => Verb.StageOf(t) == Uses.Crawler);
    }

    [Theory]
    [InlineData(typeof(Core.Calendar.ExamCalendarOptions), "Classifier, Alerting, Office")]
    [InlineData(typeof(Core.Net.OutboundRules), "Crawler, Alerting, Evidence")]
    [InlineData(typeof(Core.Pages.HtmlParseLimits), "Crawler, Evidence")]
    [InlineData(typeof(Storage.StorageOptions), "Store")]
    [InlineData(typeof(Crawler.Sources.CrawlerOptions), "Crawler")]
    [InlineData(typeof(Core.Operations.NodeOptions), "Base")]
    [InlineData(typeof(Core.Configuration.RedactionOptions), "Base")]
    [InlineData(typeof(Core.Exercise.ExerciseOptions), "Alerting, Console, Office")]
    public void StageOf_SharedAndStageOptions_TheStagesThatReadThem(Type options, string expected) =>
        Assert.Equal(expected, Verb.StageOf(options).ToString());
}
