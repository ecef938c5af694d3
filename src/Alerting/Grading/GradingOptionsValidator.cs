using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Grading;

/// <summary>Checks <c>Alerting:Grading</c>: content floors, spread triggers, the sensitivity factor and the score.</summary>
internal sealed class GradingOptionsValidator : IValidateOptions<GradingOptions>
{
    public ValidateOptionsResult Validate(string? name, GradingOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="g"/>, each naming its key under <c>Alerting:Grading</c>.</summary>
    public static void Check(GradingOptions g, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(e);
        for (var i = 0; i < g.ContentFloors.Count; i++)
        {
            var f = g.ContentFloors[i];
            var k = $"Alerting:Grading:ContentFloors:{i}";
            if (!Labels.All.Contains(f.Label))
            {
                e.Add($"{k}:Label", f.Label, $"is not a classifier label ({string.Join(", ", Labels.All)})");
            }

            if (!IncidentLevels.TryParse(f.Level, out _))
            {
                e.Add($"{k}:Level", f.Level, "is not a level (I, II, III, IV)");
            }

            foreach (var stage in f.Stages.Where(s => !ExamCalendarOptions.KnownStages.Contains(s)))
            {
                e.Add($"{k}:Stages", stage, "is not an exam stage");
            }
        }

        for (var i = 0; i < g.SpreadTriggers.Count; i++)
        {
            var t = g.SpreadTriggers[i];
            var k = $"Alerting:Grading:SpreadTriggers:{i}";
            if (!GradingOptions.KnownMetrics.Contains(t.Metric))
            {
                e.Add($"{k}:Metric", t.Metric, $"is not a metric ({string.Join(", ", GradingOptions.KnownMetrics)})");
            }

            if (t.Thresholds.Count == 0)
            {
                e.Add($"{k}:Thresholds", "has no thresholds");
            }

            foreach (var (level, value) in t.Thresholds)
            {
                if (!IncidentLevels.TryParse(level, out _))
                {
                    e.Add($"{k}:Thresholds:{level}", value, "is under a key that is not a level (I, II, III, IV)");
                }
                else if (value <= 0 || double.IsNaN(value))
                {
                    e.Add($"{k}:Thresholds:{level}", value, "must be positive");
                }
            }
        }

        if (g.SensitivityFactor is <= 0 or > 1 || double.IsNaN(g.SensitivityFactor))
        {
            e.Add("Alerting:Grading:SensitivityFactor", g.SensitivityFactor, "must be in (0, 1]");
        }

        foreach (var (dim, weight) in g.Score.Weights)
        {
            if (dim != "topic" && !GradingOptions.KnownMetrics.Contains(dim))
            {
                e.Add($"Alerting:Grading:Score:Weights:{dim}", weight, "is under a key that is neither 'topic' nor a metric");
            }
            else if (dim != "topic" && (!g.Score.Bounds.TryGetValue(dim, out var b) || b.Count != 4))
            {
                e.Add($"Alerting:Grading:Score:Bounds:{dim}", "needs exactly four ascending bounds");
            }

            if (weight < 0)
            {
                e.Add($"Alerting:Grading:Score:Weights:{dim}", weight, "must not be negative");
            }
        }

        foreach (var (dim, bounds) in g.Score.Bounds)
        {
            for (var i = 1; i < bounds.Count; i++)
            {
                if (bounds[i] < bounds[i - 1])
                {
                    e.Add($"Alerting:Grading:Score:Bounds:{dim}:{i}", bounds[i], "is below the bound before it");
                }
            }
        }

        foreach (var (level, cutoff) in g.Score.Cutoffs)
        {
            if (!IncidentLevels.TryParse(level, out _))
            {
                e.Add($"Alerting:Grading:Score:Cutoffs:{level}", cutoff, "is under a key that is not a level");
            }
        }
    }
}
