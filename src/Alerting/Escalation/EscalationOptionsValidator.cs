using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Escalation;

/// <summary>
/// Checks <c>Alerting:Escalation</c>: levels, step delays and targets, report deadlines. Whether each target names a
/// responder is checked with the routing it refers to, by the section's validator.
/// </summary>
internal sealed class EscalationOptionsValidator : IValidateOptions<EscalationOptions>
{
    private static readonly string[] Levels = ["I", "II", "III", "IV"];

    public ValidateOptionsResult Validate(string? name, EscalationOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="o"/>, each naming its key under <c>Alerting:Escalation</c>.</summary>
    public static void Check(EscalationOptions o, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(e);
        foreach (var (level, policy) in o.Levels)
        {
            var k = $"{EscalationOptions.Section}:Levels:{level}";
            if (!Levels.Contains(level))
            {
                e.Add(k, level, "is not a level (I, II, III, IV)");
            }

            for (var i = 0; i < policy.Steps.Count; i++)
            {
                e.Range($"{k}:Steps:{i}:After", policy.Steps[i].After, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
                if (policy.Steps[i].Targets.Count == 0)
                {
                    e.Add($"{k}:Steps:{i}:Targets", "is empty");
                }
            }

            e.Range($"{k}:FirstReportDue", policy.FirstReportDue, TimeSpan.Zero, TimeSpan.FromDays(7), " (zero: none)");
            e.Range($"{k}:WrittenReportDue", policy.WrittenReportDue, TimeSpan.Zero, TimeSpan.FromDays(7), " (zero: none)");
        }
    }
}
