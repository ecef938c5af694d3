using Microsoft.Extensions.Options;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Office.PressLines;

/// <summary>Start-up check of the configured templates: every line that does not parse or names an unknown fact, all at once.</summary>
internal sealed class PressLineOptionsValidator : IValidateOptions<PressLineOptions>
{
    public ValidateOptionsResult Validate(string? name, PressLineOptions options)
    {
        var errors = new ConfigErrors();
        const string S = PressLineOptions.Section;
        foreach (var (set, t) in options.Templates)
        {
            foreach (var label in t.Labels.Where(l => !Labels.All.Contains(l)))
            {
                errors.Add($"{S}:Templates:{set}:Labels", label, $"is not a label ({string.Join(", ", Labels.All)})");
            }

            Check(errors, $"{S}:Templates:{set}:Line", t.Line);
            Check(errors, $"{S}:Templates:{set}:Release", t.Release);
        }

        return errors.ToResult();
    }

    private static void Check(ConfigErrors errors, string key, string[] lines)
    {
        foreach (var problem in LiquidText.Check(string.Join('\n', lines), out _))
        {
            var index = Math.Clamp(problem.Line - 1, 0, Math.Max(0, lines.Length - 1));
            errors.Add($"{key}:{index}", lines.Length > 0 ? lines[index] : string.Empty, problem.Message);
        }
    }
}
