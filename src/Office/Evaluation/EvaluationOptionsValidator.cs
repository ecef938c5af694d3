using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Office.Evaluation;

internal sealed class EvaluationOptionsValidator(IConfiguration configuration) : IValidateOptions<EvaluationOptions>
{
    private static readonly string[] Levels = ["I", "II", "III", "IV"];

    public ValidateOptionsResult Validate(string? name, EvaluationOptions options)
    {
        var errors = new ConfigErrors();
        const string S = EvaluationOptions.Section;
        // Targets were minutes as numbers: the binder would skip them silently and every step would lose its target.
        foreach (var retired in configuration.GetSection($"{S}:Targets").GetChildren().Select(t => t.GetSection("Minutes")).Where(m => m.Exists()))
        {
            errors.Add(retired.Path, $"is no longer read (minutes as numbers): write {retired.Path[..^"Minutes".Length]}Within:LEVEL as a time span, e.g. 00:10:00 for ten minutes");
        }

        foreach (var (step, target) in options.Targets)
        {
            var index = EvaluationSteps.All.ToList().IndexOf(step);
            if (index < 0)
            {
                errors.Add($"{S}:Targets:{step}", step, $"is not a step ({string.Join(", ", EvaluationSteps.All)})");
                continue;
            }

            var from = EvaluationSteps.All.ToList().IndexOf(target.From);
            if (from < 0 || from >= index)
            {
                errors.Add($"{S}:Targets:{step}:From", target.From, $"must be a step before {step} ({string.Join(", ", EvaluationSteps.All.Take(index))})");
            }

            foreach (var (level, within) in target.Within)
            {
                if (!Levels.Contains(level, StringComparer.Ordinal))
                {
                    errors.Add($"{S}:Targets:{step}:Within:{level}", within, "names no level (I, II, III, IV)");
                }
                else
                {
                    errors.Between($"{S}:Targets:{step}:Within:{level}", within, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
                }
            }
        }

        return errors.ToResult();
    }
}
