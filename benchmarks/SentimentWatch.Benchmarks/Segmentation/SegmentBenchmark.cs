using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;
using SentimentWatch.Classifier.Segmentation;

namespace SentimentWatch.Benchmarks.Segmentation;

/// <summary>
/// Segmenter speed against the @node-rs/jieba 2.0.3 peer in the same run: dictionary load time, memory of the loaded
/// segmenter, single-thread MB/s per mode (one line per call, dictionary loaded), allocations of the hot path and
/// 2-thread scaling. The corpus is the parity kit's dev.txt concatenated to at least 30 MB.
///   dotnet run -c Release --project benchmarks/SentimentWatch.Benchmarks -- segment [--kit DIR] [--mb 30] [--rounds 2] [--no-peer]
/// </summary>
internal sealed class SegmentBenchmark : IBenchmark
{
    public string Name => "segment";

    public string Description => "jieba segmenter: load, memory, MB/s per mode, allocations, 2-core scaling, vs @node-rs/jieba";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = FindRepoRoot();
        var kit = Arg(args, "--kit") ?? FindKit(root);
        var targetMb = int.Parse(Arg(args, "--mb") ?? "30", CultureInfo.InvariantCulture);
        var runPeer = !args.Contains("--no-peer");
        var rounds = int.Parse(Arg(args, "--rounds") ?? "2", CultureInfo.InvariantCulture);
        if (kit is null)
        {
            await Console.Error.WriteLineAsync("segment: parity kit not found; pass --kit DIR (the folder holding corpus/dev.txt)").ConfigureAwait(false);
            return 2;
        }

        var models = Path.Combine(root, "models", "jieba");
        var dev = await File.ReadAllTextAsync(Path.Combine(kit, "corpus", "dev.txt"), cancellationToken).ConfigureAwait(false);
        var sb = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < targetMb * 1_000_000L)
        {
            sb.Append(dev);
        }

        var corpusText = sb.ToString();
        var corpusFile = Path.Combine(Path.GetTempPath(), $"sw-seg-corpus-{targetMb}.txt");
        await File.WriteAllTextAsync(corpusFile, corpusText, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        var lines = corpusText.Split('\n');
        long bytes = 0;
        foreach (var l in lines)
        {
            bytes += Encoding.UTF8.GetByteCount(l);
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        Console.WriteLine($"corpus: dev.txt x{corpusText.Length / Math.Max(1, dev.Length)} = {bytes / 1e6:F2} MB of UTF-8 in {lines.Length:N0} lines (newlines excluded)");

        // Load: the first load includes JIT; later loads show the steady cost. Memory is measured on a fresh heap.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var cpuFirst = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var seg = JiebaSegmenter.LoadFromDirectory(models);
        var firstLoad = sw.Elapsed.TotalMilliseconds;
        var firstLoadCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuFirst).TotalMilliseconds;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        var managed = GC.GetTotalMemory(true) - before;
        var loads = new List<double>();
        var cpuLoads = new List<double>();
        var cached = new List<double>();
        var cpuCached = new List<double>();
        var cacheDir = Path.Combine(Path.GetTempPath(), "sw-seg-bench-cache-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        _ = JiebaSegmenter.LoadFromDirectory(models, cacheDir);   // writes the snapshot
        for (var i = 0; i < 3; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            _ = JiebaSegmenter.LoadFromDirectory(models);
            loads.Add(sw.Elapsed.TotalMilliseconds);
            cpuLoads.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            _ = JiebaSegmenter.LoadFromDirectory(models, cacheDir);
            cached.Add(sw.Elapsed.TotalMilliseconds);
            cpuCached.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }

        Directory.Delete(cacheDir, recursive: true);
        GC.Collect();
        Console.WriteLine($"load: first {firstLoad:F0} ms wall / {firstLoadCpu:F0} ms CPU (cold, includes JIT); best of 3 from text {loads.Min():F0} ms wall / {cpuLoads.Min():F0} ms CPU; from snapshot {cached.Min():F0} ms wall / {cpuCached.Min():F0} ms CPU ({seg.KeyCount:N0} keys)");
        // The segmenter holds only managed arrays (no native memory), so the heap growth is its whole footprint.
        Console.WriteLine($"memory of the loaded segmenter: {managed / 1048576.0:F1} MB (managed heap growth after a full GC; it allocates no native memory)");

        // Each mode runs `rounds` times; the best wall-clock and the best CPU-time figure are kept. CPU time is
        // reported because shared machines are often oversubscribed, which inflates wall-clock time for both us and
        // the peer alike but not the work done.
        var results = new Dictionary<SegmentMode, (double Wall, double Cpu)>();
        var modes = new[] { SegmentMode.Default, SegmentMode.NoHmm, SegmentMode.Full, SegmentMode.Search };
        var tokenCounts = new Dictionary<SegmentMode, long>();
        var output = new List<string>(256);
        foreach (var mode in modes)
        {
            for (var i = 0; i < Math.Min(20000, lines.Length); i++)
            {
                output.Clear();
                seg.Cut(lines[i], mode, output);
            }

            results[mode] = (0, 0);
        }

        // Rounds alternate between us and the peer so both see the same machine load; the best of each is kept.
        var peerBest = new Dictionary<string, (double Wall, double Cpu)>();
        var peerLoad = double.MaxValue;
        string? peerName = null;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in modes)
            {
                long tokens = 0;
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                sw.Restart();
                foreach (var l in lines)
                {
                    output.Clear();
                    seg.Cut(l, mode, output);
                    tokens += output.Count;
                }

                var wall = bytes / 1e6 / sw.Elapsed.TotalSeconds;
                var cpu = bytes / 1e6 / (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                results[mode] = (Math.Max(results[mode].Wall, wall), Math.Max(results[mode].Cpu, cpu));
                tokenCounts[mode] = tokens;
            }

            if (runPeer && await RunPeerAsync(root, corpusFile, cancellationToken).ConfigureAwait(false) is { } peer)
            {
                peerName = peer.Name;
                peerLoad = Math.Min(peerLoad, peer.LoadMs);
                foreach (var (name, v) in peer.Modes)
                {
                    peerBest[name] = peerBest.TryGetValue(name, out var old) ? (Math.Max(old.Wall, v.Wall), Math.Max(old.Cpu, v.Cpu)) : v;
                }
            }
        }

        foreach (var mode in modes)
        {
            Console.WriteLine($"cut {mode,-8}: {results[mode].Wall,7:F2} MB/s wall, {results[mode].Cpu,7:F2} MB/s per CPU-second  ({tokenCounts[mode]:N0} tokens, strings materialised; best of {rounds})");
        }

        if (peerName is not null)
        {
            Console.WriteLine($"peer {peerName}: load {peerLoad:F0} ms");
            foreach (var (name, mode) in new[] { ("default", SegmentMode.Default), ("nohmm", SegmentMode.NoHmm), ("all", SegmentMode.Full), ("search", SegmentMode.Search) })
            {
                var (wall, cpu) = peerBest[name];
                Console.WriteLine($"peer {name,-8}: {wall,7:F2} MB/s wall, {cpu,7:F2} MB/s per CPU-second  -> ours/peer {results[mode].Wall / wall:F2}x wall, {results[mode].Cpu / cpu:F2}x CPU");
            }
        }
        else if (runPeer)
        {
            Console.WriteLine("peer: not measured (run `npm install` in benchmarks/peers to install @node-rs/jieba 2.0.3; needs node)");
        }

        // Allocation-free path: boundaries only, no strings.
        {
            long tokens = 0;
            foreach (var l in lines.AsSpan(0, Math.Min(2000, lines.Length)))
            {
                tokens += seg.CountTokens(l, SegmentMode.Default);
            }

            var alloc0 = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            foreach (var l in lines)
            {
                tokens += seg.CountTokens(l, SegmentMode.Default);
            }

            var secs = sw.Elapsed.TotalSeconds;
            var alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
            Console.WriteLine($"boundaries only (Default): {bytes / 1e6 / secs,7:F2} MB/s, {alloc:N0} bytes allocated for {corpusText.Length:N0} chars ({(double)alloc / corpusText.Length:F4} B/char)");
        }

        // Two threads, each cutting half of the lines, against one thread doing all of them.
        {
            var half = lines.Length / 2;
            var parts = new[] { lines[..half], lines[half..] };
            sw.Restart();
            var threads = parts.Select(p => new Thread(() =>
            {
                var output = new List<string>(256);
                foreach (var l in p)
                {
                    output.Clear();
                    seg.Cut(l, SegmentMode.Default, output);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var secs = sw.Elapsed.TotalSeconds;
            var mbps = bytes / 1e6 / secs;
            Console.WriteLine($"2 threads Default: {mbps,7:F2} MB/s total = {mbps / results[SegmentMode.Default].Wall:F2}x one thread (wall clock; meaningful only on an otherwise idle machine)");
        }

        File.Delete(corpusFile);
        return 0;
    }

    private sealed record PeerRun(string Name, double LoadMs, Dictionary<string, (double Wall, double Cpu)> Modes);

    private static async Task<PeerRun?> RunPeerAsync(string root, string corpusFile, CancellationToken ct)
    {
        var script = Path.Combine(root, "benchmarks", "peers", "node-jieba-bench.js");
        if (!Directory.Exists(Path.Combine(root, "benchmarks", "peers", "node_modules", "@node-rs", "jieba")))
        {
            return null;
        }

        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { script, corpusFile, "default", "nohmm", "all", "search" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var json = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            Console.WriteLine($"peer: node exited with {p.ExitCode}");
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var modes = new Dictionary<string, (double Wall, double Cpu)>();
        foreach (var m in r.GetProperty("modes").EnumerateObject())
        {
            modes[m.Name] = (m.Value.GetProperty("mbPerS").GetDouble(), m.Value.GetProperty("mbPerCpuS").GetDouble());
        }

        return new PeerRun(r.GetProperty("peer").GetString()!, r.GetProperty("loadMs").GetDouble(), modes);
    }

    private static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentimentWatch.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string? FindKit(string root)
    {
        for (var dir = Directory.GetParent(root); dir is not null; dir = dir.Parent)
        {
            var kit = Path.Combine(dir.FullName, "shared", "jieba");
            if (File.Exists(Path.Combine(kit, "corpus", "dev.txt")))
            {
                return kit;
            }
        }

        return null;
    }
}
