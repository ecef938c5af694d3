using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Office.Evaluation;

internal sealed class EvaluationOptionsValidator : IValidateOptions<EvaluationOptions>
{
    private static readonly string[] Levels = ["I", "II", "III", "IV"];

    public ValidateOptionsResult Validate(string? name, EvaluationOptions options)
    {
        var errors = new ConfigErrors();
        const string S = EvaluationOptions.Section;
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

            foreach (var (level, minutes) in target.Minutes)
            {
                if (!Levels.Contains(level, StringComparer.Ordinal))
                {
                    errors.Add($"{S}:Targets:{step}:Minutes:{level}", minutes, "names no level (I, II, III, IV)");
                }
                else if (minutes is <= 0 or > 60 * 24 * 30 || double.IsNaN(minutes))
                {
                    errors.Add($"{S}:Targets:{step}:Minutes:{level}", minutes, "must be between 0 and 43200 minutes (30 days), exclusive of 0");
                }
            }
        }

        return errors.ToResult();
    }
}
