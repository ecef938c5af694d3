using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Images;
using SentimentWatch.DrillSites.Pipeline;

namespace SentimentWatch.Benchmarks.Images;

/// <summary>
/// Image reading throughput: the drill sites' five rendered pictures (a photographed paper, two contact cards, a QR
/// poster, study notes) analysed as the image reader does it (identify, decode, QR, Tesseract chi_sim), Concurrency at a
/// time. Reports images per second (wall) and CPU per image including the Tesseract processes (the children's user +
/// system time from /proc/self/stat), which does not depend on what else the machine is doing.
/// Args: [rounds=10] [concurrency=2]
/// </summary>
internal sealed class ImageOcrBenchmark : IBenchmark
{
    private static readonly string[] Pictures = ["paper.png", "card.png", "card2.png", "qrpost.png", "study.png"];

    public string Name => "images";

    public string Description => "image reader: QR + Tesseract OCR on the drill pictures, images/s and CPU per image";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var analyser = new ImageAnalyser(Options.Create(new ImageOptions { Concurrency = concurrency }));
        var inputs = Pictures.Select(p => DrillImages.Find(p)!.Value.Bytes).ToList();

        // Warm-up: load the traineddata into the page cache, JIT the decoders.
        foreach (var bytes in inputs)
        {
            await analyser.AnalyseAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        var work = Enumerable.Range(0, rounds).SelectMany(_ => inputs).ToList();
        var (ownBefore, childBefore) = CpuSeconds();
        var wall = Stopwatch.StartNew();
        var failures = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (bytes, ct) =>
        {
            var result = await analyser.AnalyseAsync(bytes, ct).ConfigureAwait(false);
            if (result.Reason is not null)
            {
                Interlocked.Increment(ref failures);
            }
        }).ConfigureAwait(false);
        wall.Stop();
        var (ownAfter, childAfter) = CpuSeconds();
        var n = work.Count;
        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(ci, $"images: {n} ({rounds} rounds of {inputs.Count}), concurrency {concurrency}, {Environment.ProcessorCount} cores, load {Load()}"));
        Console.WriteLine(string.Create(ci, $"  wall {wall.Elapsed.TotalSeconds:0.00} s = {n / wall.Elapsed.TotalSeconds:0.00} images/s; with a reason: {failures}"));
        Console.WriteLine(string.Create(ci, $"  CPU per image: {(childAfter - childBefore) / n * 1000:0} ms in tesseract + {(ownAfter - ownBefore) / n * 1000:0} ms in-process (decode, QR)"));
        Console.WriteLine(string.Create(ci, $"  → on an idle machine with {concurrency} cores: about {concurrency / ((childAfter - childBefore + ownAfter - ownBefore) / n):0.0} images/s"));
        return 0;
    }

    /// <summary>This process's CPU seconds and its waited-for children's (utime+stime, cutime+cstime of /proc/self/stat).</summary>
    private static (double Own, double Children) CpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3; utime 14, stime 15, cutime 16, cstime 17 (1-based in proc(5)).
        double Ticks(int field) => double.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100.0;
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
