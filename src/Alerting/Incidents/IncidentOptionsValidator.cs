using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>Checks <c>Alerting:Incidents</c>: near-duplicate and topic thresholds, the window, the time-series bins.</summary>
internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="n"/>, each naming its key under <c>Alerting:Incidents</c>.</summary>
    public static void Check(IncidentOptions n, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(e);
        const string k = "Alerting:Incidents";
        if (n.MinHashPermutations < 16 || n.LshBands < 1 || n.MinHashPermutations % n.LshBands != 0)
        {
            e.Add($"{k}:LshBands", n.LshBands, $"must divide MinHashPermutations ({n.MinHashPermutations}, at least 16)");
        }

        if (n.MinHashThreshold is <= 0 or > 1)
        {
            e.Add($"{k}:MinHashThreshold", n.MinHashThreshold, "must be in (0, 1]");
        }

        if (n.TopicThreshold is <= 0 or > 1)
        {
            e.Add($"{k}:TopicThreshold", n.TopicThreshold, "must be in (0, 1]");
        }

        if (n.SimHashMaxDistance is < 0 or > 16)
        {
            e.Add($"{k}:SimHashMaxDistance", n.SimHashMaxDistance, "must be 0…16");
        }

        if (n.ShingleChars is < 1 or > 10)
        {
            e.Add($"{k}:ShingleChars", n.ShingleChars, "must be 1…10");
        }

        e.Range($"{k}:BinWidth", n.BinWidth, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        if (n.BurstLag < 2)
        {
            e.Add($"{k}:BurstLag", n.BurstLag, "must be at least 2 bins");
        }

        if (n.BurstInfluence is < 0 or > 1)
        {
            e.Add($"{k}:BurstInfluence", n.BurstInfluence, "must be in [0, 1]");
        }

        e.Range($"{k}:Window", n.Window, TimeSpan.FromHours(1), TimeSpan.FromDays(365));
    }
}
