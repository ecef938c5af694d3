using CsCheck;
using SentimentWatch.Testing;
using Xunit.Abstractions;

namespace SentimentWatch.Crawler.Tests.Fuzz;

/// <summary>The parsers' fuzz settings over the shared <see cref="Fuzzing"/> runner.</summary>
internal static class FuzzRun
{
    /// <summary>Inputs slower than this (wall time) fail the property: "bounded time" is part of what is checked.</summary>
    public static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(5);

    public static string CorpusDir(string target) => Path.Combine(Parsing.ParsingFixtures.RepoRoot, "tests", "Fuzz", "corpus", target);

    public static void Run<T>(Gen<T> gen, Action<T> property, ITestOutputHelper output, string name) =>
        Fuzzing.Run(gen, property, output, name, MaxPerInput);

    /// <summary>Tokens that make parsers work: markup, entities, Chinese text, numbers, quotes, odd characters.</summary>
    public static Gen<string> Tokens(params string[] tokens) =>
        Gen.Frequency((8, Gen.OneOf(tokens)), (2, Gen.String), (1, Gen.Char.Select(c => new string(c, 1))))
            .Array[0, 120].Select(string.Concat);
}
