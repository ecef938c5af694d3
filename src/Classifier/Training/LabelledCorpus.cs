using System.Text.Json;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Training;

/// <summary>Reads labelled JSONL (<c>text</c>, <c>label</c>, optional <c>platform</c>, <c>notes</c>; other fields ignored).</summary>
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

                examples.Add(new LabelledExample(text, label, GetString(doc.RootElement, "platform"), GetString(doc.RootElement, "notes")));
            }
            catch (JsonException ex)
            {
                errors.Add(new CorpusError(n, $"invalid JSON ({ex.Message})"));
            }
        }

        return (examples, errors);
    }

    private static string? GetString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
