using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Finds ready-made profiles: <c>{dir}/{name}.json</c> on disk first (so an operator can adjust a profile without a
/// rebuild), then the profiles built into the crawler assembly. A profile is a JSON object with source keys
/// (Kind, Platform, Charset, Selectors, CanonicalHosts, TrackingParameters, Markers, …), flattened to configuration keys.
/// </summary>
internal sealed partial class ProfileCatalog(string directory)
{
    private const string ResourcePrefix = "SentimentWatch.Crawler.Profiles.";

    public string Directory { get; } = directory;

    /// <summary>Names of the profiles built into the assembly.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = typeof(ProfileCatalog).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The profile's keys (relative to a source), or null with <paramref name="error"/>.</summary>
    public IReadOnlyDictionary<string, string?>? TryLoad(string name, out string? error)
    {
        error = null;
        if (!NameRegex().IsMatch(name))
        {
            error = "is not a profile name ([a-z0-9_-]+)";
            return null;
        }

        var path = Path.Combine(Directory, name + ".json");
        try
        {
            if (File.Exists(path))
            {
                using var file = File.OpenRead(path);
                return Flatten(file, path, out error);
            }

            using var stream = typeof(ProfileCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json");
            if (stream is not null)
            {
                return Flatten(stream, "built-in profile " + name, out error);
            }
        }
        catch (IOException ex)
        {
            error = $"cannot be read from {path}: {ex.Message}";
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            error = $"cannot be read from {path}: {ex.Message}";
            return null;
        }

        error = $"is not a known profile ({Path.GetFullPath(path)} does not exist; built-in: {string.Join(", ", BuiltIn)})";
        return null;
    }

    private static Dictionary<string, string?>? Flatten(Stream json, string origin, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"is not a JSON object ({origin})";
                return null;
            }

            var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Walk(doc.RootElement, "", pairs);
            return pairs;
        }
        catch (JsonException ex)
        {
            error = $"is not valid JSON ({origin}: {ex.Message})";
            return null;
        }
    }

    /// <summary>Flattens JSON into configuration keys ("A:B:0") as the JSON configuration provider does.</summary>
    internal static void Walk(JsonElement e, string prefix, Dictionary<string, string?> pairs)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, prefix.Length == 0 ? p.Name : prefix + ":" + p.Name, pairs);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var c in e.EnumerateArray())
                {
                    Walk(c, prefix + ":" + i.ToString(CultureInfo.InvariantCulture), pairs);
                    i++;
                }

                break;
            case JsonValueKind.Null:
                pairs[prefix] = null;
                break;
            case JsonValueKind.String:
                pairs[prefix] = e.GetString();
                break;
            default:
                pairs[prefix] = e.GetRawText();
                break;
        }
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex NameRegex();
}
