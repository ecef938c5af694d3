using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier;

/// <summary>The exam-risk classifier (section <c>Classifier</c>). File names resolve against <c>Paths:Models</c>.</summary>
public sealed class ClassifierOptions
{
    public const string Section = "Classifier";

    /// <summary>The ML.NET model written by <c>sw train</c>. Default <c>classifier.zip</c>.</summary>
    public string ModelFile { get; set; } = "classifier.zip";

    /// <summary>The model's manifest (version, data hash, metrics). Default <c>classifier.json</c>.</summary>
    public string ManifestFile { get; set; } = "classifier.json";

    /// <summary>Variant spellings table. Default <c>variants.tsv</c>.</summary>
    public string VariantsFile { get; set; } = "variants.tsv";

    /// <summary>Directory with OpenCC's TSCharacters.txt and TSPhrases.txt. Default <c>opencc</c>.</summary>
    public string OpenCcDirectory { get; set; } = "opencc";

    /// <summary>Only the first this many characters feed the model (contacts are still searched further). Default 5000.</summary>
    public int MaxAnalysedChars { get; set; } = 5000;

    /// <summary>Model reasons (top contributing terms/features) per prediction. Default 6.</summary>
    public int MaxReasons { get; set; } = 6;

    /// <summary>Exam sittings; posts published during, shortly before or after one get a timing feature and reason.</summary>
    public List<ExamWindow> ExamWindows { get; set; } = [];

    /// <summary>How long before a sitting counts as "before the exam". Default 7 days.</summary>
    public TimeSpan ExamLead { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after a sitting counts as "after the exam". Default 3 days.</summary>
    public TimeSpan ExamTrail { get; set; } = TimeSpan.FromDays(3);

    public ClassifierTrainingOptions Training { get; set; } = new();

    public ClassificationWorkerOptions Worker { get; set; } = new();
}

/// <summary><c>Classifier:Training</c>: what <c>sw train</c> reads and how it trains.</summary>
public sealed class ClassifierTrainingOptions
{
    /// <summary>Training corpus (JSONL), relative to <c>Paths:Models</c>. Default <c>training/train.jsonl</c>.</summary>
    public string TrainFile { get; set; } = "training/train.jsonl";

    /// <summary>Fixed test split, evaluated after training and recorded in the manifest. Default <c>training/test.jsonl</c>.</summary>
    public string TestFile { get; set; } = "training/test.jsonl";

    public int Seed { get; set; } = 20260919;

    public int Folds { get; set; } = 5;

    /// <summary>Hashed n-gram space is 2^HashBits. Default 18.</summary>
    public int HashBits { get; set; } = 18;

    public int CharNgramMax { get; set; } = 3;

    public float L1Regularization { get; set; } = 0.0f;

    public float L2Regularization { get; set; } = 0.002f;

    public int MaximumIterations { get; set; } = 300;
}

/// <summary><c>Classifier:Worker</c>: the background worker that classifies new and edited posts.</summary>
public sealed class ClassificationWorkerOptions
{
    /// <summary>Run the worker inside the host. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Changes read per round trip. Default 200.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Wait when there is nothing new. Default 0.5 s: a new post waits at most this long before it is classified (the
    /// idle query is one indexed read), and every second here is a second of alert latency.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Wait after a failed round (store unavailable…). Default 10 s.</summary>
    public TimeSpan ErrorBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
