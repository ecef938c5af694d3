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

    /// <summary>
    /// Every way a digit or a cue letter is written (Chinese, financial and circled numerals, full-width, look-alikes),
    /// read by the contact extractor. Default <c>contact-chars.tsv</c>.
    /// </summary>
    public string ContactCharsFile { get; set; } = "contact-chars.tsv";

    /// <summary>Directory with OpenCC's TSCharacters.txt and TSPhrases.txt. Default <c>opencc</c>.</summary>
    public string OpenCcDirectory { get; set; } = "opencc";

    /// <summary>Only the first this many characters feed the model (contacts are still searched further). Default 5000.</summary>
    public int MaxAnalysedChars { get; set; } = 5000;

    /// <summary>Model reasons (top contributing terms/features) per prediction. Default 6.</summary>
    public int MaxReasons { get; set; } = 6;

    /// <summary>How long before a sitting's first session counts as "before the exam" (the sittings are Core's <c>Calendar:Sittings</c>). Default 7 days.</summary>
    public TimeSpan ExamLead { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long after a sitting's last session counts as "after the exam". Default 3 days.</summary>
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

    /// <summary>
    /// When set, <c>sw train</c> also writes every example that cross-validation or the test split got wrong (label,
    /// prediction, notes, the model's reasons) to this JSONL file, relative to <c>Paths:Models</c>, for error analysis.
    /// Default none.
    /// </summary>
    public string? ReviewFile { get; set; }

    public int Seed { get; set; } = 20260919;

    /// <summary>
    /// Cross-validation folds. Default 5. 0 skips cross-validation — no CV metrics, no learned threshold or label
    /// offsets, only the final model: for screening candidates on the leave-one-round-out yardstick, never for shipping.
    /// </summary>
    public int Folds { get; set; } = 5;

    /// <summary>
    /// Word unigram and bigram features (segmented text) next to the character n-grams. Default true; false leaves the
    /// character n-grams alone in the hashed block (recorded in the manifest as <c>features.words</c>).
    /// </summary>
    public bool WordFeatures { get; set; } = true;

    /// <summary>Hashed n-gram space is 2^HashBits. Default 18.</summary>
    public int HashBits { get; set; } = 18;

    public int CharNgramMax { get; set; } = 3;

    /// <summary>
    /// Value of a present engineered signal (contacts, price, register cues…) next to the unit-length n-gram block.
    /// Lower values regularise the signals as strongly as the text. Default 0.12 (chosen on cross-validation among 1.0, 0.3, 0.12 and 0.06).
    /// </summary>
    public float EngineeredFeatureValue { get; set; } = 0.12f;

    /// <summary>
    /// Value of the timing conjunctions (question content during / before / after a sitting, an offer near one). They
    /// fire only on the few timed examples, so at <see cref="EngineeredFeatureValue"/> their weights stay too small to
    /// move a label. Default 1.0 (chosen on cross-validation of the timed examples).
    /// </summary>
    public float TimingFeatureValue { get; set; } = 1.0f;

    /// <summary>
    /// Learn, on the cross-validation predictions, the lowest probability a harmful label needs (below it the post is
    /// <c>normal</c>), choosing the value that flags the fewest hard negatives while leak + answer_selling recall stays
    /// at <see cref="MinLeakOrAnswerSellingRecall"/> and macro-F1 does not drop. Default true.
    /// </summary>
    public bool LearnHarmfulThreshold { get; set; } = true;

    /// <summary>
    /// Fit per-label offsets added to the model's biases (a prior shift: the product reports the arg-max of the shifted
    /// probabilities) on the cross-validation predictions, raising macro-F1 and harmful recall while no more than
    /// <see cref="HardNegativeBudget"/> of the hard negatives are flagged harmful and leak + answer_selling recall does
    /// not fall. Recorded in the manifest as <c>label_bias_offsets</c>. Default false.
    /// </summary>
    public bool CalibrateLabelOffsets { get; set; }

    /// <summary>Share of hard negatives the label offsets may flag harmful on cross-validation. Default 0.05.</summary>
    public double HardNegativeBudget { get; set; } = 0.05;

    /// <summary>Recall floor for leak + answer_selling that the learned threshold must keep. Default 0.95.</summary>
    public double MinLeakOrAnswerSellingRecall { get; set; } = 0.95;

    /// <summary>
    /// Weight of a training example whose label is harmful (leak, answer_selling, cheating, fraud, rumour) against 1 for
    /// complaint and normal: above 1 trades hard negatives for harmful recall. Default 1 (recorded in the manifest).
    /// </summary>
    public float HarmfulWeight { get; set; } = 1.0f;

    public const string HingeLearner = "hinge";
    public const string MaxEntLearner = "maxent";

    /// <summary>
    /// Weight of the character member in the blended probabilities (the main model has 1 − weight): a linear model over
    /// TF-IDF character 1..<see cref="CharNgramMax"/>-grams of the normalised text, the linear peer's representation.
    /// 0 trains no member. Default 0.7 (the member shipped in issue 14's fifth round at 0.5, blended with the main
    /// model's text part, <see cref="CharMemberBlend"/>; 0.7 since its sixth round, the weight chosen by cross-validation
    /// over the folded blind rounds; docs/classifier.md).
    /// </summary>
    public double CharMemberWeight { get; set; } = 0.7;

    /// <summary>
    /// What of the main model the member is averaged with: <c>text</c> (default) — the main model's scores without its
    /// timing slots, the timing slots then added to the log of the mix, so the publication time weighs as much as in
    /// the main model alone; <c>probabilities</c> — the main model's full probabilities (the first candidate, which let
    /// the member outvote the timing). Recorded in the manifest as <c>char_member.blend</c>.
    /// </summary>
    public string CharMemberBlend { get; set; } = Model.CharMemberSettings.TextBlend;

    /// <summary>
    /// The member reads the main model's engineered slots (contacts, registers, the timing conjunctions, at the main
    /// model's values) after its character block, so it can learn the timing itself. Default false. Recorded in the
    /// manifest as <c>char_member.engineered</c>.
    /// </summary>
    public bool CharMemberEngineered { get; set; }

    /// <summary>The member's learner: <c>hinge</c> (ML.NET SdcaNonCalibrated with a hinge loss) or <c>maxent</c> (L-BFGS). Default hinge.</summary>
    public string CharMemberLearner { get; set; } = HingeLearner;

    /// <summary>The member's L2 weight (per example; 1/(C·n) of a LinearSVC at C). Default 0.0001.</summary>
    public float CharMemberL2Regularization { get; set; } = 0.0001f;

    public float L1Regularization { get; set; } = 0.0f;

    public float L2Regularization { get; set; } = 0.001f;

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
