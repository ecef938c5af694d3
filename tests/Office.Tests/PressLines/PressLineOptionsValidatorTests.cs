using Microsoft.Extensions.Configuration;
using SentimentWatch.Office.PressLines;
using SentimentWatch.Office.Tests.Support;
using SentimentWatch.Testing;

namespace SentimentWatch.Office.Tests.PressLines;

public sealed class PressLineOptionsValidatorTests
{
    [Fact]
    public void Validate_ConfigTemplateWithUnknownFactAndBadLabel_NamesKeyAndLine()
    {
        var options = new PressLineOptions
        {
            Templates =
            {
                ["clarify"] = new PressLineTemplateOptions
                {
                    Labels = ["leak", "gossip"],
                    Line = ["第一行", "第二行 {{ incident.title }}", "第三行 {{ reporter.phone }}"],
                    Release = ["{% if %}"],
                },
            },
        };

        var result = new PressLineOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Office:PressLines:Templates:clarify:Line:2 ", StringComparison.Ordinal) && f.Contains("reporter.phone", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Office:PressLines:Templates:clarify:Release:0 ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Office:PressLines:Templates:clarify:Labels 'gossip'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ShippedTemplates_AreSound_AndCoverEveryHarmfulLabel()
    {
        var root = RepoPaths.Root;
        var options = new PressLineOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "config", "conf.d", "40-press-lines.json")).Build().GetSection(PressLineOptions.Section).Bind(options);

        var result = new PressLineOptionsValidator().Validate(null, options);

        Assert.False(result.Failed, string.Join("\n", result.Failures ?? []));
        Assert.Equal(["answer_selling", "cheating", "complaint", "fraud", "leak", "rumour"], options.Templates.Values.SelectMany(t => t.Labels).Order(StringComparer.Ordinal));
        Assert.All(options.Templates.Values, t => Assert.True(t.Line.Length > 0 && t.Release.Length > 0));
        Assert.Equal(File.ReadAllText(Path.Combine(root, "config", "conf.d", "40-press-lines.json")), File.ReadAllText(Path.Combine(root, "config", "demo", "conf.d", "40-press-lines.json")));
    }
}
