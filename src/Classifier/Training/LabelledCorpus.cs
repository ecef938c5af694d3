using System.Text.Json;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Training;

/// <summary>
/// Reads labelled JSONL (<c>text</c>, <c>label</c>, optional <c>platform</c>, <c>notes</c> and <c>published_at</c> —
/// ISO 8601 with an explicit offset, e.g. <c>2025-09-13T10:40:00+08:00</c>; other fields ignored).
/// </summary>
public static class LabelledCorpus
{
    /// <summary>Reads every usable line and reports every unusable one (never stops at the first).</summary>
    public static (IReadOnlyList<LabelledExample> Examples, IReadOnlyList<CorpusError> Errors) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Labelled file '{path}' does not exist", path);
        }

        var examples = new List<LabelledExample>();
        var errors = new List<CorpusError>();
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new CorpusError(n, "not a JSON object"));
                    continue;
                }

                var text = GetString(doc.RootElement, "text");
                var label = GetString(doc.RootElement, "label");
                if (string.IsNullOrWhiteSpace(text))
                {
                    errors.Add(new CorpusError(n, "field 'text' is missing or empty"));
                    continue;
                }

                if (label is null || !Labels.All.Contains(label))
                {
                    errors.Add(new CorpusError(n, $"field 'label' '{label}' is not one of {string.Join(", ", Labels.All)}"));
                    continue;
                }

                if (!TryPublishedAt(doc.RootElement, out var publishedAt, out var timeError))
                {
                    errors.Add(new CorpusError(n, timeError));
                    continue;
                }

                examples.Add(new LabelledExample(text, label, GetString(doc.RootElement, "platform"), GetString(doc.RootElement, "notes"), PublishedAt: publishedAt));
            }
            catch (JsonException ex)
            {
                errors.Add(new CorpusError(n, $"invalid JSON ({ex.Message})"));
            }
        }

        return (examples, errors);
    }

    /// <summary>
    /// <c>published_at</c> is optional (absent or null: untimed), but a present value must carry its offset: a time
    /// without one would be read in the machine's zone and could move a post across a sitting's boundary.
    /// </summary>
    internal static bool TryPublishedAt(JsonElement e, out DateTimeOffset? publishedAt, out string error)
    {
        publishedAt = null;
        error = "";
        if (!e.TryGetProperty("published_at", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            error = $"field 'published_at' must be an ISO 8601 string, not {v.ValueKind.ToString().ToLowerInvariant()}";
            return false;
        }

        var s = v.GetString()!;
        if (!Pipeline.PublishedTime.TryParseWithOffset(s, out var t))
        {
            error = $"field 'published_at' '{s}' is not an ISO 8601 time with offset (e.g. 2025-09-13T10:40:00+08:00)";
            return false;
        }

        publishedAt = t;
        return true;
    }

    private static string? GetString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
