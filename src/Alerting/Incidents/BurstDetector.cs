namespace SentimentWatch.Alerting.Incidents;

/// <summary>Trend direction of an incident's recent posting rate.</summary>
public enum Trend
{
    Flat,
    Rising,
    Falling,
}

/// <summary>
/// Smoothed z-score peak detection on binned counts: a bin is a burst when it exceeds the moving mean of the previous
/// <c>lag</c> (filtered) bins by <c>threshold</c> standard deviations; burst bins enter the moving statistics only with
/// weight <c>influence</c>, so one burst does not hide the next.
/// </summary>
internal static class BurstDetector
{
    /// <summary>Per-bin signal: +1 burst up, -1 significant drop, 0 otherwise. The first <paramref name="lag"/> bins are 0.</summary>
    public static int[] Signals(IReadOnlyList<double> y, int lag, double threshold, double influence, double minCount)
    {
        var signals = new int[y.Count];
        if (y.Count <= lag)
        {
            return signals;
        }

        var filtered = y.ToArray();
        for (var i = lag; i < y.Count; i++)
        {
            var (mean, std) = Stats(filtered, i - lag, lag);
            // A floor on the deviation keeps a perfectly flat history (std 0) from calling every +1 a burst.
            var deviation = Math.Max(std, Math.Max(1.0, Math.Sqrt(Math.Max(mean, 0))));
            if (Math.Abs(y[i] - mean) > threshold * deviation)
            {
                signals[i] = y[i] > mean ? (y[i] >= minCount ? 1 : 0) : -1;
                filtered[i] = (influence * y[i]) + ((1 - influence) * filtered[i - 1]);
            }
            else
            {
                filtered[i] = y[i];
            }
        }

        return signals;
    }

    /// <summary>Rising / falling when the last <paramref name="window"/> bins differ by more than 25 % from the window before.</summary>
    public static Trend TrendOf(IReadOnlyList<double> y, int window)
    {
        if (y.Count < 2 || window < 1)
        {
            return Trend.Flat;
        }

        window = Math.Min(window, y.Count / 2 == 0 ? 1 : y.Count / 2);
        var recent = y.Skip(y.Count - window).Sum();
        var before = y.Skip(Math.Max(0, y.Count - (2 * window))).Take(window).Sum();
        if (recent > (before * 1.25) + 0.5)
        {
            return Trend.Rising;
        }

        return recent < (before * 0.75) - 0.5 ? Trend.Falling : Trend.Flat;
    }

    private static (double Mean, double Std) Stats(double[] values, int start, int count)
    {
        double sum = 0;
        for (var i = start; i < start + count; i++)
        {
            sum += values[i];
        }

        var mean = sum / count;
        double sq = 0;
        for (var i = start; i < start + count; i++)
        {
            sq += (values[i] - mean) * (values[i] - mean);
        }

        return (mean, Math.Sqrt(sq / count));
    }
}
