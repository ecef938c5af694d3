using System.Globalization;
using System.Text;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// The rules of one robots.txt that apply to one user agent (RFC 9309): the groups naming our product token, or
/// failing that the <c>*</c> groups; the longest matching Allow/Disallow pattern decides, Allow winning ties;
/// <c>*</c> matches any run of characters and a final <c>$</c> anchors the end.
/// </summary>
internal sealed class RobotsTxt
{
    private readonly List<Rule> _rules;

    private RobotsTxt(List<Rule> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    /// <summary>No rules: everything allowed (no robots.txt, or a 4xx for it).</summary>
    public static RobotsTxt AllowAll { get; } = new([], null);

    /// <summary>Crawl-delay of the chosen group (a widely honoured extension, not in RFC 9309).</summary>
    public TimeSpan? CrawlDelay { get; }

    public int RuleCount => _rules.Count;

    public static RobotsTxt Parse(string content, string productToken)
    {
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    // Consecutive user-agent lines share one group; a user-agent after rules starts a new group.
                    if (current is null || !lastWasAgent)
                    {
                        current = new Group();
                        groups.Add(current);
                    }

                    current.Agents.Add(value);
                    lastWasAgent = true;
                    break;
                case "allow" or "disallow":
                    lastWasAgent = false;
                    // An empty Disallow allows everything: it adds no rule.
                    if (current is not null && value.Length > 0)
                    {
                        current.Rules.Add(new Rule(Normalise(value), key == "allow"));
                    }

                    break;
                case "crawl-delay":
                    lastWasAgent = false;
                    if (current is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 86_400)
                    {
                        current.CrawlDelay = TimeSpan.FromSeconds(seconds);
                    }

                    break;
                default:
                    // Sitemap and unknown lines do not end a run of user-agent lines' group (RFC 9309 §2.2.1 ignores them).
                    break;
            }
        }

        var mine = groups.Where(g => g.Agents.Any(a => MatchesProduct(a, productToken))).ToList();
        if (mine.Count == 0)
        {
            mine = groups.Where(g => g.Agents.Any(a => a == "*")).ToList();
        }

        return new RobotsTxt(
            mine.SelectMany(g => g.Rules).ToList(),
            mine.Select(g => g.CrawlDelay).FirstOrDefault(d => d is not null));
    }

    /// <summary>Whether <paramref name="url"/>'s path and query may be fetched.</summary>
    public bool IsAllowed(Uri url)
    {
        var target = Normalise(url.PathAndQuery);
        if (target == "/robots.txt")
        {
            return true;
        }

        Rule? best = null;
        foreach (var rule in _rules)
        {
            if (Matches(rule.Pattern, target) &&
                (best is null || rule.Pattern.Length > best.Pattern.Length || (rule.Pattern.Length == best.Pattern.Length && rule.Allow && !best.Allow)))
            {
                best = rule;
            }
        }

        return best?.Allow ?? true;
    }

    /// <summary>The matched rule, for messages: e.g. <c>Disallow: /search</c>.</summary>
    public string? DecidingRule(Uri url)
    {
        var target = Normalise(url.PathAndQuery);
        var best = _rules.Where(r => Matches(r.Pattern, target))
            .OrderByDescending(r => r.Pattern.Length).ThenByDescending(r => r.Allow).FirstOrDefault();
        return best is null ? null : $"{(best.Allow ? "Allow" : "Disallow")}: {best.Pattern}";
    }

    private static bool MatchesProduct(string agent, string productToken)
    {
        // "SentimentWatch/1.0" and "sentimentwatch" both name us; matching is case-insensitive on the product token.
        var token = agent.Split('/', 2)[0].Trim();
        return token.Length > 0 && string.Equals(token, productToken, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Wildcard match from the start of the path: <c>*</c> is any run, a trailing <c>$</c> anchors the end.</summary>
    internal static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored)
        {
            pattern = pattern[..^1];
        }

        return Match(pattern.AsSpan(), path.AsSpan(), anchored);

        static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> s, bool anchored)
        {
            // Iterative glob with backtracking to the last '*': linear-ish and safe against hostile patterns.
            int pi = 0, si = 0, star = -1, mark = 0;
            while (si < s.Length)
            {
                if (pi < p.Length && p[pi] == '*')
                {
                    star = pi++;
                    mark = si;
                }
                else if (pi < p.Length && p[pi] == s[si])
                {
                    pi++;
                    si++;
                }
                else if (pi == p.Length && !anchored)
                {
                    return true;
                }
                else if (star >= 0)
                {
                    pi = star + 1;
                    si = ++mark;
                }
                else
                {
                    return false;
                }
            }

            while (pi < p.Length && p[pi] == '*')
            {
                pi++;
            }

            return pi == p.Length;
        }
    }

    /// <summary>
    /// Percent-encodes non-ASCII (as UTF-8) and upper-cases existing escapes so a rule written with raw Chinese
    /// characters matches the encoded request path and vice versa (RFC 9309 §2.2.2).
    /// </summary>
    internal static string Normalise(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                var decoded = (char)Convert.ToInt32(value.Substring(i + 1, 2), 16);
                // Unreserved characters are equivalent whether escaped or not; keep the rest escaped.
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~')
                {
                    sb.Append(decoded);
                }
                else
                {
                    sb.Append('%').Append(char.ToUpperInvariant(value[i + 1])).Append(char.ToUpperInvariant(value[i + 2]));
                }

                i += 2;
            }
            else if (c > 0x7F)
            {
                var len = char.IsSurrogatePair(value, i) ? 2 : 1;
                foreach (var b in Encoding.UTF8.GetBytes(value.Substring(i, len)))
                {
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += len - 1;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed record Rule(string Pattern, bool Allow);

    private sealed class Group
    {
        public List<string> Agents { get; } = [];

        public List<Rule> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; set; }
    }
}
