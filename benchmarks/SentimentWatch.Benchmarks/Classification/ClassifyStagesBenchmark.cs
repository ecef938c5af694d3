using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Classifier;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Benchmarks.Classification;

/// <summary>
/// Where the time of <c>sw classify --input</c> goes: each stage of the batch run alone, in order, on one thread, over
/// the same lines (start-up, reading, JSON parsing, classification and its parts, the record's JSON, the incident
/// preview's fingerprints and in-order add, the annotation's JSON and the write). CPU µs per post per stage.
/// Args: INPUT.jsonl [posts=20000] [models=models]
/// </summary>
internal sealed class ClassifyStagesBenchmark : IBenchmark
{
    public string Name => "classify-stages";

    public string Description => "sw classify --input: CPU µs per post of each stage run alone on one thread (profile)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: classify-stages INPUT.jsonl [posts] [models]");
            return 2;
        }

        var ci = CultureInfo.InvariantCulture;
        var limit = args.Length > 1 ? int.Parse(args[1], ci) : 20_000;
        var paths = new PathsOptions { Models = args.Length > 2 ? args[2] : "models" };
        using var process = Process.GetCurrentProcess();
        var clock = new StageClock(process);

        var segmenter = SegmenterFactory.Create(new SegmentationOptions(), paths, includeDomain: true);
        clock.Lap("start-up: segmenter", 1);
        var provider = new ClassifierModelProvider(Options.Create(paths), Options.Create(new ClassifierOptions()), ClassifierBenchmark.ShippedSchedule(), segmenter, NullLogger<ClassifierModelProvider>.Instance);
        _ = provider.Normaliser;
        _ = provider.ContactChars;
        clock.Lap("start-up: tables", 1);
        var classifier = provider.Classifier;
        clock.Lap("start-up: model", 1);
        var preview = ClassifyBatchBenchmark.Preview();
        clock.Lap("start-up: alerting services", 1);

        var lines = new List<RawLine>();
        await using (var input = File.OpenRead(args[0]))
        {
            var reader = new JsonLineReader(input, BatchOptions.DefaultMaxLineBytes);
            while (lines.Count < limit && await reader.ReadAsync(cancellationToken) is { } line)
            {
                lines.Add(line);
            }
        }

        var n = lines.Count;
        clock.Lap("read lines", n);
        var parsed = new (System.Text.Json.JsonElement Id, string IdKey, ClassificationInput Input)[n];
        for (var i = 0; i < n; i++)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(lines[i].Bytes, new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
            var r = doc.RootElement;
            var id = r.GetProperty("id").Clone();
            DateTimeOffset? at = r.TryGetProperty("published_at", out var pa) && PublishedTime.TryParseBeijingByDefault(pa.GetString()!, out var t) ? t : null;
            parsed[i] = (id, id.GetRawText(), new ClassificationInput(r.GetProperty("text").GetString()!, r.GetProperty("platform").GetString(), r.GetProperty("author").GetString(), at,
                r.GetProperty("reposts").GetInt64(), r.GetProperty("comments").GetInt64(), r.GetProperty("likes").GetInt64()));
        }

        clock.Lap("parse JSON (JsonDocument, the fields the batch reads)", n);
        // Warm the JIT on the classifier's paths outside the measured laps.
        for (var i = 0; i < Math.Min(200, n); i++)
        {
            _ = classifier.Classify(parsed[i].Input);
        }

        clock.Lap("(warm-up)", 0);
        var extractor = provider.CreateExtractor(classifier.Manifest.Features);
        for (var i = 0; i < n; i++)
        {
            _ = provider.Normaliser.Normalise(parsed[i].Input.Text);
        }

        clock.Lap("  normalise only", n);
        var contacts = provider.Contacts;
        for (var i = 0; i < n; i++)
        {
            _ = contacts.Extract(parsed[i].Input.Text);
        }

        clock.Lap("  contacts only", n);
        for (var i = 0; i < n; i++)
        {
            _ = extractor.Analyse(parsed[i].Input.Text, parsed[i].Input.PublishedAtUtc);
        }

        clock.Lap("  analyse (normalise + contacts + segment + features)", n);
        var results = new ClassificationResult[n];
        for (var i = 0; i < n; i++)
        {
            results[i] = classifier.Classify(parsed[i].Input);
        }

        clock.Lap("classify (analyse + predict + reasons)", n);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, BatchClassifier.Writing))
        {
            for (var i = 0; i < n; i++)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                _ = BatchClassifier.WriteRecord(writer, buffer, parsed[i].Id, results[i]);
                writer.Flush();
            }
        }

        clock.Lap("record JSON (Utf8JsonWriter)", n);
        var session = preview.Begin();
        var drafts = new IncidentPreviewDraft[n];
        for (var i = 0; i < n; i++)
        {
            drafts[i] = session.Prepare(parsed[i].Input, results[i]);
        }

        clock.Lap("preview: prepare (fingerprints)", n);
        var previews = new IncidentPreviewResult[n];
        for (var i = 0; i < n; i++)
        {
            previews[i] = session.Add(parsed[i].IdKey, drafts[i]);
        }

        clock.Lap("preview: add in order (cluster + grade)", n);
        var annotator = new IncidentFieldsAnnotator(preview.Begin());
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, BatchClassifier.Writing))
        {
            for (var i = 0; i < n; i++)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                writer.WriteStartObject();
                annotator.Annotate(parsed[i].IdKey, drafts[i], writer);
                writer.WriteEndObject();
                writer.Flush();
            }
        }

        clock.Lap("preview: add in order + annotation JSON", n);
        using (var sink = new BufferedStream(Stream.Null, 1 << 16))
        {
            var bytes = Encoding.UTF8.GetBytes(new string('x', 400) + "\n");
            for (var i = 0; i < n; i++)
            {
                sink.Write(bytes);
            }
        }

        clock.Lap("write (400-byte lines)", n);
        await using (var input = File.OpenRead(args[0]))
        {
            var bounded = new MemoryStream();
            var reader = new JsonLineReader(input, BatchOptions.DefaultMaxLineBytes);
            for (var i = 0; i < n && await reader.ReadAsync(cancellationToken) is { } line; i++)
            {
                bounded.Write(line.Bytes);
                bounded.WriteByte((byte)'\n');
            }

            bounded.Position = 0;
            clock.Lap("(copy input)", 0);
            await new BatchClassifier(classifier, new IncidentFieldsAnnotator(preview.Begin()), new BatchOptions(1)).RunAsync(bounded, Stream.Null, cancellationToken);
        }

        clock.Lap("whole batch in process, 1 worker thread (all of the above)", n);
        Console.WriteLine(string.Create(ci, $"{n} posts from {args[0]}, one thread; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        clock.Print();
        return 0;
    }

    /// <summary>CPU time and allocated bytes between laps, printed per post (bytes do not inflate with the machine's load).</summary>
    private sealed class StageClock(Process process)
    {
        private readonly List<(string Stage, double CpuMs, double WallMs, long Bytes, int Posts)> _laps = [];
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _cpu = process.TotalProcessorTime;
        private long _bytes = GC.GetTotalAllocatedBytes(precise: true);

        public void Lap(string stage, int posts)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            _laps.Add((stage, (cpu - _cpu).TotalMilliseconds, _wall.Elapsed.TotalMilliseconds, bytes - _bytes, posts));
            _cpu = cpu;
            _bytes = bytes;
            _wall.Restart();
        }

        public void Print()
        {
            foreach (var (stage, cpu, wall, bytes, posts) in _laps)
            {
                Console.WriteLine(posts > 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{stage,-56} {cpu * 1000 / posts,8:0.0} CPU µs/post  {wall * 1000 / posts,8:0.0} wall µs/post  {bytes / posts,8:0} B/post")
                    : string.Create(CultureInfo.InvariantCulture, $"{stage,-56} {cpu,8:0} CPU ms       {wall,8:0} wall ms   {bytes / 1e6,8:0.0} MB"));
            }
        }
    }
}
