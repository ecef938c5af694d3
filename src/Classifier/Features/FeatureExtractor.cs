using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Features;

/// <summary>Parameters of the feature space; stored in the model manifest so a model is only used with the space it was trained in.</summary>
/// <param name="HashBits">Hashed n-gram block size is 2^HashBits.</param>
/// <param name="CharNgramMax">Character n-grams of length 1..CharNgramMax.</param>
/// <param name="Segmenter">Type name of the segmenter that produced the word features.</param>
public sealed record FeatureSpec(int HashBits, int CharNgramMax, bool WordBigrams, string Segmenter)
{
    /// <summary>Total vector length: hashed block plus engineered slots.</summary>
    public int Dimensions => (1 << HashBits) + EngineeredFeatures.Count;
}

/// <summary>Everything the model and the reasons need about one post.</summary>
/// <param name="AnalysedChars">How many characters of the original text fed the model (all of it unless <see cref="Truncated"/>).</param>
internal sealed record AnalysedPost(NormalisedText Normalised, IReadOnlyList<Contact> Contacts, FeatureVector Features, int AnalysedChars, string? ExamTiming)
{
    public bool Truncated => AnalysedChars < OriginalChars;

    public int OriginalChars { get; init; }
}

/// <summary>
/// Turns a post into the model's sparse vector: binary hashed word unigrams/bigrams (segmented normalised text) and
/// character 1..n-grams, L2-normalised as a block, followed by engineered signals (contacts, prices, evasion,
/// question markers, timing against the configured exam windows). Thread-safe.
/// </summary>
internal sealed partial class FeatureExtractor
{
    private readonly TextNormaliser _normaliser;
    private readonly ContactExtractor _contacts;
    private readonly ITextSegmenter _segmenter;
    private readonly IReadOnlyList<ExamWindow> _windows;
    private readonly TimeSpan _lead;
    private readonly TimeSpan _trail;
    private readonly int _maxChars;
    private readonly int _mask;

    [ThreadStatic]
    private static Dictionary<int, int>? t_slots;

    public FeatureExtractor(
        FeatureSpec spec, TextNormaliser normaliser, ContactExtractor contacts, ITextSegmenter segmenter,
        IReadOnlyList<ExamWindow> windows, TimeSpan examLead, TimeSpan examTrail, int maxAnalysedChars)
    {
        Spec = spec;
        _normaliser = normaliser;
        _contacts = contacts;
        _segmenter = segmenter;
        _windows = windows;
        _lead = examLead;
        _trail = examTrail;
        _maxChars = maxAnalysedChars;
        _mask = (1 << spec.HashBits) - 1;
    }

    public FeatureSpec Spec { get; }

    public AnalysedPost Analyse(string text, DateTimeOffset? publishedAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        var truncated = text.Length > _maxChars;
        var analysed = truncated ? text[.._maxChars] : text;
        var normalised = _normaliser.Normalise(analysed);
        var contacts = _contacts.Extract(text);
        var timing = ExamTiming(publishedAt, out var timingFeature);
        var vector = Vectorise(normalised, contacts, timingFeature);
        return new AnalysedPost(normalised, contacts, vector, analysed.Length, timing) { OriginalChars = text.Length };
    }

    private FeatureVector Vectorise(NormalisedText normalised, IReadOnlyList<Contact> contacts, int timingFeature)
    {
        var text = normalised.Text;
        var slots = t_slots ??= new Dictionary<int, int>(1024);
        slots.Clear();
        var origins = new List<FeatureOrigin>(text.Length * 3);
        var indices = new List<int>(text.Length * 3);

        var tokens = _segmenter.Cut(text);
        var previous = -1;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (!IsContentToken(token))
            {
                previous = -1;
                continue;
            }

            var h = Hash(0x77u, token);
            AddHashed(h, new FeatureOrigin(FeatureFamily.Word, t, 0));
            if (Spec.WordBigrams && previous >= 0)
            {
                AddHashed(Hash(0x62u ^ (Hash(0x77u, tokens[previous]) * 16777619u), token), new FeatureOrigin(FeatureFamily.WordBigram, previous, t));
            }

            previous = t;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var h = 0x63u ^ 2166136261u;
            for (var n = 1; n <= Spec.CharNgramMax && i + n <= text.Length; n++)
            {
                var c = text[i + n - 1];
                if (char.IsWhiteSpace(c))
                {
                    break;
                }

                h = (h ^ c) * 16777619u;
                AddHashed(h ^ (uint)n, new FeatureOrigin(FeatureFamily.Chars, i, n));
            }
        }

        var hashedCount = indices.Count;
        var scale = hashedCount == 0 ? 0f : 1f / MathF.Sqrt(hashedCount);
        var engineeredBase = 1 << Spec.HashBits;
        foreach (var f in Engineered(normalised, contacts, timingFeature, text.Length))
        {
            indices.Add(engineeredBase + f);
            origins.Add(new FeatureOrigin(FeatureFamily.Engineered, f, 0));
        }

        var idx = indices.ToArray();
        var org = origins.ToArray();
        var values = new float[idx.Length];
        Array.Sort(idx, org);
        // Values are uniform within each block (binary presence, block-normalised), so they follow from the index.
        for (var i = 0; i < idx.Length; i++)
        {
            values[i] = idx[i] >= engineeredBase ? 1f : scale;
        }

        return new FeatureVector(idx, values, org, text, tokens);

        void AddHashed(uint hash, FeatureOrigin origin)
        {
            var index = (int)(hash & (uint)_mask);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, index, out var exists);
            if (!exists)
            {
                slot = indices.Count;
                indices.Add(index);
                origins.Add(origin);
            }
        }
    }

    private static bool IsContentToken(string token)
    {
        foreach (var c in token)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>FNV-1a over UTF-16 code units, seeded per feature family so families do not share slots by construction.</summary>
    private static uint Hash(uint seed, string s)
    {
        var h = 2166136261u ^ seed;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }

    private static List<int> Engineered(NormalisedText normalised, IReadOnlyList<Contact> contacts, int timingFeature, int length)
    {
        var f = new List<int>(8);
        if (contacts.Count > 0)
        {
            f.Add(EngineeredFeatures.ContactAny);
            AddIf(contacts.Any(c => c.Kind is ContactExtractor.Qq or ContactExtractor.QqGroup), EngineeredFeatures.ContactQq);
            AddIf(contacts.Any(c => c.Kind == ContactExtractor.WeChat), EngineeredFeatures.ContactWeChat);
            AddIf(contacts.Any(c => c.Kind == ContactExtractor.Mobile), EngineeredFeatures.ContactMobile);
            AddIf(contacts.Any(c => c.Kind == ContactExtractor.Url), EngineeredFeatures.ContactUrl);
            AddIf(contacts.Any(c => c.Kind == ContactExtractor.Telegram), EngineeredFeatures.ContactTelegram);
            AddIf(contacts.Any(c => c.Kind == ContactExtractor.Email), EngineeredFeatures.ContactEmail);
        }

        var text = normalised.Text;
        AddIf(PriceRegex().IsMatch(text), EngineeredFeatures.Price);
        AddIf(normalised.Evasions.Count > 0, EngineeredFeatures.Evasion);
        AddIf(normalised.Evasions.Count >= 3, EngineeredFeatures.EvasionMany);
        AddIf(OptionLetterRegex().Count(text) >= 2, EngineeredFeatures.OptionLetters);
        AddIf(QuestionNumberRegex().IsMatch(text), EngineeredFeatures.QuestionNumber);
        if (timingFeature >= 0)
        {
            f.Add(timingFeature);
        }

        // Hard negatives (police notices, arrest news, "is this a scam?") use the sellers' words; these cues tell them apart.
        AddIf(ReportOrWarningRegex().IsMatch(text), EngineeredFeatures.ReportOrWarning);
        AddIf(QuestionRegex().IsMatch(text), EngineeredFeatures.Question);
        AddIf(length < 20, EngineeredFeatures.Short);
        AddIf(length > 200, EngineeredFeatures.Long);
        return f;

        void AddIf(bool condition, int feature)
        {
            if (condition)
            {
                f.Add(feature);
            }
        }
    }

    private string? ExamTiming(DateTimeOffset? at, out int feature)
    {
        feature = -1;
        if (at is not { } t)
        {
            return null;
        }

        foreach (var w in _windows)
        {
            if (t >= w.Start && t <= w.End)
            {
                feature = EngineeredFeatures.DuringExam;
                return $"timing: during exam sitting {w.Name}";
            }
        }

        foreach (var w in _windows)
        {
            if (t < w.Start && w.Start - t <= _lead)
            {
                feature = EngineeredFeatures.BeforeExam;
                return $"timing: {(w.Start - t).TotalHours:0} h before exam sitting {w.Name}";
            }

            if (t > w.End && t - w.End <= _trail)
            {
                feature = EngineeredFeatures.AfterExam;
                return $"timing: {(t - w.End).TotalHours:0} h after exam sitting {w.Name}";
            }
        }

        return null;
    }

    [GeneratedRegex(@"\d+(?:\.\d+)?\s*(?:元|块|rmb|w\b|万)|[¥￥$]\s*\d+|价格|收费|优惠价|定金|付款|转账", RegexOptions.CultureInvariant)]
    private static partial Regex PriceRegex();

    [GeneratedRegex(@"警方|公安|民警|落网|查获|抓获|刑拘|拘留|判处|判决|宣判|通报|辟谣|谣言|提醒|警惕|谨防|别信|不要信|勿信|骗子|被骗|诈骗|钓鱼|举报|严厉打击|依法|追究", RegexOptions.CultureInvariant)]
    private static partial Regex ReportOrWarningRegex();

    [GeneratedRegex(@"吗\s*[?？]?|是不是|能不能|有没有|怎么办|靠谱|真的假的|[?？]", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionRegex();

    [GeneratedRegex(@"(?<![a-z])[a-d]\s*[.、:)]", RegexOptions.CultureInvariant)]
    private static partial Regex OptionLetterRegex();

    [GeneratedRegex(@"第\s*\d+\s*题|题号|\d+\s*[.、]\s*(?:下列|关于|根据|甲|乙)|单选|多选|不定项", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionNumberRegex();
}
