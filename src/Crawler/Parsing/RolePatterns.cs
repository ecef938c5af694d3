using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>Applies a role's <c>.pattern</c> regular expression; compiled once per distinct pattern.</summary>
internal static class RolePatterns
{
    // Patterns come from configuration and run over hostile pages: a timeout keeps a bad one from hanging a crawl.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static Regex Compile(string pattern) =>
        Cache.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout));

    /// <summary><paramref name="value"/> through the role's pattern (first group that matched, else the whole match); unchanged when the role has none.</summary>
    public static string? Apply(SourceOptions source, string role, string? value)
    {
        if (value is null || !source.Selectors.TryGetValue(role + SelectorRoles.PatternSuffix, out var pattern) || string.IsNullOrEmpty(pattern))
        {
            return value;
        }

        try
        {
            var m = Compile(pattern).Match(value);
            if (!m.Success)
            {
                return null;
            }

            // Alternatives ("^(\d+)$|\"id\":(\d+)") each capture in their own group: the first that took part wins.
            for (var g = 1; g < m.Groups.Count; g++)
            {
                if (m.Groups[g].Success)
                {
                    return m.Groups[g].Value;
                }
            }

            return m.Value;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
