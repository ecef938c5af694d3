using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using SentimentWatch.Core.Classification;

using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Classifier.Tests.Pipeline.Reference;

// The batch path as it was before the records were written with Utf8JsonWriter into pooled buffers (commit 4fab00a):
// JsonObject records serialised to strings, spliced and written through a TextWriter. Kept only as the reference the
// new path's output must equal byte for byte (BatchClassifierEquivalenceTests).

/// <summary>Adds later stages' fields to each output record (alerting adds <c>level</c>, <c>level_reasons</c>, <c>duplicate_of</c>, <c>incident</c>).</summary>
internal interface IReferenceBatchAnnotator
{
    /// <summary>Work on one post alone, called on the worker threads: must be thread-safe.</summary>
    object? Prepare(ClassificationInput input, ClassificationResult result);

    /// <summary>Called on one thread in input order with the line's id and what <see cref="Prepare"/> returned; adds to <paramref name="fields"/>.</summary>
    void Annotate(JsonNode id, object? prepared, JsonObject fields);
}

/// <summary>
/// <c>sw classify --input posts.jsonl --output out.jsonl</c>: one output line per input line, streamed. Input lines carry
/// <c>id</c>, <c>text</c> and optionally <c>platform</c>, <c>author</c>, <c>published_at</c> (ISO 8601; Beijing time when it has no offset), <c>reposts</c>,
/// <c>comments</c>, <c>likes</c>; unknown fields are ignored. A line that cannot be classified — not JSON, a duplicate
/// key, invalid UTF-8, an escaped lone surrogate, a missing field, longer than the limit — yields
/// <c>{"id", "line", "error"}</c> and the run goes on.
/// </summary>
/// <remarks>
/// Chunks of lines are classified on <see cref="BatchOptions.Threads"/> worker threads while one thread reads, annotates
/// (in input order) and writes: the output's order is the input's, and at most a few chunks per thread are in memory.
/// </remarks>
internal sealed class ReferenceBatchClassifier
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions Parsing = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private readonly IPostClassifier _classifier;
    private readonly IReferenceBatchAnnotator? _annotator;
    private readonly BatchOptions _options;

    public ReferenceBatchClassifier(IPostClassifier classifier, IReferenceBatchAnnotator? annotator = null, BatchOptions? options = null)
    {
        _classifier = classifier;
        _annotator = annotator;
        _options = options ?? BatchOptions.Default;
        if (_options.Threads < 1 || _options.ChunkLines < 1 || _options.MaxLineBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options, "threads, chunk lines and the line limit must be at least 1");
        }
    }

    public async Task<BatchSummary> RunAsync(Stream input, TextWriter output, CancellationToken cancellationToken)
    {
        var reader = new JsonLineReader(input, _options.MaxLineBytes);
        using var workers = new SemaphoreSlim(_options.Threads);
        var inFlight = new Queue<Task<Outcome[]>>();
        var summary = new BatchSummary(0, 0, 0);
        while (true)
        {
            var chunk = new List<RawLine>(_options.ChunkLines);
            while (chunk.Count < _options.ChunkLines && await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                chunk.Add(line);
            }

            if (chunk.Count == 0)
            {
                break;
            }

            inFlight.Enqueue(Task.Run(async () =>
            {
                await workers.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return Process(chunk, cancellationToken);
                }
                finally
                {
                    workers.Release();
                }
            }, cancellationToken));
            if (inFlight.Count > _options.Threads * 2)
            {
                summary = Write(await inFlight.Dequeue().ConfigureAwait(false), output, summary);
            }
        }

        while (inFlight.Count > 0)
        {
            summary = Write(await inFlight.Dequeue().ConfigureAwait(false), output, summary);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>One line's outcome: its record without the annotation's fields, or nothing for a blank line.</summary>
    private readonly record struct Outcome(string? Json, bool Error, JsonNode? Id, object? Prepared);

    private Outcome[] Process(List<RawLine> chunk, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[chunk.Count];
        for (var i = 0; i < chunk.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = chunk[i];
            if (line.Bytes is { } bytes && IsBlank(bytes))
            {
                continue;
            }

            object? prepared = null;
            var record = line.Bytes is null ? Error(null, line.Number, line.Error!) : ClassifyLine(line.Bytes, line.Number, out prepared);
            var error = record.ContainsKey("error");
            outcomes[i] = new Outcome(record.ToJsonString(Json), error, error ? null : record["id"], prepared);
        }

        return outcomes;
    }

    private BatchSummary Write(Outcome[] outcomes, TextWriter output, BatchSummary summary)
    {
        var (ok, errors) = (summary.Classified, summary.Errors);
        foreach (var o in outcomes)
        {
            if (o.Json is not { } json)
            {
                continue;
            }

            if (o.Error)
            {
                errors++;
            }
            else
            {
                ok++;
                if (_annotator is not null)
                {
                    var fields = new JsonObject();
                    _annotator.Annotate(o.Id!, o.Prepared, fields);
                    if (fields.Count > 0)
                    {
                        // The record is an object with fields: splice the annotation's fields in before its closing brace.
                        var extra = fields.ToJsonString(Json);
                        json = string.Concat(json.AsSpan(0, json.Length - 1), ",", extra.AsSpan(1));
                    }
                }
            }

            output.WriteLine(json);
        }

        return new BatchSummary(summary.Lines + outcomes.Length, ok, errors);
    }


    private JsonObject ClassifyLine(byte[] line, int lineNumber, out object? prepared)
    {
        prepared = null;
        if (Utf8.IsValid(line) is false)
        {
            return Error(null, lineNumber, $"line is not valid UTF-8 (first bad byte at byte {FirstInvalidByte(line) + 1})");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line, Parsing);
        }
        catch (JsonException ex)
        {
            return Error(null, lineNumber, $"invalid JSON: {ex.Message}");
        }

        using (doc)
        {
            JsonNode? id = null;
            try
            {
                var obj = doc.RootElement;
                if (obj.ValueKind != JsonValueKind.Object)
                {
                    return Error(null, lineNumber, "the line is not a JSON object");
                }

                var hasId = obj.TryGetProperty("id", out var idElement);
                if (!hasId || idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    return Error(hasId ? JsonNode.Parse(idElement.GetRawText()) : null, lineNumber, "field 'id' is missing or not a string/number");
                }

                _ = String(idElement, "id");
                id = JsonValue.Create(idElement.Clone());
                if (!obj.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
                {
                    return Error(id, lineNumber, "field 'text' is missing or not a string");
                }

                var text = String(textElement, "text");
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
                prepared = _annotator?.Prepare(input, result);
                return ToJson(id, result);
            }
            catch (FormatException ex)
            {
                return Error(id, lineNumber, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One post the classifier cannot take must not cost the rest of the batch; the record says what failed.
                return Error(id, lineNumber, $"could not classify: {ex.GetType().Name}: {ex.Message}");
            }
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

    // The line-reading helpers (blank lines, fields, UTF-8 checks) are unchanged and shared with the new path.
    private static bool IsBlank(byte[] line) => BatchClassifier.IsBlank(line);

    private static int FirstInvalidByte(ReadOnlySpan<byte> line) => BatchClassifier.FirstInvalidByte(line);

    private static string String(JsonElement element, string name) => BatchClassifier.String(element, name);

    private static string? OptionalString(JsonElement obj, string name) => BatchClassifier.OptionalString(obj, name);

    private static DateTimeOffset? OptionalTime(JsonElement obj, string name) => BatchClassifier.OptionalTime(obj, name);

    private static long? OptionalLong(JsonElement obj, string name) => BatchClassifier.OptionalLong(obj, name);
}

/// <summary>The host's incident fields as they were written before (JsonObject, the id's default JSON text as the key).</summary>
internal sealed class ReferenceIncidentFields(IIncidentPreviewSession session) : IReferenceBatchAnnotator
{
    public object? Prepare(ClassificationInput input, ClassificationResult result) => session.Prepare(input, result);

    public void Annotate(JsonNode id, object? prepared, JsonObject fields)
    {
        var preview = session.Add(id.ToJsonString(), (IncidentPreviewDraft)prepared!);
        var reasons = new JsonArray();
        foreach (var r in preview.LevelReasons)
        {
            reasons.Add(new JsonObject { ["rule"] = r.Rule, ["level"] = r.Level.ToString(), ["detail"] = r.Detail });
        }

        fields["level"] = preview.Level;
        fields["level_reasons"] = reasons;
        fields["duplicate_of"] = preview.DuplicateOf is null ? null : JsonNode.Parse(preview.DuplicateOf);
        fields["incident"] = preview.Incident;
    }
}
