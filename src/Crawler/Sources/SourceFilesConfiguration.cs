using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Configuration files (the main file, then <c>conf.d/*.json</c> in name order) read as one source in which
/// <c>Crawler:Sources</c> entries merge <b>by <c>Id</c></b>, never by position: a later file's entry with an id seen before
/// overrides that source key by key (a list it sets, such as <c>Urls</c>, replaces the earlier list; <c>"Enabled": false</c>
/// disables it), and an entry with a new id is a new source. Every other key merges as JSON files do (later wins).
/// An entry without an id stays its own source, so start-up validation names it.
/// </summary>
public sealed class SourceFilesConfigurationSource(IReadOnlyList<string> files) : IConfigurationSource
{
    /// <summary>The files, in merge order; a missing file is skipped.</summary>
    public IReadOnlyList<string> Files { get; } = files;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SourceFilesConfigurationProvider(Files);
}

/// <summary>Registration of <see cref="SourceFilesConfigurationSource"/>.</summary>
public static class SourceFilesConfigurationExtensions
{
    /// <summary>Adds <paramref name="files"/> (in order) with <c>Crawler:Sources</c> merged by id across them.</summary>
    public static IConfigurationBuilder AddSourceMergingJsonFiles(this IConfigurationBuilder builder, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new SourceFilesConfigurationSource(files.ToList()));
    }
}

internal sealed partial class SourceFilesConfigurationProvider(IReadOnlyList<string> files) : ConfigurationProvider
{
    private const string SourcesPrefix = "Crawler:Sources:";

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            var pairs = Read(file);
            // The file's own source entries, by their position in its list.
            var entries = new SortedDictionary<int, Dictionary<string, string?>>();
            foreach (var (key, value) in pairs)
            {
                if (key.StartsWith(SourcesPrefix, StringComparison.OrdinalIgnoreCase) && EntryKey().Match(key[SourcesPrefix.Length..]) is { Success: true } m)
                {
                    var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    if (!entries.TryGetValue(n, out var entry))
                    {
                        entries[n] = entry = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    }

                    entry[m.Groups[2].Value] = value;
                }
                else
                {
                    data[key] = value;
                }
            }

            foreach (var entry in entries.Values)
            {
                var id = entry.TryGetValue("Id", out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
                int slot;
                if (id is not null && slots.TryGetValue(id, out var seen))
                {
                    slot = seen;
                    // A list the later file sets replaces the earlier one whole: merging lists by position mixes them.
                    foreach (var list in entry.Keys.Select(ListOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList())
                    {
                        var prefix = $"{SourcesPrefix}{slot}:{list}:";
                        foreach (var old in data.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && ListOf(k[(SourcesPrefix.Length + Digits(slot) + 1)..]) is not null).ToList())
                        {
                            data.Remove(old);
                        }
                    }
                }
                else
                {
                    slot = next++;
                    if (id is not null)
                    {
                        slots[id] = slot;
                    }
                }

                foreach (var (rest, value) in entry)
                {
                    data[$"{SourcesPrefix}{slot}:{rest}"] = value;
                }
            }
        }

        Data = data;
    }

    private static int Digits(int n) => n.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>"Urls" for "Urls:0", "Markers:Captcha" for "Markers:Captcha:3"; null when the key is not a list element.</summary>
    private static string? ListOf(string rest) => ListElement().Match(rest) is { Success: true } m ? m.Groups[1].Value : null;

    private static Dictionary<string, string?> Read(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                ProfileCatalog.Walk(doc.RootElement, "", pairs);
            }

            return pairs;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {ex.Message}", ex);
        }
    }

    [GeneratedRegex(@"^(\d+):(.+)$")]
    private static partial Regex EntryKey();

    [GeneratedRegex(@"^(.+):\d+$")]
    private static partial Regex ListElement();
}
