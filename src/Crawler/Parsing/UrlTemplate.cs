using System.Text.RegularExpressions;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>URL templates with <c>{name}</c> placeholders, filled with percent-encoded values.</summary>
internal static partial class UrlTemplate
{
    public static bool IsTemplate(string spec) => Placeholder().IsMatch(spec);

    /// <summary>The placeholder names of <paramref name="template"/>, in order.</summary>
    public static IEnumerable<string> Names(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary><paramref name="template"/> filled by <paramref name="value"/>; null with <paramref name="missing"/> naming the first value not found.</summary>
    public static string? Fill(string template, Func<string, string?> value, out string? missing)
    {
        string? absent = null;
        var filled = Placeholder().Replace(template, m =>
        {
            var v = absent is null ? value(m.Groups[1].Value) : null;
            if (string.IsNullOrEmpty(v))
            {
                absent ??= m.Groups[1].Value;
                return "";
            }

            return Uri.EscapeDataString(v.Trim());
        });
        missing = absent;
        return absent is null ? filled : null;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
