using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>Reads engagement and follower counts as platforms print them: "1.2万", "3千", "10万+", "1,234", "2.5k", "1.1亿".</summary>
public static partial class CountText
{
    /// <summary>
    /// The count in <paramref name="raw"/>, or null when it holds no number. A label without a digit
    /// ("转发", "评论", "赞") is how Weibo-style pages print zero, so callers that matched a count element decide
    /// with <paramref name="labelOnlyIsZero"/>.
    /// </summary>
    public static long? Parse(string? raw, bool labelOnlyIsZero = false)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        // Most counts are plain digits: skip normalisation and the regex for them.
        var trimmed = raw.AsSpan().Trim();
        if (trimmed.Length is > 0 and < 19 && !trimmed.ContainsAnyExceptInRange('0', '9'))
        {
            return long.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        var s = raw.Normalize(NormalizationForm.FormKC);
        var m = CountRegex().Match(s);
        if (!m.Success)
        {
            return labelOnlyIsZero ? 0 : null;
        }

        var digits = m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var multiplier = m.Groups["u"].Value.ToLowerInvariant() switch
        {
            "万" or "w" => 10_000m,
            "千" or "k" => 1_000m,
            "百" => 100m,
            "亿" => 100_000_000m,
            "m" => 1_000_000m,
            _ => 1m,
        };
        var value = n * multiplier;
        return value > long.MaxValue ? null : (long)decimal.Round(value, MidpointRounding.AwayFromZero);
    }

    [GeneratedRegex(@"(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?<u>万|千|百|亿|[wWkKmM](?![a-zA-Z]))?")]
    private static partial Regex CountRegex();
}
