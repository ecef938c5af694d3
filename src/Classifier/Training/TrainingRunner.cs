using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Training;

/// <summary>Refusal to train or evaluate, with every reason (bad corpus lines included).</summary>
internal sealed class TrainingInputException(string message) : Exception(message);

/// <summary>
/// <c>sw train</c> and <c>sw evaluate</c> without the console: read the corpus (and, if asked, the commentators'
/// feedback), train with cross-validation, evaluate on the fixed test split, write model and manifest.
/// </summary>
internal sealed class TrainingRunner
{
    private readonly ClassifierModelProvider _provider;
    private readonly IClassificationFeedbackStore? _feedback;
    private readonly TimeProvider _time;

    public TrainingRunner(ClassifierModelProvider provider, IClassificationFeedbackStore? feedback, TimeProvider time)
    {
        _provider = provider;
        _feedback = feedback;
        _time = time;
    }

    public async Task<TrainingOutcome> TrainAsync(bool includeFeedback, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var options = _provider.Options.Training;
        var trainPath = _provider.Resolve(options.TrainFile);
        var train = ReadOrThrow(trainPath);
        var testPath = _provider.Resolve(options.TestFile);
        IReadOnlyList<LabelledExample>? test = File.Exists(testPath) ? ReadOrThrow(testPath) : null;

        var examples = new List<LabelledExample>(train);
        string? feedbackHash = null;
        var feedbackCount = 0;
        if (includeFeedback)
        {
            if (_feedback is null)
            {
                throw new TrainingInputException("--include-feedback needs the feedback store (Storage) and none is configured");
            }

            var stored = await _feedback.GetAllAsync(cancellationToken).ConfigureAwait(false);
            var lines = new List<string>(stored.Count);
            foreach (var s in stored)
            {
                var f = s.Feedback;
                if (string.IsNullOrWhiteSpace(f.Text) || !Labels.All.Contains(f.Label))
                {
                    continue;
                }

                examples.Add(new LabelledExample(f.Text, f.Label, null, $"feedback {f.Decision}", FromFeedback: true, PublishedAt: f.PublishedAtUtc));
                // The time joins the hash only when known, so decisions recorded before it was kept hash as they did.
                lines.Add(f.PublishedAtUtc is { } at
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Id}\t{f.Label}\t{f.Text}\t{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}")
                    : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Id}\t{f.Label}\t{f.Text}"));
                feedbackCount++;
            }

            feedbackHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines))));
        }

        var missing = Labels.All.Where(l => !examples.Any(e => e.Label == l)).ToList();
        if (missing.Count > 0)
        {
            throw new TrainingInputException($"{trainPath} has no examples of {string.Join(", ", missing)}: every label needs examples");
        }

        var tooFew = Labels.All.Where(l => examples.Count(e => e.Label == l) < options.Folds).ToList();
        if (tooFew.Count > 0)
        {
            throw new TrainingInputException($"{trainPath} has fewer than {options.Folds} (Classifier:Training:Folds) examples of {string.Join(", ", tooFew)}");
        }

        var variantsPath = _provider.VariantsPath;
        var data = new TrainingData(
            options.TrainFile, ModelFiles.FileSha256(trainPath), train.Count,
            test is null ? null : options.TestFile, test is null ? null : ModelFiles.FileSha256(testPath), test?.Count ?? 0,
            feedbackCount, feedbackHash);
        var trainer = new ModelTrainer(_provider.CreateExtractor(_provider.TrainingSpec()), options, _time);
        var outcome = trainer.Train(examples, test, data, ModelFiles.FileSha256(variantsPath), progress, cancellationToken);
        ModelTrainer.Save(outcome, _provider.ModelPath, _provider.ManifestPath);
        if (options.ReviewFile is { } review)
        {
            WriteReview(_provider.Resolve(review), outcome.Misclassified);
        }

        return outcome;
    }

    /// <summary>Metrics of the shipped model on any labelled file.</summary>
    public EvaluationMetrics Evaluate(string path, out IReadOnlyList<CorpusError> skipped)
    {
        var (examples, errors) = LabelledCorpus.Read(path);
        skipped = errors;
        if (examples.Count == 0)
        {
            throw new TrainingInputException($"{path} has no usable labelled lines" + (errors.Count > 0 ? ": " + string.Join("; ", errors.Take(5)) : ""));
        }

        var classifier = _provider.Classifier;
        var labels = classifier.Manifest.Labels;
        var scored = examples.Select(e =>
        {
            var r = classifier.Classify(new ClassificationInput(e.Text, e.Platform, PublishedAtUtc: e.PublishedAt));
            var p = labels.Select(l => r.Scores.TryGetValue(l, out var v) ? v : 0).ToArray();
            return new ScoredExample(labels.ToList().IndexOf(e.Label), p, e.IsHardNegative);
        }).ToList();
        return Evaluator.Evaluate(labels, scored, classifier.Manifest.HarmfulMinProbability);
    }

    /// <summary>One JSON line per misclassified example: what the corpus maintainers read to find the confusions.</summary>
    internal static void WriteReview(string path, IReadOnlyList<MisclassifiedExample> misclassified)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        };
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var m in misclassified)
        {
            writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                m.Split,
                m.Label,
                m.Predicted,
                m.Confidence,
                HardNegative = m.Example.IsHardNegative,
                m.HardNegativeFlaggedHarmful,
                m.Example.Notes,
                m.Example.Text,
                m.Reasons,
            }, options));
        }
    }

    private static List<LabelledExample> ReadOrThrow(string path)
    {
        if (!File.Exists(path))
        {
            throw new TrainingInputException($"training file '{path}' does not exist (Classifier:Training:TrainFile / TestFile, relative to Paths:Models)");
        }

        var (examples, errors) = LabelledCorpus.Read(path);
        if (errors.Count > 0)
        {
            throw new TrainingInputException($"{path} has {errors.Count} unusable line(s); fix them and train again:\n  " + string.Join("\n  ", errors.Take(50)));
        }

        return examples.ToList();
    }
}
