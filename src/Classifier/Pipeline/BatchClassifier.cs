using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>Counts of one batch run.</summary>
internal sealed record BatchSummary(int Lines, int Classified, int Errors);

/// <summary>
/// <c>sw classify --input posts.jsonl --output out.jsonl</c>: one output line per input line, streamed. Input lines carry
/// <c>id</c>, <c>text</c> and optionally <c>platform</c>, <c>author</c>, <c>published_at</c> (ISO 8601; Beijing time when it has no offset), <c>reposts</c>,
/// <c>comments</c>, <c>likes</c>; unknown fields are ignored. A line that cannot be classified yields
/// <c>{"id", "line", "error"}</c> and the run goes on.
/// </summary>
internal sealed class BatchClassifier
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly IPostClassifier _classifier;
    private readonly Action<JsonNode, ClassificationInput, ClassificationResult, JsonObject>? _annotate;

    /// <param name="annotate">
    /// Adds fields to each output record from later stages (alerting adds <c>level</c>, <c>level_reasons</c>,
    /// <c>duplicate_of</c>, <c>incident</c>), called in input order with the line's id.
    /// </param>
    public BatchClassifier(IPostClassifier classifier, Action<JsonNode, ClassificationInput, ClassificationResult, JsonObject>? annotate = null)
    {
        _classifier = classifier;
        _annotate = annotate;
    }

    public async Task<BatchSummary> RunAsync(TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var lines = 0;
        var ok = 0;
        var errors = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lines++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var record = ClassifyLine(line, lines);
            if (record.ContainsKey("error"))
            {
                errors++;
            }
            else
            {
                ok++;
            }

            await output.WriteLineAsync(record.ToJsonString(Json).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new BatchSummary(lines, ok, errors);
    }

    internal JsonObject ClassifyLine(string line, int lineNumber)
    {
        JsonNode? id = null;
        try
        {
            JsonObject obj;
            try
            {
                obj = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("the line is not a JSON object");
            }
            catch (JsonException ex)
            {
                return Error(null, lineNumber, $"invalid JSON: {ex.Message}");
            }

            id = obj["id"]?.DeepClone();
            if (id is null || id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return Error(id, lineNumber, "field 'id' is missing or not a string/number");
            }

            if (obj["text"] is not JsonValue textNode || textNode.GetValueKind() != JsonValueKind.String)
            {
                return Error(id, lineNumber, "field 'text' is missing or not a string");
            }

            var text = textNode.GetValue<string>();
            if (string.IsNullOrWhiteSpace(text))
            {
                return Error(id, lineNumber, "field 'text' is empty: nothing to classify");
            }

            var input = new ClassificationInput(
                text,
                OptionalString(obj, "platform"),
                OptionalString(obj, "author"),
                OptionalTime(obj, "published_at"),
                OptionalLong(obj, "reposts"),
                OptionalLong(obj, "comments"),
                OptionalLong(obj, "likes"));
            var result = _classifier.Classify(input);
            var record = ToJson(id, result);
            _annotate?.Invoke(id, input, result, record);
            return record;
        }
        catch (FormatException ex)
        {
            return Error(id, lineNumber, ex.Message);
        }
    }

    public static JsonObject ToJson(JsonNode? id, ClassificationResult result)
    {
        var scores = new JsonObject();
        foreach (var (label, p) in result.Scores)
        {
            scores[label] = p;
        }

        var contacts = new JsonArray();
        foreach (var c in result.Contacts)
        {
            contacts.Add(new JsonObject { ["kind"] = c.Kind, ["value"] = c.Value, ["raw"] = c.Raw, ["start"] = c.Start, ["end"] = c.End });
        }

        var reasons = new JsonArray();
        foreach (var r in result.Reasons)
        {
            reasons.Add(r);
        }

        return new JsonObject
        {
            ["id"] = id?.DeepClone(),
            ["label"] = result.Label,
            ["confidence"] = result.Confidence,
            ["scores"] = scores,
            ["contacts"] = contacts,
            ["reasons"] = reasons,
            ["model_version"] = result.ModelVersion,
        };
    }

    private static JsonObject Error(JsonNode? id, int line, string message) => new()
    {
        ["id"] = id?.DeepClone(),
        ["line"] = line,
        ["error"] = message,
    };

    private static string? OptionalString(JsonObject obj, string name) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        var other => throw new FormatException($"field '{name}' must be a string, got {other.GetValueKind()}"),
    };

    /// <summary>A publication time; without an offset it is Beijing time (<see cref="PublishedTime.TryParseBeijingByDefault"/>).</summary>
    private static DateTimeOffset? OptionalTime(JsonObject obj, string name)
    {
        var s = OptionalString(obj, name);
        if (s is null)
        {
            return null;
        }

        return PublishedTime.TryParseBeijingByDefault(s, out var t)
            ? t
            : throw new FormatException(
                $"field '{name}' '{s}' is not an ISO 8601 date and time (e.g. 2025-09-13T10:40:00+08:00; without an offset Beijing time is assumed)");
    }

    private static long? OptionalLong(JsonObject obj, string name) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d >= 0 && d < 9e18 => (long)d,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
        var other => throw new FormatException($"field '{name}' must be a whole number, got {other.ToJsonString()}"),
    };
}
