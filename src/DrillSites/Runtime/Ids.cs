using System.Globalization;
using System.Text;

namespace SentimentWatch.DrillSites.Runtime;

/// <summary>Stable platform-style ids derived from scenario values.</summary>
internal static class Ids
{
    /// <summary>Numeric user id: the scenario id itself when all digits, otherwise a stable 10-digit number.</summary>
    public static long User(string scenarioId)
    {
        if (scenarioId.Length is > 0 and <= 18 && scenarioId.All(char.IsAsciiDigit))
        {
            return long.Parse(scenarioId, CultureInfo.InvariantCulture);
        }

        // FNV-1a: stable across runs and machines (string.GetHashCode is randomised per process).
        var h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(scenarioId))
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return 1_000_000_000L + (long)(h % 8_999_999_999UL);
    }

    private const string Base62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Weibo's base62 "bid" of a mid: 7-digit groups from the right, each as 4 base62 characters.</summary>
    public static string Bid(long mid)
    {
        var s = mid.ToString(CultureInfo.InvariantCulture);
        var parts = new List<string>();
        for (var end = s.Length; end > 0; end -= 7)
        {
            var start = Math.Max(0, end - 7);
            var n = long.Parse(s[start..end], CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            do
            {
                sb.Insert(0, Base62[(int)(n % 62)]);
                n /= 62;
            }
            while (n > 0);
            parts.Insert(0, start > 0 ? sb.ToString().PadLeft(4, '0') : sb.ToString());
        }

        return string.Concat(parts);
    }
}
