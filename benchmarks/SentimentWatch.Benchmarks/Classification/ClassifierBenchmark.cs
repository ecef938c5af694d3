using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Benchmarks.Classification;

/// <summary>
/// End-to-end classification speed with the shipped model and the jieba segmenter (domain dictionary on):
/// normalise + segment + features + predict + contacts + reasons. Reports model load time, throughput on all
/// cores and per-post latency percentiles on one thread. Posts are the corpus texts (models/training/*.jsonl).
/// Args: [posts=200000] [models=models]
/// </summary>
internal sealed class ClassifierBenchmark : IBenchmark
{
    public string Name => "classifier";

    public string Description => "exam-risk classifier: model load, posts/s on all cores, p50/p99 latency";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var models = args.Length > 1 ? args[1] : "models";
        var paths = new PathsOptions { Models = models };
        var ci = CultureInfo.InvariantCulture;

        var segSw = Stopwatch.StartNew();
        var segmenter = SegmenterFactory.Create(new SegmentationOptions(), paths, includeDomain: true);
        segSw.Stop();

        var provider = new ClassifierModelProvider(Options.Create(paths), Options.Create(new ClassifierOptions()), ShippedSchedule(), segmenter, NullLogger<ClassifierModelProvider>.Instance);
        var tablesSw = Stopwatch.StartNew();
        _ = provider.Normaliser;
        tablesSw.Stop();
        var loadSw = Stopwatch.StartNew();
        var classifier = provider.Classifier;
        loadSw.Stop();

        var texts = LoadTexts(models);
        // Every post carries a publication time three days before the 2026 objective sitting of the shipped calendar, so the
        // exam-window lookup is part of the measured path as it is in the worker.
        var published = new DateTimeOffset(2026, 9, 9, 20, 0, 0, TimeSpan.FromHours(8));
        if (texts.Count == 0)
        {
            Console.Error.WriteLine("no texts found under models/training");
            return Task.FromResult(2);
        }

        // Warm up the JIT and the caches on every text once.
        foreach (var t in texts)
        {
            classifier.Classify(new ClassificationInput(t, PublishedAtUtc: published));
        }

        var cores = Environment.ProcessorCount;
        var next = -1;
        var wall = Stopwatch.StartNew();
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = cancellationToken }, _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                classifier.Classify(new ClassificationInput(texts[i % texts.Count], PublishedAtUtc: published));
            }
        });
        wall.Stop();

        var latencies = new double[Math.Min(total, 50_000)];
        for (var i = 0; i < latencies.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            classifier.Classify(new ClassificationInput(texts[i % texts.Count], PublishedAtUtc: published));
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(latencies);
        var avgChars = texts.Average(t => t.Length);
        Console.WriteLine(string.Create(ci, $"machine: {cores} cores, {Environment.OSVersion}, .NET {Environment.Version}"));
        Console.WriteLine(string.Create(ci, $"model: {classifier.Manifest.ModelVersion} ({provider.ModelPath})"));
        Console.WriteLine(string.Create(ci, $"segmenter load: {segSw.ElapsedMilliseconds} ms; OpenCC + variant tables: {tablesSw.ElapsedMilliseconds} ms; model load (manifest + ML.NET zip): {loadSw.ElapsedMilliseconds} ms"));
        Console.WriteLine(string.Create(ci, $"texts: {texts.Count} distinct, {avgChars:0} chars on average"));
        Console.WriteLine(string.Create(ci, $"throughput: {total} posts in {wall.Elapsed.TotalSeconds:0.00} s on {cores} threads = {total / wall.Elapsed.TotalSeconds:0} posts/s"));
        Console.WriteLine(string.Create(ci, $"latency (1 thread, {latencies.Length} posts): p50 {Pct(0.50):0.000} ms, p99 {Pct(0.99):0.000} ms, max {latencies[^1]:0.000} ms"));
        return Task.FromResult(0);

        double Pct(double p) => latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)];
    }

    /// <summary>The corpus texts (models/training/{train,test}.jsonl) both classifier benchmarks run over.</summary>
    /// <summary>The shipped calendar (<c>config/conf.d/10-calendar.json</c>, relative to the working directory like <c>models</c>).</summary>
    internal static ExamSchedule ShippedSchedule()
    {
        var options = new ExamCalendarOptions();
        new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(Path.Combine("config", "conf.d", "10-calendar.json")), optional: false).Build()
            .GetSection(ExamCalendarOptions.Section).Bind(options);
        return new ExamSchedule(options);
    }

    internal static List<string> LoadTexts(string models)
    {
        var texts = new List<string>();
        foreach (var file in new[] { "train.jsonl", "test.jsonl" }.Select(f => Path.Combine(models, "training", f)).Where(File.Exists))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length > 0 && JsonDocument.Parse(line).RootElement.TryGetProperty("text", out var t) && t.GetString() is { } s)
                {
                    texts.Add(s);
                }
            }
        }

        return texts;
    }
}
