using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>Counts of one batch run.</summary>
internal sealed record BatchSummary(int Lines, int Classified, int Errors);

/// <summary>How a batch runs: worker threads, lines per unit of work, the longest line read.</summary>
internal sealed record BatchOptions(int Threads, int ChunkLines = 256, int MaxLineBytes = BatchOptions.DefaultMaxLineBytes)
{
    public const int DefaultMaxLineBytes = 1 << 20;

    public static BatchOptions Default { get; } = new(Environment.ProcessorCount);
}

/// <summary>Adds later stages' fields to each output record (alerting adds <c>level</c>, <c>level_reasons</c>, <c>duplicate_of</c>, <c>incident</c>).</summary>
internal interface IBatchAnnotator
{
    /// <summary>Work on one post alone, called on the worker threads: must be thread-safe.</summary>
    object? Prepare(ClassificationInput input, ClassificationResult result);

    /// <summary>
    /// Called on one thread in input order with the line's id (its JSON text as written in the record) and what
    /// <see cref="Prepare"/> returned; writes properties into <paramref name="fields"/>, an object already opened.
    /// </summary>
    void Annotate(string id, object? prepared, Utf8JsonWriter fields);
}

/// <summary>
/// <c>sw classify --input posts.jsonl --output out.jsonl</c>: one output line per input line, streamed. Input lines carry
/// <c>id</c>, <c>text</c> and optionally <c>platform</c>, <c>author</c>, <c>published_at</c> (ISO 8601; Beijing time when it has no offset), <c>reposts</c>,
/// <c>comments</c>, <c>likes</c>; unknown fields are ignored. A line that cannot be classified — not JSON, a duplicate
/// key, invalid UTF-8, an escaped lone surrogate, a missing field, longer than the limit — yields
/// <c>{"id", "line", "error"}</c> and the run goes on.
/// </summary>
/// <remarks>
/// Chunks of lines are parsed, classified, prepared for the annotator and written as UTF-8 JSON on
/// <see cref="BatchOptions.Threads"/> worker threads while one thread reads, annotates (in input order) and writes the
/// bytes: the output's order is the input's, and at most a few chunks per thread are in memory. Each chunk's records
/// go into one pooled buffer, so a run allocates no string per record and no large buffer per chunk.
/// </remarks>
internal sealed class BatchClassifier
{
    /// <summary>How records are written: non-ASCII text as is (the old <c>JsonObject</c> output, byte for byte).</summary>
    internal static readonly JsonWriterOptions Writing = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonDocumentOptions Parsing = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private readonly IPostClassifier _classifier;
    private readonly IBatchAnnotator? _annotator;
    private readonly BatchOptions _options;
    private readonly ConcurrentBag<ArrayBufferWriter<byte>> _buffers = [];

    public BatchClassifier(IPostClassifier classifier, IBatchAnnotator? annotator = null, BatchOptions? options = null)
    {
        _classifier = classifier;
        _annotator = annotator;
        _options = options ?? BatchOptions.Default;
        if (_options.Threads < 1 || _options.ChunkLines < 1 || _options.MaxLineBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options, "threads, chunk lines and the line limit must be at least 1");
        }
    }

    public async Task<BatchSummary> RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var reader = new JsonLineReader(input, _options.MaxLineBytes);
        using var workers = new SemaphoreSlim(_options.Threads);
        var inFlight = new Queue<Task<Chunk>>();
        var summary = new BatchSummary(0, 0, 0);
        var sink = new BufferedStream(output, 1 << 16);
        var fields = new ArrayBufferWriter<byte>(1024);
        using var fieldWriter = new Utf8JsonWriter(fields, Writing);
        while (true)
        {
            var lines = new List<RawLine>(_options.ChunkLines);
            while (lines.Count < _options.ChunkLines && await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lines.Add(line);
            }

            if (lines.Count == 0)
            {
                break;
            }

            inFlight.Enqueue(Task.Run(async () =>
            {
                await workers.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return Process(lines, cancellationToken);
                }
                finally
                {
                    workers.Release();
                }
            }, cancellationToken));
            if (inFlight.Count > _options.Threads * 2)
            {
                summary = Write(await inFlight.Dequeue().ConfigureAwait(false), sink, fields, fieldWriter, summary);
            }
        }

        while (inFlight.Count > 0)
        {
            summary = Write(await inFlight.Dequeue().ConfigureAwait(false), sink, fields, fieldWriter, summary);
        }

        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>One line's outcome: where its record (without the annotation's fields) lies in the chunk's buffer; none for a blank line.</summary>
    private readonly record struct Outcome(int Start, int Length, bool Error, string? Id, object? Prepared);

    /// <summary>A chunk's records, one after the other in one buffer, and where each line's is.</summary>
    private sealed record Chunk(ArrayBufferWriter<byte> Buffer, Outcome[] Outcomes);

    private Chunk Process(List<RawLine> lines, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[lines.Count];
        if (!_buffers.TryTake(out var buffer))
        {
            buffer = new ArrayBufferWriter<byte>(64 * 1024);
        }

        using var writer = new Utf8JsonWriter(buffer, Writing);
        for (var i = 0; i < lines.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = lines[i];
            if (line.Bytes is { } bytes && IsBlank(bytes))
            {
                continue;
            }

            var start = buffer.WrittenCount;
            object? prepared = null;
            string? id = null;
            var error = line.Bytes is null ? WriteError(writer, default, line.Number, line.Error!) : ClassifyLine(line.Bytes, line.Number, writer, buffer, out id, out prepared);
            writer.Flush();
            writer.Reset();
            outcomes[i] = new Outcome(start, buffer.WrittenCount - start, error, error ? null : id, prepared);
        }

        return new Chunk(buffer, outcomes);
    }

    private BatchSummary Write(Chunk chunk, Stream output, ArrayBufferWriter<byte> fields, Utf8JsonWriter fieldWriter, BatchSummary summary)
    {
        var (ok, errors) = (summary.Classified, summary.Errors);
        var bytes = chunk.Buffer.WrittenSpan;
        foreach (var o in chunk.Outcomes)
        {
            if (o.Length == 0)
            {
                continue;
            }

            var record = bytes.Slice(o.Start, o.Length);
            if (o.Error)
            {
                errors++;
            }
            else
            {
                ok++;
                if (_annotator is not null)
                {
                    fields.ResetWrittenCount();
                    fieldWriter.Reset(fields);
                    fieldWriter.WriteStartObject();
                    _annotator.Annotate(o.Id!, o.Prepared, fieldWriter);
                    fieldWriter.WriteEndObject();
                    fieldWriter.Flush();
                    if (fields.WrittenCount > 2)
                    {
                        // The record is an object with fields: splice the annotation's fields in before its closing brace.
                        output.Write(record[..^1]);
                        output.WriteByte((byte)',');
                        record = fields.WrittenSpan[1..];
                    }
                }
            }

            output.Write(record);
            output.WriteByte((byte)'\n');
        }

        chunk.Buffer.ResetWrittenCount();
        _buffers.Add(chunk.Buffer);
        return new BatchSummary(summary.Lines + chunk.Outcomes.Length, ok, errors);
    }

    /// <summary>Writes the line's record (or its error record) into <paramref name="writer"/>; true for an error record.</summary>
    private bool ClassifyLine(byte[] line, int lineNumber, Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, out string? id, out object? prepared)
    {
        id = null;
        prepared = null;
        if (Utf8.IsValid(line) is false)
        {
            return WriteError(writer, default, lineNumber, $"line is not valid UTF-8 (first bad byte at byte {FirstInvalidByte(line) + 1})");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line, Parsing);
        }
        catch (JsonException ex)
        {
            return WriteError(writer, default, lineNumber, $"invalid JSON: {ex.Message}");
        }

        using (doc)
        {
            JsonElement idElement = default;
            try
            {
                var obj = doc.RootElement;
                if (obj.ValueKind != JsonValueKind.Object)
                {
                    return WriteError(writer, default, lineNumber, "the line is not a JSON object");
                }

                var hasId = obj.TryGetProperty("id", out var idValue);
                if (!hasId || idValue.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    return WriteError(writer, hasId ? idValue : default, lineNumber, "field 'id' is missing or not a string/number");
                }

                _ = String(idValue, "id");
                idElement = idValue;
                if (!obj.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
                {
                    return WriteError(writer, idElement, lineNumber, "field 'text' is missing or not a string");
                }

                var text = String(textElement, "text");
                if (string.IsNullOrWhiteSpace(text))
                {
                    return WriteError(writer, idElement, lineNumber, "field 'text' is empty: nothing to classify");
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
                id = WriteRecord(writer, buffer, idElement, result);
                return false;
            }
            catch (FormatException ex)
            {
                return WriteError(writer, idElement, lineNumber, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One post the classifier cannot take must not cost the rest of the batch; the record says what failed.
                prepared = null;
                return WriteError(writer, idElement, lineNumber, $"could not classify: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// The record: <c>id</c>, <c>label</c>, <c>confidence</c>, <c>scores</c>, <c>contacts</c>, <c>reasons</c>,
    /// <c>model_version</c>. Returns the id's JSON text as written, which the annotator is given.
    /// </summary>
    internal static string WriteRecord(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, JsonElement id, ClassificationResult result)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("id"u8);
        writer.Flush();
        var idStart = buffer.WrittenCount;
        id.WriteTo(writer);
        writer.Flush();
        var idJson = Encoding.UTF8.GetString(buffer.WrittenSpan[idStart..]);
        writer.WriteString("label"u8, result.Label);
        writer.WriteNumber("confidence"u8, result.Confidence);
        writer.WriteStartObject("scores"u8);
        foreach (var (label, p) in result.Scores)
        {
            writer.WriteNumber(label, p);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("contacts"u8);
        foreach (var c in result.Contacts)
        {
            writer.WriteStartObject();
            writer.WriteString("kind"u8, c.Kind);
            writer.WriteString("value"u8, c.Value);
            writer.WriteString("raw"u8, c.Raw);
            writer.WriteNumber("start"u8, c.Start);
            writer.WriteNumber("end"u8, c.End);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("reasons"u8);
        foreach (var r in result.Reasons)
        {
            writer.WriteStringValue(r);
        }

        writer.WriteEndArray();
        writer.WriteString("model_version"u8, result.ModelVersion);
        writer.WriteEndObject();
        return idJson;
    }

    /// <summary><c>{"id", "line", "error"}</c>; an id of the wrong kind is written as it came. Always true (an error record).</summary>
    private static bool WriteError(Utf8JsonWriter writer, JsonElement id, int line, string message)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("id"u8);
        if (id.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            id.WriteTo(writer);
        }

        writer.WriteNumber("line"u8, line);
        writer.WriteString("error"u8, message);
        writer.WriteEndObject();
        return true;
    }

    internal static bool IsBlank(byte[] line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v'))
            {
                return false;
            }
        }

        return true;
    }

    internal static int FirstInvalidByte(ReadOnlySpan<byte> line)
    {
        var at = 0;
        while (at < line.Length && Rune.DecodeFromUtf8(line[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }

        return at;
    }

    /// <summary>A string value; an escaped lone surrogate (<c>"\\ud800"</c>) is not text and is refused naming the field.</summary>
    internal static string String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return element.GetRawText();
        }

        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FormatException($"field '{name}' holds an escaped lone surrogate (\\uD800–\\uDFFF without its pair): not valid Unicode text");
        }
    }

    internal static string? OptionalString(JsonElement obj, string name) =>
        !obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? String(v, name)
        : throw new FormatException($"field '{name}' must be a string, got {v.ValueKind}");

    /// <summary>A publication time; without an offset it is Beijing time (<see cref="PublishedTime.TryParseBeijingByDefault"/>).</summary>
    internal static DateTimeOffset? OptionalTime(JsonElement obj, string name)
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

    internal static long? OptionalLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out var l))
            {
                return l;
            }

            if (v.TryGetDouble(out var d) && d >= 0 && d < 9e18)
            {
                return (long)d;
            }
        }
        else if (v.ValueKind == JsonValueKind.String && long.TryParse(String(v, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p))
        {
            return p;
        }

        throw new FormatException($"field '{name}' must be a whole number, got {v.GetRawText()}");
    }
}
