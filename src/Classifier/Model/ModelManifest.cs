using System.Text.Json.Serialization;
using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Model;

/// <summary>Precision, recall, F1 and support of one label.</summary>
public sealed record LabelMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Metrics of one evaluation (cross-validation or a test file).</summary>
public sealed record EvaluationMetrics(
    int Examples,
    double Accuracy,
    double MacroF1,
    IReadOnlyList<LabelMetrics> PerLabel,
    /// <summary>Rows: true label, columns: predicted label, both in <see cref="ModelManifest.Labels"/> order.</summary>
    IReadOnlyList<IReadOnlyList<int>> Confusion,
    /// <summary>Recall of leak and answer_selling taken together (a post of either kind predicted as either).</summary>
    double LeakOrAnswerSellingRecall,
    /// <summary>Hard negatives (normal posts marked as such in the corpus notes) and the share predicted harmful.</summary>
    int HardNegatives,
    double HardNegativesFlaggedHarmful,
    /// <summary>Expected calibration error of the top probability over 10 equal-width bins.</summary>
    double ExpectedCalibrationError,
    double LogLoss,
    /// <summary>
    /// Recall of the five harmful labels taken together: a leak, answer_selling, cheating, fraud or rumour post
    /// reported as any of them (it reaches a commentator). 0 in manifests written before it existed.
    /// </summary>
    double HarmfulRecall = 0);

/// <summary>Where the training data came from: file hashes make a model traceable to its data.</summary>
public sealed record TrainingData(string TrainFile, string TrainSha256, int TrainExamples, string? TestFile, string? TestSha256, int TestExamples, int FeedbackExamples, string? FeedbackSha256);

/// <summary>Trainer settings, enough to reproduce the model.</summary>
public sealed record TrainerSettings(string Trainer, int Seed, int Folds, float L1Regularization, float L2Regularization, int MaximumIterations, float HarmfulWeight = 1f);

/// <summary>
/// The character member of the ensemble (<c>CharNgramMember</c>): its learner (<c>SdcaHinge</c> or
/// <c>LbfgsMaximumEntropy</c>), n-gram length, hashed space, L2 weight, the softmax temperature fitted on held-out folds
/// of the training data, its weight in the blend (the main model has 1 − weight) and what of the main model it is
/// blended with (<see cref="Blend"/>).
/// </summary>
/// <param name="Blend">
/// <c>text</c>: averaged with the main model's reading of the text, the timing slots acting on the mix afterwards;
/// <c>probabilities</c>: averaged with the main model's full probabilities (the timing outvoted; manifests written
/// before the key existed, which are read as they were measured).
/// </param>
public sealed record CharMemberSettings(string Learner, int CharNgramMax, int HashBits, float L2Regularization, double Temperature, double Weight, string Blend = CharMemberSettings.ProbabilitiesBlend)
{
    public const string TextBlend = "text";

    /// <summary>The member reads the main model's engineered slots (timing included) after its characters; false in manifests written before.</summary>
    public bool Engineered { get; init; }

    public const string ProbabilitiesBlend = "probabilities";

    /// <summary>The blend this manifest names, or null when it names none this build knows.</summary>
    [JsonIgnore]
    public CharMemberBlend? BlendMode => Blend switch
    {
        TextBlend => CharMemberBlend.Text,
        ProbabilitiesBlend => CharMemberBlend.Probabilities,
        _ => null,
    };
}

/// <summary><c>models/classifier.json</c>: what the model is, what it was trained on and how well it did.</summary>
public sealed record ModelManifest(
    int FormatVersion,
    string ModelVersion,
    DateTimeOffset TrainedAtUtc,
    IReadOnlyList<string> Labels,
    FeatureSpec Features,
    string VariantsSha256,
    TrainerSettings Trainer,
    TrainingData Data,
    /// <summary>SHA-256 of the model's weights and biases (stable across runs with the same data and seed, unlike the zip's bytes).</summary>
    string WeightsSha256,
    EvaluationMetrics CrossValidation,
    EvaluationMetrics? Test,
    /// <summary>A harmful label needs at least this probability, else the post is <c>normal</c> (0: plain arg-max; learned on cross-validation).</summary>
    double HarmfulMinProbability = 0)
{
    public const int CurrentFormat = 1;

    /// <summary>
    /// Per-label offsets (manifest label order) the product adds to the model's biases when it loads it, fitted on
    /// cross-validation (<c>Classifier:Training:CalibrateLabelOffsets</c>); null when none were fitted.
    /// </summary>
    public IReadOnlyList<double>? LabelBiasOffsets { get; init; }

    /// <summary>The character member blended into the probabilities; null for a single maximum-entropy model.</summary>
    public CharMemberSettings? CharMember { get; init; }

    [JsonIgnore]
    public string Summary => $"{ModelVersion} (macro-F1 CV {CrossValidation.MacroF1:0.000}{(Test is null ? "" : $", test {Test.MacroF1:0.000}")})";

    /// <summary>The label index the product reports for these probabilities (see <see cref="Training.Evaluator.Decide"/>).</summary>
    public int Decide(ReadOnlySpan<double> probabilities) =>
        Training.Evaluator.Decide(Labels, probabilities, HarmfulMinProbability, Training.Evaluator.Index(Labels, Core.Classification.Labels.Normal));
}
