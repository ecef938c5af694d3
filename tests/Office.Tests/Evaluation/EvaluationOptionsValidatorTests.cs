using Microsoft.Extensions.Configuration;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Testing;

namespace SentimentWatch.Office.Tests.Evaluation;

public sealed class EvaluationOptionsValidatorTests
{
    private static (EvaluationOptions Options, IConfiguration Configuration) Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var options = new EvaluationOptions();
        configuration.GetSection(EvaluationOptions.Section).Bind(options);
        return (options, configuration);
    }

    [Fact]
    public void Validate_ShippedTargets_ValidAndReadAsTimeSpans()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "config", "conf.d", "40-press-lines.json")).Build();
        var options = new EvaluationOptions();
        configuration.GetSection(EvaluationOptions.Section).Bind(options);

        var result = new EvaluationOptionsValidator(configuration).Validate(null, options);

        Assert.False(result.Failed, string.Join("\n", result.Failures ?? []));
        Assert.Equal(TimeSpan.FromMinutes(10), options.Targets["acknowledged"].Within["I"]);
        Assert.Equal(TimeSpan.FromHours(4), options.Targets["acknowledged"].Within["IV"]);
    }

    [Fact]
    public void Validate_OldMinutesNumbers_RefusedNamingTheKeyToWrite()
    {
        var (options, configuration) = Bind(("Office:Evaluation:Targets:acknowledged:From", "first_stored"), ("Office:Evaluation:Targets:acknowledged:Minutes:I", "10"));

        var result = new EvaluationOptionsValidator(configuration).Validate(null, options);

        Assert.Equal(["Office:Evaluation:Targets:acknowledged:Minutes: is no longer read (minutes as numbers): write Office:Evaluation:Targets:acknowledged:Within:LEVEL as a time span, e.g. 00:10:00 for ten minutes"],
            result.Failures);
    }

    [Fact]
    public void Validate_UnknownLevelAndZeroSpan_EachNamed()
    {
        var (options, configuration) = Bind(("Office:Evaluation:Targets:alerted:Within:V", "00:10:00"), ("Office:Evaluation:Targets:alerted:Within:I", "00:00:00"));

        var failures = new EvaluationOptionsValidator(configuration).Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains("Office:Evaluation:Targets:alerted:Within:V '00:10:00' names no level (I, II, III, IV)", failures);
        Assert.Contains(failures, f => f.StartsWith("Office:Evaluation:Targets:alerted:Within:I '00:00:00' must be between 00:00:01 and 30.00:00:00", StringComparison.Ordinal));
    }
}
