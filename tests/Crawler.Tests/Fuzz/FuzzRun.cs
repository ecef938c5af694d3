using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace SentimentWatch.Crawler.Tests.Fuzz;

/// <summary>Runs a CsCheck property for a bounded time on one thread and reports how many inputs it ran.</summary>
internal static class FuzzRun
{
    public const int Seconds = 3;

    // Fresh random inputs every run (CsCheck seeds only the first one); a failure prints its seed and CsCheck_Seed=… replays it.

    /// <summary>Inputs slower than this fail the property: "bounded time" is part of what is checked.</summary>
    public static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(5);

    public static string CorpusDir(string target) => Path.Combine(Parsing.ParsingFixtures.RepoRoot, "tests", "Fuzz", "corpus", target);

    public static void Run<T>(Gen<T> gen, Action<T> property, ITestOutputHelper output, string name)
    {
        long executions = 0;
        gen.Sample(input =>
        {
            var watch = Stopwatch.StartNew();
            property(input);
            if (watch.Elapsed > MaxPerInput)
            {
                throw new TimeoutException($"{name}: one input took {watch.Elapsed}");
            }

            Interlocked.Increment(ref executions);
        }, time: Seconds, threads: 1);
        output.WriteLine($"{name}: {executions} executions in {Seconds} s, no crash");
        Assert.True(executions > 0);
    }

    /// <summary>Tokens that make parsers work: markup, entities, Chinese text, numbers, quotes, odd characters.</summary>
    public static Gen<string> Tokens(params string[] tokens) =>
        Gen.Frequency((8, Gen.OneOf(tokens)), (2, Gen.String), (1, Gen.Char.Select(c => new string(c, 1))))
            .Array[0, 120].Select(string.Concat);
}
