using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Classification;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class TrainingRunnerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 21, 0, 0, 0, TimeSpan.Zero);

    private static (ClassifierModelProvider Provider, string Dir) Provider(string trainFile)
    {
        var dir = Directory.CreateTempSubdirectory("sw-runner-").FullName;
        var options = new ClassifierOptions
        {
            ModelFile = Path.Combine(dir, "classifier.zip"),
            ManifestFile = Path.Combine(dir, "classifier.json"),
            VariantsFile = Some.ModelsPath("variants.tsv"),
            ContactCharsFile = Some.ModelsPath("contact-chars.tsv"),
            OpenCcDirectory = Some.ModelsPath("opencc"),
            Training = { TrainFile = trainFile, TestFile = Path.Combine(dir, "no-test.jsonl"), HashBits = 14, Folds = 2, MaximumIterations = 60 },
        };
        return (new ClassifierModelProvider(Options.Create(new PathsOptions { Models = dir }), Options.Create(options), new Core.Calendar.ExamSchedule(Some.ShippedCalendar()), new CharSegmenter(),
            NullLogger<ClassifierModelProvider>.Instance), dir);
    }

    [Fact]
    public async Task TrainAsync_IncludeFeedback_ManifestCountsFeedbackAndModelLoads()
    {
        var (provider, dir) = Provider(Some.DevCorpusPath);
        var feedback = new SqliteClassificationFeedbackStore(new SqliteDatabase(Path.Combine(dir, "sw.db")));
        await feedback.SaveAsync(new ClassificationFeedback(1, 1, "法考报名短信提醒，请到官网核对", Labels.Normal, FeedbackDecisions.FalsePositive, Labels.Fraud, "duty", null, T0), CancellationToken.None);
        await feedback.SaveAsync(new ClassificationFeedback(2, 1, "卖卷二答案 私聊", Labels.AnswerSelling, FeedbackDecisions.Confirmed, Labels.AnswerSelling, "duty", null, T0), CancellationToken.None);

        var outcome = await new TrainingRunner(provider, feedback, new FakeTimeProvider(T0)).TrainAsync(includeFeedback: true, null, CancellationToken.None);

        Assert.Equal(2, outcome.Manifest.Data.FeedbackExamples);
        Assert.NotNull(outcome.Manifest.Data.FeedbackSha256);
        Assert.Equal(Some.DevCorpus().Count + 2, outcome.Manifest.CrossValidation.Examples);
        Assert.Null(outcome.Manifest.Test);
        Assert.Equal(outcome.Manifest.ModelVersion, provider.Classifier.Manifest.ModelVersion);
        Assert.Equal(outcome.Manifest.WeightsSha256, ModelFiles.ReadManifest(Path.Combine(dir, "classifier.json")).WeightsSha256);
    }

    [Fact]
    public async Task TrainAsync_FeedbackWithPublishedTime_TrainsAsTimedExampleAndChangesTheFeedbackHash()
    {
        var (provider, dir) = Provider(Some.DevCorpusPath);
        var feedback = new SqliteClassificationFeedbackStore(new SqliteDatabase(Path.Combine(dir, "sw.db")));
        var during = new DateTimeOffset(2024, 9, 14, 10, 0, 0, TimeSpan.FromHours(8));
        await feedback.SaveAsync(new ClassificationFeedback(1, 1, "卷一第8题表见代理那题选B吗", Labels.Leak, FeedbackDecisions.Confirmed, Labels.Leak, "duty", null, T0, during), CancellationToken.None);
        await feedback.SaveAsync(new ClassificationFeedback(2, 1, "卖卷二答案 私聊", Labels.AnswerSelling, FeedbackDecisions.Confirmed, Labels.AnswerSelling, "duty", null, T0), CancellationToken.None);
        var runner = new TrainingRunner(provider, feedback, new FakeTimeProvider(T0));

        var timed = await runner.TrainAsync(includeFeedback: true, null, CancellationToken.None);
        await feedback.SaveAsync(new ClassificationFeedback(1, 1, "卷一第8题表见代理那题选B吗", Labels.Leak, FeedbackDecisions.Confirmed, Labels.Leak, "duty", null, T0, during.AddDays(20)), CancellationToken.None);
        var moved = await runner.TrainAsync(includeFeedback: true, null, CancellationToken.None);

        // The development corpus is untimed: the one timed example in cross-validation is the feedback with its time.
        var cvTimed = timed.TimingBreakdown.Single(b => b.Name == "cross-validation, timed examples").Metrics;
        Assert.Equal(1, cvTimed.Examples);
        Assert.NotEqual(timed.Manifest.Data.FeedbackSha256, moved.Manifest.Data.FeedbackSha256);
    }

    [Fact]
    public async Task TrainAsync_ReviewFileSet_WritesOneLinePerMisclassifiedExample()
    {
        var (provider, dir) = Provider(Some.DevCorpusPath);
        provider.Options.Training.ReviewFile = Path.Combine(dir, "review", "errors.jsonl");

        var outcome = await new TrainingRunner(provider, null, new FakeTimeProvider(T0)).TrainAsync(false, null, CancellationToken.None);

        var lines = File.ReadAllLines(Path.Combine(dir, "review", "errors.jsonl"));
        Assert.Equal(outcome.Misclassified.Count, lines.Length);
        Assert.All(lines, l =>
        {
            using var doc = System.Text.Json.JsonDocument.Parse(l);
            var root = doc.RootElement;
            Assert.Equal("cv", root.GetProperty("split").GetString());
            Assert.NotEqual(root.GetProperty("label").GetString(), root.GetProperty("predicted").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Array, root.GetProperty("reasons").ValueKind);
            Assert.Equal(
                root.GetProperty("hard_negative").GetBoolean() && Labels.IsHarmful(root.GetProperty("predicted").GetString()!),
                root.GetProperty("hard_negative_flagged_harmful").GetBoolean());
        });
    }

    [Fact]
    public async Task TrainAsync_NoFolds_FinalModelOnlyAndItLoads()
    {
        var (provider, _) = Provider(Some.DevCorpusPath);
        provider.Options.Training.Folds = 0;

        var outcome = await new TrainingRunner(provider, null, new FakeTimeProvider(T0)).TrainAsync(false, null, CancellationToken.None);

        Assert.Equal(0, outcome.Manifest.CrossValidation.Examples);
        Assert.Equal(0, outcome.Manifest.HarmfulMinProbability);
        Assert.Null(outcome.Manifest.LabelBiasOffsets);
        Assert.Equal(outcome.Manifest.ModelVersion, provider.Classifier.Manifest.ModelVersion);
    }

    [Fact]
    public async Task TrainAsync_CalibrateLabelOffsets_ManifestCarriesThemAndTheLoadedModelAddsThemToItsBiases()
    {
        var (provider, dir) = Provider(Some.DevCorpusPath);
        provider.Options.Training.CalibrateLabelOffsets = true;
        provider.Options.Training.CharMemberWeight = 0; // the offsets shift the main model alone; the validator refuses them with a member

        var outcome = await new TrainingRunner(provider, null, new FakeTimeProvider(T0)).TrainAsync(false, null, CancellationToken.None);

        var offsets = Assert.IsAssignableFrom<IReadOnlyList<double>>(outcome.Manifest.LabelBiasOffsets);
        Assert.Equal(Labels.All.Count, offsets.Count);
        Assert.Equal(offsets, ModelFiles.ReadManifest(Path.Combine(dir, "classifier.json")).LabelBiasOffsets);
        var stored = ModelFiles.LoadModel(Path.Combine(dir, "classifier.zip"), outcome.Manifest.Labels, outcome.Manifest.Features.Dimensions);
        Assert.Equal(stored.Biases.Select((b, c) => (float)(b + offsets[c])), outcome.Model.Main.Biases);
    }

    [Fact]
    public async Task TrainAsync_CorpusWithBadLines_RefusesAndListsEveryLine()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("sw-runner-").FullName, "train.jsonl");
        File.WriteAllLines(file, [.. File.ReadLines(Some.DevCorpusPath), "{oops", """{"text":"x","label":"maybe"}"""]);
        var (provider, dir) = Provider(file);

        var ex = await Assert.ThrowsAsync<TrainingInputException>(() => new TrainingRunner(provider, null, new FakeTimeProvider(T0)).TrainAsync(false, null, CancellationToken.None));

        Assert.Contains("2 unusable line(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 97", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 98", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "classifier.zip")));
    }

    [Fact]
    public async Task TrainAsync_LabelMissingFromCorpus_RefusesNamingIt()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("sw-runner-").FullName, "train.jsonl");
        File.WriteAllLines(file, File.ReadLines(Some.DevCorpusPath).Where(l => !l.Contains("\"complaint\"", StringComparison.Ordinal)));
        var (provider, _) = Provider(file);

        var ex = await Assert.ThrowsAsync<TrainingInputException>(() => new TrainingRunner(provider, null, new FakeTimeProvider(T0)).TrainAsync(false, null, CancellationToken.None));

        Assert.Contains("complaint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LabelledFile_MetricsOfTheLoadedModel()
    {
        var options = new ClassifierOptions { ModelFile = Some.Model.ZipPath, ManifestFile = Some.Model.ManifestPath, VariantsFile = Some.ModelsPath("variants.tsv"), ContactCharsFile = Some.ModelsPath("contact-chars.tsv"), OpenCcDirectory = Some.ModelsPath("opencc") };
        var loaded = new ClassifierModelProvider(Options.Create(new PathsOptions()), Options.Create(options), new Core.Calendar.ExamSchedule(new Core.Calendar.ExamCalendarOptions()), new CharSegmenter(), NullLogger<ClassifierModelProvider>.Instance);
        var file = Path.Combine(Directory.CreateTempSubdirectory("sw-eval-").FullName, "e.jsonl");
        File.WriteAllLines(file, [.. File.ReadLines(Some.DevCorpusPath).Take(20), "not json"]);

        var metrics = new TrainingRunner(loaded, null, new FakeTimeProvider(T0)).Evaluate(file, out var skipped);

        Assert.Equal(20, metrics.Examples);
        Assert.Equal(20, metrics.Confusion.Sum(r => r.Sum()));
        Assert.Equal(21, Assert.Single(skipped).Line);
    }

    [Fact]
    public async Task Evaluate_SameQuestionAtTwoTimes_TimeReachesTheModel()
    {
        // The dev corpus plus a few timed pairs: question content during the 2025 sitting is leak, after it normal.
        var dir = Directory.CreateTempSubdirectory("sw-timed-").FullName;
        var train = Path.Combine(dir, "train.jsonl");
        File.WriteAllLines(train, [.. File.ReadLines(Some.DevCorpusPath), .. File.ReadLines(Path.Combine(Path.GetDirectoryName(Some.DevCorpusPath)!, "dev-timed.jsonl"))]);
        var (provider, _) = Provider(train);
        await new TrainingRunner(provider, null, new FakeTimeProvider(T0)).TrainAsync(false, null, CancellationToken.None);
        const string line = """{"text":"卷二第19题那道共同犯罪的题干，选项D说的是从犯","label":"leak","published_at":"AT"}""";
        var during = Path.Combine(dir, "during.jsonl");
        var after = Path.Combine(dir, "after.jsonl");
        File.WriteAllText(during, line.Replace("AT", "2025-09-13T13:00:00+08:00", StringComparison.Ordinal) + "\n");
        File.WriteAllText(after, line.Replace("AT", "2025-09-28T13:00:00+08:00", StringComparison.Ordinal) + "\n");

        var runner = new TrainingRunner(provider, null, new FakeTimeProvider(T0));
        var duringMetrics = runner.Evaluate(during, out var skippedDuring);
        var afterMetrics = runner.Evaluate(after, out var skippedAfter);

        Assert.Empty(skippedDuring);
        Assert.Empty(skippedAfter);
        // Same text and label: only the time differs, so a lower loss during the sitting means the time was used.
        Assert.True(duringMetrics.LogLoss < afterMetrics.LogLoss - 0.05, $"during {duringMetrics.LogLoss}, after {afterMetrics.LogLoss}");
    }
}
