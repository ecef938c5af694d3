using System.Text;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// One URL per post: lower-case scheme and host, default port and fragment dropped, tracking parameters removed,
/// remaining query sorted, and a source's host aliases (mobile ↔ desktop) mapped to its canonical host.
/// </summary>
public static class UrlCanonicalizer
{
    /// <summary>Query parameters that only say how a link was shared or clicked, never which content it is.</summary>
    public static IReadOnlyList<string> BuiltInTrackingParameters { get; } =
    [
        "utm_*", "spm", "spm_id_from", "from", "share_*", "fr", "frs", "ref", "ref_src", "ref_url", "referer",
        "sharer", "sharesource", "share_from", "wfr", "type_from", "isappinstalled", "scene", "clicktime",
        "enterid", "t_from", "fbclid", "gclid", "mc_cid", "mc_eid", "_t", "sudaref", "luicode", "lfid",
        "featurecode", "s_from", "bd_page_type", "uid_from",
    ];

    /// <summary>The canonical form of <paramref name="url"/> for <paramref name="source"/> (its host aliases and tracking list).</summary>
    public static Uri Canonicalize(Uri url, SourceOptions? source = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return url;
        }

        var host = url.IdnHost.ToLowerInvariant().TrimEnd('.');
        if (source is not null)
        {
            foreach (var (alias, canonical) in source.CanonicalHosts)
            {
                if (string.Equals(alias, host, StringComparison.OrdinalIgnoreCase))
                {
                    host = canonical.ToLowerInvariant();
                    break;
                }
            }
        }

        var scheme = url.Scheme.ToLowerInvariant();
        var builder = new StringBuilder();
        builder.Append(scheme).Append("://").Append(host);
        if (!url.IsDefaultPort)
        {
            builder.Append(':').Append(url.Port);
        }

        var path = url.AbsolutePath;
        builder.Append(string.IsNullOrEmpty(path) ? "/" : path);

        var kept = new List<(string Name, string Pair)>();
        var query = url.Query;
        if (query.Length > 1)
        {
            foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                if (!IsTracking(name, source))
                {
                    kept.Add((name, pair));
                }
            }
        }

        if (kept.Count > 0)
        {
            // Stable sort by name keeps repeated parameters (a=1&a=2) in their original order.
            builder.Append('?').AppendJoin('&', kept.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Pair));
        }

        return new Uri(builder.ToString());
    }

    private static bool IsTracking(string name, SourceOptions? source)
    {
        foreach (var pattern in BuiltInTrackingParameters)
        {
            if (Matches(pattern, name))
            {
                return true;
            }
        }

        if (source is not null)
        {
            foreach (var pattern in source.TrackingParameters)
            {
                if (Matches(pattern, name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Matches(string pattern, string name) =>
        pattern.EndsWith('*')
            ? name.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
}
