using SentimentWatch.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// The integer <c>*Seconds</c>/<c>*Minutes</c>/<c>*Hours</c> keys alerting read before its durations became time spans.
/// The binder would ignore them silently (and the default would apply), so a configuration still using one is refused
/// naming the key and the key to write instead.
/// </summary>
internal static class RetiredKeys
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PollSeconds"] = "PollInterval",
        ["BinMinutes"] = "BinWidth",
        ["WindowHours"] = "Window",
        ["FirstReportMinutes"] = "FirstReportDue",
        ["WrittenReportMinutes"] = "WrittenReportDue",
        ["AfterMinutes"] = "After",
        ["MaxSilenceMinutes"] = "MaxSilence",
        ["UrgentFirstWaitMaxSeconds"] = "UrgentFirstWaitMax",
        ["TimeoutSeconds"] = "Timeout",
        ["GroupWaitSeconds"] = "GroupWait",
        ["GroupIntervalSeconds"] = "GroupInterval",
        ["BackoffBaseSeconds"] = "BackoffBase",
        ["BackoffMaxSeconds"] = "BackoffMax",
        ["LinkLifetimeHours"] = "LinkLifetime",
    };

    /// <summary>Adds one error per retired key found anywhere under <paramref name="section"/>.</summary>
    public static void Check(IConfigurationSection section, ConfigErrors errors)
    {
        foreach (var (path, value) in section.AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var leaf = path[(path.LastIndexOf(':') + 1)..];
            if (Renamed.TryGetValue(leaf, out var now))
            {
                var unit = leaf.EndsWith("Seconds", StringComparison.OrdinalIgnoreCase) ? "seconds" : leaf.EndsWith("Minutes", StringComparison.OrdinalIgnoreCase) ? "minutes" : "hours";
                errors.Add(path, value, $"is no longer read ({unit} as a number): write {path[..^leaf.Length]}{now} as a time span, e.g. 00:05:00 for five minutes");
            }
        }
    }
}
