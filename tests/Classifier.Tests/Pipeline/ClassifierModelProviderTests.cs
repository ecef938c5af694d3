using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Tests.Pipeline;

public sealed class ClassifierModelProviderTests
{
    private static ClassifierModelProvider Provider(ClassifierOptions options, ITextSegmenter? segmenter = null) => new(
        Options.Create(new PathsOptions { Models = Path.Combine(Some.RepoRoot, "models") }), Options.Create(options),
        new Core.Calendar.ExamSchedule(Some.ShippedCalendar()), segmenter ?? new CharSegmenter(), NullLogger<ClassifierModelProvider>.Instance);

    [Fact]
    public void Classifier_TrainedFiles_LoadsAndClassifiesLikeTheTrainer()
    {
        var provider = Provider(new ClassifierOptions { ModelFile = Some.Model.ZipPath, ManifestFile = Some.Model.ManifestPath });
        const string text = "出售2026法考真题答.案，加V信 fk2026da";

        var result = provider.Classifier.Classify(new ClassificationInput(text));

        Assert.Equal(Some.Model.Classifier.Classify(new ClassificationInput(text)), result, ResultComparer.Instance);
    }

    [Fact]
    public void Classifier_MissingModel_ErrorNamesFileAndSwTrain()
    {
        var provider = Provider(new ClassifierOptions { ModelFile = "/nonexistent/m.zip", ManifestFile = Some.Model.ManifestPath });

        var ex = Assert.Throws<ModelUnavailableException>(() => provider.Classifier);

        Assert.Contains("/nonexistent/m.zip", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sw train", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classifier_ModelTrainedWithAnotherSegmenter_Refused()
    {
        var provider = Provider(new ClassifierOptions { ModelFile = Some.Model.ZipPath, ManifestFile = Some.Model.ManifestPath }, new OtherSegmenter());

        var ex = Assert.Throws<ModelUnavailableException>(() => provider.Classifier);

        Assert.Contains("segmenter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sw train", ex.Message, StringComparison.Ordinal);
    }

    private sealed class OtherSegmenter : ITextSegmenter
    {
        public IReadOnlyList<string> Cut(string text) => [text];
    }

    private sealed class ResultComparer : IEqualityComparer<ClassificationResult>
    {
        public static readonly ResultComparer Instance = new();

        public bool Equals(ClassificationResult? x, ClassificationResult? y) =>
            x!.Label == y!.Label && x.Confidence == y.Confidence && x.Scores.OrderBy(kv => kv.Key).SequenceEqual(y.Scores.OrderBy(kv => kv.Key))
            && x.Contacts.SequenceEqual(y.Contacts) && x.Reasons.SequenceEqual(y.Reasons) && x.ModelVersion == y.ModelVersion;

        public int GetHashCode(ClassificationResult obj) => obj.Label.GetHashCode(StringComparison.Ordinal);
    }
}
