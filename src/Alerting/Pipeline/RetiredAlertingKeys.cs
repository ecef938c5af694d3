using SentimentWatch.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// The integer <c>*Seconds</c>/<c>*Minutes</c>/<c>*Hours</c> keys alerting read before its durations became time spans.
/// Refused by name through <see cref="Core.Configuration.RetiredKeys"/>.
/// </summary>
internal static class RetiredAlertingKeys
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
    public static void Check(IConfigurationSection section, ConfigErrors errors) => Core.Configuration.RetiredKeys.Check(section, Renamed, errors);
}
