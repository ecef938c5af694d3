using System.Globalization;
using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// normalise → segment → features → linear model → calibrated probabilities, plus contacts and the reasons a
/// commentator reads first: the terms and features that pushed the label, contacts, evasive spellings, exam timing.
/// Thread-safe.
/// </summary>
internal sealed class PostClassifier : IPostClassifier
{
    private readonly BlendedModel _model;
    private readonly FeatureExtractor _extractor;
    private readonly int _maxReasons;

    public PostClassifier(BlendedModel model, ModelManifest manifest, FeatureExtractor extractor, int maxReasons)
    {
        _model = model;
        Manifest = manifest;
        _extractor = extractor;
        _maxReasons = maxReasons;
    }

    public ModelManifest Manifest { get; }

    public ClassificationResult Classify(ClassificationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Text ?? "";
        var analysed = _extractor.Analyse(text, input.PublishedAtUtc);
        var labels = _model.Labels;
        Span<double> p = stackalloc double[labels.Count];
        _model.Predict(analysed.Features, p);
        var top = Training.Evaluator.ArgMax(p);
        var best = Manifest.Decide(p);

        var scores = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
        for (var c = 0; c < labels.Count; c++)
        {
            scores[labels[c]] = Math.Round(p[c], 4);
        }

        var reasons = new List<string>(_maxReasons + analysed.Contacts.Count + analysed.Normalised.Evasions.Count + 2);
        if (string.IsNullOrWhiteSpace(analysed.Normalised.Text))
        {
            reasons.Add("no text to analyse: the label rests on the model's prior only");
        }

        if (best != top)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"decision: {labels[top]} ({p[top]:0.00}) is below the {Manifest.HarmfulMinProbability:0.00} a harmful label needs, reported as {labels[best]}"));
        }

        AddModelReasons(_model.Main, analysed.Features, best == top ? best : top, _maxReasons, reasons);
        foreach (var c in analysed.Contacts)
        {
            reasons.Add($"contact: {ContactKindName(c.Kind)} {c.Value}");
        }

        foreach (var e in analysed.Normalised.Evasions.Distinct())
        {
            reasons.Add(e.ToString());
        }

        if (analysed.ExamTiming is not null)
        {
            reasons.Add(analysed.ExamTiming);
        }

        if (analysed.Truncated)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"long post: the model read the first {analysed.AnalysedChars} of {text.Length} characters"));
        }

        return new ClassificationResult(labels[best], Math.Round(p[best], 4), scores, analysed.Contacts, reasons, Manifest.ModelVersion);
    }

    /// <summary>Top features by weight × value relative to the other labels, named only for the winners.</summary>
    internal static void AddModelReasons(LinearModel model, FeatureVector v, int label, int maxReasons, List<string> reasons)
    {
        var top = new List<(double Contribution, int Slot)>(maxReasons + 1);
        for (var i = 0; i < v.Indices.Length; i++)
        {
            // Single characters carry weight in the model but tell a commentator little; reasons name longer units.
            if (v.IsSingleCharacter(i))
            {
                continue;
            }

            var c = model.Contribution(label, v.Indices[i], v.Values[i]);
            if (c <= 0.01 || (top.Count == maxReasons && c <= top[^1].Contribution))
            {
                continue;
            }

            // The first entry with a smaller contribution (a loop, not FindIndex with a lambda: the lambda's closure over
            // c was allocated for every feature of every post).
            var at = 0;
            while (at < top.Count && !(top[at].Contribution < c))
            {
                at++;
            }

            top.Insert(at, (c, i));
            if (top.Count > maxReasons)
            {
                top.RemoveAt(top.Count - 1);
            }
        }

        foreach (var (contribution, slot) in top)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{v.Describe(slot)} (+{contribution:0.00})"));
        }
    }

    private static string ContactKindName(string kind) => kind switch
    {
        "qq" => "QQ",
        "qq_group" => "QQ group",
        "wechat" => "WeChat",
        "mobile" => "mobile",
        "telegram" => "Telegram",
        "url" => "URL",
        "email" => "e-mail",
        _ => kind,
    };
}
