using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Binds <c>Crawler</c> with each source's profile merged underneath it: the profile supplies every key the source
/// does not set; dictionaries (Selectors, CanonicalHosts, Headers) merge key by key; a list the source sets
/// (Urls, Keywords, marker lists, …) replaces the profile's list. Values that cannot be converted are recorded
/// for the validator instead of stopping at the first one.
/// </summary>
internal static partial class SourceBinder
{
    private static readonly HashSet<string> KnownKeys = new(
        typeof(SourceOptions).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

    public static void Bind(IConfiguration crawler, CrawlerOptions options, SourceBindErrors errors)
    {
        options.Profiles = crawler[nameof(CrawlerOptions.Profiles)] ?? options.Profiles;
        options.Sources.Clear();
        errors.Clear();
        var catalog = new ProfileCatalog(options.Profiles);
        var sourcesKey = CrawlerOptions.Section + ":" + nameof(CrawlerOptions.Sources);
        foreach (var child in crawler.GetSection(nameof(CrawlerOptions.Sources)).GetChildren())
        {
            var key = sourcesKey + ":" + child.Key;
            var own = child.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var profile = child[nameof(SourceOptions.Profile)];
            if (!string.IsNullOrWhiteSpace(profile))
            {
                var pairs = catalog.TryLoad(profile.Trim(), out var error);
                if (pairs is null)
                {
                    errors.Add(key + ":" + nameof(SourceOptions.Profile), profile, error!);
                }
                else
                {
                    var ownLists = own.Keys.Select(ListPrefix).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
                    foreach (var (k, v) in pairs)
                    {
                        if (ListPrefix(k) is not { } list || !ownLists.Contains(list))
                        {
                            merged[k] = v;
                        }
                    }
                }
            }

            foreach (var (k, v) in own)
            {
                merged[k] = v;
            }

            AddRecrawlFallbacks(merged);
            // Headers and a cookie a profile supplies are checked at start-up with the source's merged options; the
            // source's own ones are checked where the fetcher binds them, so each problem is reported once.
            errors.ProfileHeaderKeys.Add(merged.Keys
                .Where(k => (k.StartsWith(nameof(SourceOptions.Headers) + ":", StringComparison.OrdinalIgnoreCase)
                             || k.Equals(nameof(SourceOptions.Cookie), StringComparison.OrdinalIgnoreCase)) && !own.ContainsKey(k))
                .ToHashSet(StringComparer.OrdinalIgnoreCase));
            var source = new SourceOptions();
            BindChecked(merged, source, key, errors);
            options.Sources.Add(source);
            errors.SourceKeys.Add(key);
        }
    }

    /// <summary>
    /// A JSON source's recrawl answer usually holds the same post object as its list (a timeline's mblog and
    /// <c>/statuses/show</c>'s data), so each <c>recrawl.</c> post field not set reads like the list field of the same name.
    /// </summary>
    private static void AddRecrawlFallbacks(Dictionary<string, string?> merged)
    {
        const string Selectors = nameof(SourceOptions.Selectors) + ":";
        if (!merged.ContainsKey(Selectors + SelectorRoles.RecrawlUrl))
        {
            return;
        }

        foreach (var field in SelectorRoles.PostFields)
        {
            foreach (var role in new[] { field, field + SelectorRoles.PatternSuffix })
            {
                if (merged.TryGetValue(Selectors + role, out var value) && !merged.ContainsKey(Selectors + "recrawl." + role))
                {
                    merged[Selectors + "recrawl." + role] = value;
                }
            }
        }
    }

    private static void BindChecked(Dictionary<string, string?> merged, SourceOptions source, string key, SourceBindErrors errors)
    {
        foreach (var k in merged.Keys.ToList())
        {
            var top = k.Split(':')[0];
            if (!KnownKeys.Contains(top))
            {
                errors.Add(key + ":" + k, merged[k], $"is not a source key (known: {string.Join(", ", KnownKeys.Order(StringComparer.Ordinal))})");
                merged.Remove(k);
                continue;
            }

            if (Check(top, k, merged[k]) is { } reason)
            {
                errors.Add(key + ":" + k, merged[k], reason);
                merged.Remove(k);
            }
        }

        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(merged).Build().Bind(source);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(key, ex.Message);
        }
    }

    /// <summary>Why a scalar value cannot be converted to its property's type, or null.</summary>
    private static string? Check(string top, string key, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var v = value.Trim();
        switch (top.ToLowerInvariant())
        {
            case "kind":
                return Enum.TryParse<SourceKind>(v, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(v, CultureInfo.InvariantCulture, out _)
                    ? null
                    : $"is not a source kind ({string.Join(", ", Enum.GetNames<SourceKind>())})";
            case "enabled" or "respectrobotstxt" or "parsehiddencontent":
                return bool.TryParse(v, out _) ? null : "is not true or false";
            case "maxpages" or "pagesize" or "darkafterruns":
                return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "is not a whole number";
            case "maxskippedshare":
                return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
                    ? null
                    : "is not a share between 0 and 1 (e.g. 0.5)";
            case "fetch":
                return Enum.TryParse<FetchMode>(v, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(v, CultureInfo.InvariantCulture, out _)
                    ? null
                    : $"is not a fetch mode ({string.Join(", ", Enum.GetNames<FetchMode>())})";
            case "browser" when key.EndsWith(":maxrounds", StringComparison.OrdinalIgnoreCase):
                return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "is not a whole number";
            case "interval" or "recrawlwindow" or "maxage":
                return v.Length == 0 || TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out _) ? null : "is not a time span (e.g. 00:05:00 or 2.00:00:00)";
            case "outbound" when key.EndsWith(":allowloopback", StringComparison.OrdinalIgnoreCase) || key.EndsWith(":allowprivate", StringComparison.OrdinalIgnoreCase)
                                 || key.EndsWith(":allowlinklocal", StringComparison.OrdinalIgnoreCase):
            case "markers" when key.EndsWith(":usegeneric", StringComparison.OrdinalIgnoreCase):
                return bool.TryParse(v, out _) ? null : "is not true or false";
            default:
                return null;
        }
    }

    /// <summary>"Urls" for "Urls:3", "Markers:Captcha" for "Markers:Captcha:0"; null for a key that is not a list element.</summary>
    private static string? ListPrefix(string key)
    {
        var m = ListElementRegex().Match(key);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^(.+):\d+$")]
    private static partial Regex ListElementRegex();
}

/// <summary>Problems found while binding (unknown profile, unconvertible value), reported by the validator with the rest.</summary>
internal sealed class SourceBindErrors
{
    private readonly List<(string Key, string? Value, string Reason)> _errors = [];

    public IReadOnlyList<(string Key, string? Value, string Reason)> Errors => _errors;

    /// <summary>The configuration key of each bound source, in <see cref="CrawlerOptions.Sources"/> order.</summary>
    public List<string> SourceKeys { get; } = [];

    /// <summary>Per source (same order): the <c>Headers:NAME</c> and <c>Cookie</c> keys that came from its profile alone.</summary>
    public List<IReadOnlySet<string>> ProfileHeaderKeys { get; } = [];

    public void Add(string key, string? value, string reason) => _errors.Add((key, value, reason));

    public void Add(string key, string reason) => _errors.Add((key, null, reason));

    public void Clear()
    {
        _errors.Clear();
        SourceKeys.Clear();
        ProfileHeaderKeys.Clear();
    }
}
