using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Testing;

namespace SentimentWatch.Classifier.Tests;

/// <summary>Shared builders: the shipped tables, a small dev corpus, and one model trained on it once per test run.</summary>
internal static class Some
{
    private static readonly Lazy<TextNormaliser> SharedNormaliser = new(() => new TextNormaliser(
        OpenCcTable.Load(ModelsPath("opencc")), VariantTable.Load(ModelsPath("variants.tsv"))));

    private static readonly Lazy<ContactCharTable> SharedContactChars = new(() => ContactCharTable.Load(ModelsPath("contact-chars.tsv")));

    private static readonly Lazy<DevModel> SharedModel = new(TrainDevModel);

    public static string RepoRoot => RepoPaths.Root;

    public static string ModelsPath(params string[] parts) => Path.Combine([RepoRoot, "models", .. parts]);

    public static string DevCorpusPath => Path.Combine(RepoRoot, "tests", "Classifier.Tests", "Model", "Data", "dev-train.jsonl");

    public static TextNormaliser Normaliser => SharedNormaliser.Value;

    public static ContactCharTable ContactChars => SharedContactChars.Value;

    public static ContactExtractor Contacts => new(Normaliser, ContactChars);

    public static FeatureSpec SmallSpec { get; } = new(HashBits: 14, CharNgramMax: 3, WordBigrams: true, typeof(CharSegmenter).FullName!);

    public static FeatureExtractor Extractor(FeatureSpec? spec = null, ExamSchedule? schedule = null, int maxChars = 5000) =>
        new(spec ?? SmallSpec, Normaliser, Contacts, new CharSegmenter(), schedule ?? new ExamSchedule(new ExamCalendarOptions()), TimeSpan.FromDays(7), TimeSpan.FromDays(3), maxChars);

    /// <summary>The shipped calendar, <c>config/conf.d/10-calendar.json</c>, as the host binds it.</summary>
    public static ExamCalendarOptions ShippedCalendar()
    {
        var options = new ExamCalendarOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoRoot, "config", "conf.d", "10-calendar.json"), optional: false).Build()
            .GetSection(ExamCalendarOptions.Section).Bind(options);
        return options;
    }

    /// <summary>A 客观题 sitting in two batches (卷一 08:30–11:30, 卷二 14:00–17:00 on each day) as the brief of 2026 gives it.</summary>
    public static ExamSittingOptions ObjectiveSitting(string name, DateOnly day1) => new()
    {
        Name = name,
        Sessions =
        [
            Session(day1, "08:30", "11:30", "卷一", 1), Session(day1, "14:00", "17:00", "卷二", 1),
            Session(day1.AddDays(1), "08:30", "11:30", "卷一", 2), Session(day1.AddDays(1), "14:00", "17:00", "卷二", 2),
        ],
    };

    public static ExamSessionOptions Session(DateOnly date, string start, string end, string paper, int batch) =>
        new() { Date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Start = start, End = end, Paper = paper, Batch = batch };

    public static ExamSchedule Schedule(params ExamSittingOptions[] sittings) => new(new ExamCalendarOptions { Sittings = [.. sittings] });

    public static ClassifierTrainingOptions SmallTraining(int seed = 7) => new() { HashBits = 14, Folds = 2, Seed = seed, MaximumIterations = 100, L2Regularization = 0.05f, LearnHarmfulThreshold = false, CharMemberWeight = 0 };

    /// <summary>A model trained once on the dev corpus (2 folds, 2^14 hashed features), with its files in a temp folder.</summary>
    public static DevModel Model => SharedModel.Value;

    public static IReadOnlyList<LabelledExample> DevCorpus()
    {
        var (examples, errors) = LabelledCorpus.Read(DevCorpusPath);
        Assert.Empty(errors);
        return examples;
    }

    public static TrainingData Data(int count) => new("dev-train.jsonl", "0", count, null, null, 0, 0, null);

    private static DevModel TrainDevModel()
    {
        var examples = DevCorpus();
        var extractor = Extractor();
        var trainer = new ModelTrainer(extractor, SmallTraining(), new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)));
        var outcome = trainer.Train(examples, null, Data(examples.Count), "0", null, CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("sw-devmodel-").FullName;
        var zip = Path.Combine(dir, "classifier.zip");
        var json = Path.Combine(dir, "classifier.json");
        ModelTrainer.Save(outcome, zip, json);
        return new DevModel(outcome, zip, json, new PostClassifier(outcome.Model, outcome.Manifest, extractor, 6));
    }
}

internal sealed record DevModel(TrainingOutcome Outcome, string ZipPath, string ManifestPath, PostClassifier Classifier);

/// <summary>Dictionary-free segmenter for pure-logic tests: Latin/digit runs are tokens, every other character is one.</summary>
internal sealed class CharSegmenter : ITextSegmenter
{
    public IReadOnlyList<string> Cut(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var j = i + 1;
            if (char.IsAsciiLetterOrDigit(text[i]))
            {
                while (j < text.Length && char.IsAsciiLetterOrDigit(text[j]))
                {
                    j++;
                }
            }

            tokens.Add(text[i..j]);
            i = j;
        }

        return tokens;
    }
}
