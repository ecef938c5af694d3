using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting;
using SentimentWatch.Benchmarks.Alerting;
using SentimentWatch.Classifier;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Benchmarks.Classification;

/// <summary>
/// The inner loops of <c>sw classify --input</c>, in process (no start-up): (1) the incident preview alone — fingerprints,
/// clustering and grading of already-classified posts, timed per slice of the stream so the cost per added post can be
/// seen to stay flat as the run grows; (2) the whole batch (read, classify, preview, write) on 1 and on N threads.
/// Input: a JSONL file from <c>tools/make-classify-input.py</c>.
/// Args: INPUT.jsonl [threads=processors] [models=models]
/// </summary>
internal sealed class ClassifyBatchBenchmark : IBenchmark
{
    public string Name => "classify-batch";

    public string Description => "sw classify --input inner loops: incident preview per slice of the stream, whole batch on 1 and N threads";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: classify-batch INPUT.jsonl [threads] [models]  (make INPUT with tools/make-classify-input.py)");
            return 2;
        }

        var ci = CultureInfo.InvariantCulture;
        var threads = args.Length > 1 ? int.Parse(args[1], ci) : Environment.ProcessorCount;
        var paths = new PathsOptions { Models = args.Length > 2 ? args[2] : "models" };
        var segmenter = SegmenterFactory.Create(new SegmentationOptions(), paths, includeDomain: true);
        var classifier = new ClassifierModelProvider(Options.Create(paths), Options.Create(new ClassifierOptions()), ClassifierBenchmark.ShippedSchedule(), segmenter, NullLogger<ClassifierModelProvider>.Instance).Classifier;
        var preview = Preview();

        // Classify every post once (not timed here) through the batch itself, keeping the inputs and results in order.
        var posts = new List<(ClassificationInput Input, ClassificationResult Result)>();
        await using (var input = File.OpenRead(args[0]))
        {
            await new BatchClassifier(classifier, new Capture(posts), new BatchOptions(threads)).RunAsync(input, Stream.Null, cancellationToken);
        }

        Console.WriteLine(string.Create(ci, $"machine: {Environment.ProcessorCount} cores, load {Load()}; input {args[0]}: {posts.Count} posts"));
        var session = preview.Begin();
        var slices = new[] { 0, 25_000, 50_000, 100_000, 200_000, 400_000 }.Where(n => n < posts.Count).Append(posts.Count).Distinct().ToList();
        // CPU time beside wall time: on a shared machine the wall clock mostly measures the other processes.
        using var process = Process.GetCurrentProcess();
        for (var s = 1; s < slices.Count; s++)
        {
            var n = slices[s] - slices[s - 1];
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var drafts = new IncidentPreviewDraft[n];
            for (var i = 0; i < n; i++)
            {
                drafts[i] = session.Prepare(posts[slices[s - 1] + i].Input, posts[slices[s - 1] + i].Result);
            }

            process.Refresh();
            var prepared = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                session.Add((slices[s - 1] + i).ToString(ci), drafts[i]);
            }

            sw.Stop();
            process.Refresh();
            Console.WriteLine(string.Create(ci,
                $"preview posts {slices[s - 1] + 1,7}–{slices[s],7}: prepare (worker threads) {(prepared - cpu).TotalMilliseconds * 1000 / n,5:0.0} CPU µs/post; add (in order) {(process.TotalProcessorTime - prepared).TotalMilliseconds * 1000 / n,5:0.0} CPU µs/post, {sw.Elapsed.TotalMilliseconds * 1000 / n,6:0.0} wall µs/post (load {Load()})"));
        }

        foreach (var t in new[] { 1, threads }.Distinct())
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            await using var input = File.OpenRead(args[0]);
            var fields = new IncidentFieldsAnnotator(preview.Begin());
            var summary = await new BatchClassifier(classifier, fields, new BatchOptions(t)).RunAsync(input, Stream.Null, cancellationToken);
            sw.Stop();
            process.Refresh();
            var used = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(ci,
                $"whole batch in process, {t} thread(s): {summary.Classified} posts in {sw.Elapsed.TotalSeconds:0.00} s wall = {summary.Classified / sw.Elapsed.TotalSeconds:0} posts/s; {used:0.00} CPU s = {summary.Classified / used:0} posts per CPU-second (load {Load()})"));
        }

        return 0;
    }

    internal static IIncidentPreview Preview()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(ScenarioKit.RepoRoot(), "config", "conf.d", "30-alerting.json"), optional: false).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddSingleton(TimeProvider.System);
        services.AddAlerting(config);
        return services.BuildServiceProvider().GetRequiredService<IIncidentPreview>();
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private sealed class Capture(List<(ClassificationInput, ClassificationResult)> posts) : IBatchAnnotator
    {
        public object? Prepare(ClassificationInput input, ClassificationResult result) => (input, result);

        public void Annotate(string id, object? prepared, System.Text.Json.Utf8JsonWriter fields) =>
            posts.Add(((ClassificationInput, ClassificationResult))prepared!);
    }
}
