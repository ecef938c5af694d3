using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Benchmarks.Classification;

/// <summary>
/// Cost of the engineered-signal regexes on one thread, as a share of a whole classification: the shipped
/// source-generated regexes against the same patterns built with <see cref="RegexOptions.Compiled"/> and with
/// <see cref="RegexOptions.NonBacktracking"/>, all in the same run over the normalised corpus texts.
/// Args: [rounds=20] [models=models]
/// </summary>
internal sealed class ClassifierSignalsBenchmark : IBenchmark
{
    public string Name => "classifier-signals";

    public string Description => "classifier signal regexes: source-generated vs Compiled vs NonBacktracking, 1 thread";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var models = args.Length > 1 ? args[1] : "models";
        var ci = CultureInfo.InvariantCulture;
        var paths = new PathsOptions { Models = models };
        var segmenter = SegmenterFactory.Create(new SegmentationOptions(), paths, includeDomain: true);
        var provider = new ClassifierModelProvider(Options.Create(paths), Options.Create(new ClassifierOptions()), ClassifierBenchmark.ShippedSchedule(), segmenter, NullLogger<ClassifierModelProvider>.Instance);
        var raw = ClassifierBenchmark.LoadTexts(models);
        if (raw.Count == 0)
        {
            Console.Error.WriteLine("no texts found under models/training");
            return Task.FromResult(2);
        }

        var texts = raw.Select(t => provider.Normaliser.Normalise(t).Text).ToArray();
        var generated = FeatureExtractor.SignalRegexes;
        var variants = new (string Name, IReadOnlyList<Regex> Set)[]
        {
            ("source-generated (shipped)", generated),
            ("RegexOptions.Compiled", generated.Select(r => new Regex(r.ToString(), r.Options | RegexOptions.Compiled)).ToArray()),
            ("RegexOptions.NonBacktracking", generated.Select(NonBacktrackingOrShipped).ToArray()),
        };

        var classifier = provider.Classifier;
        foreach (var t in raw)
        {
            classifier.Classify(new ClassificationInput(t));
        }

        var whole = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var t in raw)
            {
                classifier.Classify(new ClassificationInput(t));
            }
        }

        whole.Stop();
        var posts = (double)rounds * raw.Count;
        var wholeUs = whole.Elapsed.TotalMicroseconds / posts;
        Console.WriteLine(string.Create(ci, $"texts: {raw.Count}, rounds: {rounds}, {generated.Count} signal regexes"));
        Console.WriteLine(string.Create(ci, $"whole classification (1 thread): {wholeUs:0.00} µs/post = {1_000_000 / wholeUs:0} posts/s"));
        foreach (var (name, set) in variants)
        {
            var hits = Run(set, texts, 1); // warm-up (and JIT/DFA construction)
            var sw = Stopwatch.StartNew();
            hits = Run(set, texts, rounds);
            sw.Stop();
            var us = sw.Elapsed.TotalMicroseconds / posts;
            Console.WriteLine(string.Create(ci, $"{name,-30} {us,6:0.00} µs/post ({100 * us / wholeUs,4:0.0} % of a classification), {hits} matches"));
        }

        // The contact scanner folds traditional characters one for one (電報→电报) so traditional cues are seen; an
        // empty OpenCC table keeps the same code path but finds nothing, which isolates the cost of the table.
        var contacts = provider.Contacts;
        var noTable = new ContactExtractor(new TextNormaliser(OpenCcTable.Empty, provider.Normaliser.Variants), provider.ContactChars);
        foreach (var (name, extractor) in new[] { ("contacts, traditional fold (shipped)", contacts), ("contacts, empty OpenCC table", noTable) })
        {
            long found = 0;
            foreach (var t in raw)
            {
                found += extractor.Extract(t).Count;
            }

            var sw = Stopwatch.StartNew();
            for (var r = 0; r < rounds; r++)
            {
                foreach (var t in raw)
                {
                    extractor.Extract(t);
                }
            }

            sw.Stop();
            var us = sw.Elapsed.TotalMicroseconds / posts;
            Console.WriteLine(string.Create(ci, $"{name,-36} {us,6:0.00} µs/post ({100 * us / wholeUs,4:0.0} % of a classification), {found} contacts"));
        }

        foreach (var t in raw.Where(t => contacts.Extract(t).Count != noTable.Extract(t).Count).Take(5))
        {
            Console.WriteLine($"  differs: {t} => [{string.Join(", ", contacts.Extract(t).Select(c => $"{c.Kind}:{c.Value}"))}] vs [{string.Join(", ", noTable.Extract(t).Select(c => $"{c.Kind}:{c.Value}"))}]");
        }

        return Task.FromResult(0);
    }

    /// <summary>Lookarounds are not supported by the non-backtracking engine; those patterns keep the shipped regex.</summary>
    private static Regex NonBacktrackingOrShipped(Regex shipped)
    {
        try
        {
            return new Regex(shipped.ToString(), shipped.Options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            Console.WriteLine($"NonBacktracking cannot run /{shipped}/ (lookaround): the shipped regex stands in");
            return shipped;
        }
    }

    private static long Run(IReadOnlyList<Regex> set, string[] texts, int rounds)
    {
        long hits = 0;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var t in texts)
            {
                foreach (var re in set)
                {
                    hits += re.IsMatch(t) ? 1 : 0;
                }
            }
        }

        return hits / rounds;
    }
}
