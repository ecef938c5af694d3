using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Features;

/// <summary>Parameters of the feature space; stored in the model manifest so a model is only used with the space it was trained in.</summary>
/// <param name="HashBits">Hashed n-gram block size is 2^HashBits.</param>
/// <param name="CharNgramMax">Character n-grams of length 1..CharNgramMax.</param>
/// <param name="Segmenter">Type name of the segmenter that produced the word features.</param>
/// <param name="EngineeredValue">
/// Value of a present engineered signal. The hashed block is unit-length, so each n-gram is worth 1/√n; a signal at 1.0
/// escapes the L2 penalty almost entirely and a single regex can outvote the text. Manifests without it were trained at 1.
/// </param>
/// <param name="TimingValue">
/// Value of the timing conjunction slots (<see cref="EngineeredFeatures.QuestionContentDuring"/> and after it); null in
/// manifests written before they existed, which then use <paramref name="EngineeredValue"/>.
/// </param>
public sealed record FeatureSpec(int HashBits, int CharNgramMax, bool WordBigrams, string Segmenter, float EngineeredValue = 1f, float? TimingValue = null)
{
    /// <summary>Word unigrams (and bigrams when <see cref="WordBigrams"/>) from the segmenter; true in manifests written before it existed.</summary>
    public bool Words { get; init; } = true;

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
    private readonly ExamSchedule _schedule;
    private readonly TimeSpan _lead;
    private readonly TimeSpan _trail;
    private readonly int _maxChars;
    private readonly int _mask;

    [ThreadStatic]
    private static SlotCounts? t_slots;

    [ThreadStatic]
    private static List<uint>? t_hashes;

    [ThreadStatic]
    private static long[]? t_keys;

    [ThreadStatic]
    private static List<FeatureOrigin>? t_origins;

    [ThreadStatic]
    private static List<int>? t_indices;

    public FeatureExtractor(
        FeatureSpec spec, TextNormaliser normaliser, ContactExtractor contacts, ITextSegmenter segmenter,
        ExamSchedule schedule, TimeSpan examLead, TimeSpan examTrail, int maxAnalysedChars)
    {
        Spec = spec;
        _normaliser = normaliser;
        _contacts = contacts;
        _segmenter = segmenter;
        _schedule = schedule;
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
        var timing = ExamTiming(publishedAt, out var when);
        var vector = Vectorise(normalised, contacts, Quotations(analysed), when);
        return new AnalysedPost(normalised, contacts, vector, analysed.Length, timing) { OriginalChars = text.Length };
    }

    private FeatureVector Vectorise(NormalisedText normalised, IReadOnlyList<Contact> contacts, List<(int Start, int End)> quotations, ExamTime when)
    {
        var text = normalised.Text;
        // Per-thread scratch (the batch classifies on several threads): only the final arrays are allocated per post.
        var hashes = t_hashes ??= new List<uint>(1024);
        hashes.Clear();
        var slots = t_slots ??= new SlotCounts();
        var origins = t_origins ??= new List<FeatureOrigin>(1024);
        origins.Clear();
        var indices = t_indices ??= new List<int>(1024);
        indices.Clear();

        IReadOnlyList<string> tokens = Spec.Words ? _segmenter.Cut(text) : [];
        // The character n-grams' hashes are kept (the character member reads the same n-grams); each is a slot below.
        CharNgramTfIdf.NgramHashes(text, Spec.CharNgramMax, hashes);
        slots.Reset((2 * tokens.Count) + hashes.Count);
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

        var at = 0;
        for (var i = 0; i < text.Length; i++)
        {
            for (var n = 1; n <= Spec.CharNgramMax && i + n <= text.Length; n++)
            {
                if (char.IsWhiteSpace(text[i + n - 1]))
                {
                    break;
                }

                AddHashed(hashes[at++], new FeatureOrigin(FeatureFamily.Chars, i, n));
            }
        }

        var hashedCount = indices.Count;
        var scale = hashedCount == 0 ? 0f : 1f / MathF.Sqrt(hashedCount);
        var engineeredBase = 1 << Spec.HashBits;
        foreach (var f in Engineered(normalised, contacts, quotations, when, text.Length))
        {
            indices.Add(engineeredBase + f);
            origins.Add(new FeatureOrigin(FeatureFamily.Engineered, f, 0));
        }

        // Sorted by index with each origin alongside: the indices are distinct, so sorting (index, position) pairs as one
        // 64-bit key gives the order a keys-and-items sort gives, at the cost of a sort of plain integers.
        var count = indices.Count;
        var keys = t_keys is { } k && k.Length >= count ? k : t_keys = new long[Math.Max(count, 1024)];
        for (var i = 0; i < count; i++)
        {
            keys[i] = ((long)indices[i] << 32) | (uint)i;
        }

        var sorted = keys.AsSpan(0, count);
        SlotSort.BySlot(sorted);
        var idx = new int[count];
        var org = new FeatureOrigin[count];
        var values = new float[count];
        // Values are uniform within each block (binary presence, block-normalised), so they follow from the index.
        for (var i = 0; i < count; i++)
        {
            idx[i] = (int)(sorted[i] >> 32);
            org[i] = origins[(int)(uint)sorted[i]];
            values[i] = idx[i] < engineeredBase ? scale
                : EngineeredFeatures.IsTiming(idx[i] - engineeredBase) ? Spec.TimingValue ?? Spec.EngineeredValue : Spec.EngineeredValue;
        }

        return new FeatureVector(idx, values, org, text, tokens, hashes.ToArray(), Spec.CharNgramMax);

        void AddHashed(uint hash, FeatureOrigin origin)
        {
            var index = (int)(hash & (uint)_mask);
            if (slots.Increment(index) == 1)
            {
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

    /// <summary>Spans inside quotation marks (“…”, 「…」, 『…』, "…") of at least four characters, in original-text offsets.</summary>
    internal static List<(int Start, int End)> Quotations(string text)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            var close = text[i] switch
            {
                '“' => '”',
                '「' => '」',
                '『' => '』',
                '"' => '"',
                _ => '\0',
            };
            if (close == '\0')
            {
                continue;
            }

            var end = text.IndexOf(close, i + 1);
            if (end < 0)
            {
                break;
            }

            if (end - i - 1 >= 4)
            {
                spans.Add((i + 1, end));
            }

            i = end;
        }

        return spans;
    }

    private static List<int> Engineered(NormalisedText normalised, IReadOnlyList<Contact> contacts, List<(int Start, int End)> quotations, ExamTime when, int length)
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
        AddIf(QuestionRegex().IsMatch(text), EngineeredFeatures.Question);

        // The register a post is written in, not its topic, separates a seller's ad from the warning that quotes it:
        // who speaks (police, court, a victim who reported it), what they do with the claim (warn, debunk, ask),
        // and whether the contact or price sits inside a quotation of someone else's words.
        var police = PoliceRegex().IsMatch(text);
        var warning = WarningRegex().IsMatch(text);
        var scam = ScamWordsRegex().IsMatch(text);
        var reported = ReportedItRegex().IsMatch(text);
        var asksScam = AsksIfScamRegex().IsMatch(text);
        var debunk = DebunkRegex().IsMatch(text);
        AddIf(police || warning || scam || reported || debunk, EngineeredFeatures.ReportOrWarning);
        AddIf(police, EngineeredFeatures.PoliceOrCourt);
        AddIf(warning, EngineeredFeatures.Warning);
        AddIf(scam, EngineeredFeatures.ScamWords);
        AddIf(reported, EngineeredFeatures.ReportedIt);
        AddIf(debunk, EngineeredFeatures.Debunk);
        AddIf(asksScam, EngineeredFeatures.AsksIfScam);
        AddIf(AsksIfTrueRegex().IsMatch(text), EngineeredFeatures.AsksIfTrue);
        AddIf(AfterAllSittingsRegex().IsMatch(text), EngineeredFeatures.AfterAllSittings);
        AddIf(FreeRegex().IsMatch(text), EngineeredFeatures.Free);
        AddIf(quotations.Count > 0, EngineeredFeatures.Quotation);
        AddIf(contacts.Count > 0 && quotations.Count > 0 && contacts.All(c => quotations.Exists(q => c.Start >= q.Start && c.End <= q.End)), EngineeredFeatures.ContactOnlyInQuotation);
        var reporting = police || warning || scam || reported || asksScam;
        AddIf(reporting && contacts.Count > 0, EngineeredFeatures.ContactWithReporting);
        AddIf(reporting && f.Contains(EngineeredFeatures.Price), EngineeredFeatures.PriceWithReporting);
        AddIf(SellerPitchRegex().IsMatch(text), EngineeredFeatures.SellerPitch);

        // Round 3: the same question content is a leak while a later sitting is still to come and ordinary talk once the
        // poster is looking back on a finished paper; an exposé of the cheating trade names its tools without selling them;
        // a victim asking about a message quotes the scam. Sellers borrow all of these framings (考后复盘, 揭秘), so each is
        // only a small signal for the model to weigh, never a rule.
        AddIf(PostExamRegex().IsMatch(text), EngineeredFeatures.PostExamRegister);
        AddIf(LaterSittingRegex().IsMatch(text), EngineeredFeatures.LaterSittingPending);
        var expose = ExposeRegex().IsMatch(text);
        AddIf(expose, EngineeredFeatures.ExposeRegister);
        AddIf(ReceivedMessageRegex().IsMatch(text), EngineeredFeatures.AsksAboutReceivedMessage);

        // The device vocabulary (耳机, 接收器, 替考) is the cheating label's own; named by police, a notice or an exposé it
        // describes the trade rather than offering it, like a contact or a price inside a report.
        AddIf((police || warning || debunk || expose) && DeviceRegex().IsMatch(text), EngineeredFeatures.DeviceInReport);
        AddIf(length < 20, EngineeredFeatures.Short);
        AddIf(length > 200, EngineeredFeatures.Long);
        AddTiming(f, text, when);
        return f;

        void AddIf(bool condition, int feature)
        {
            if (condition)
            {
                f.Add(feature);
            }
        }
    }

    /// <summary>The signal regexes run over every normalised post, for the benchmark that weighs their cost.</summary>
    internal static IReadOnlyList<Regex> SignalRegexes { get; } =
    [
        PriceRegex(), OptionLetterRegex(), QuestionNumberRegex(), QuestionRegex(), PoliceRegex(), WarningRegex(), ScamWordsRegex(),
        ReportedItRegex(), AsksIfScamRegex(), DebunkRegex(), AsksIfTrueRegex(), AfterAllSittingsRegex(), FreeRegex(), SellerPitchRegex(),
        PostExamRegex(), LaterSittingRegex(), ExposeRegex(), ReceivedMessageRegex(), DeviceRegex(),
    ];

    [GeneratedRegex(@"\d+(?:\.\d+)?\s*(?:元|块|rmb|w\b|万)|[¥￥$]\s*\d+|价格|收费|优惠价|定金|付款|转账", RegexOptions.CultureInvariant)]
    private static partial Regex PriceRegex();

    // Only words of the news and police register: 法院/被告人/犯罪嫌疑人/判处/涉案 are also the vocabulary of the exam's own
    // questions (a leaked 刑诉 question is full of them), so they would mark leaks as reports.
    [GeneratedRegex(@"警方|公安|民警|网警|派出所|反诈|落网|查获|抓获|破获|侦破|捣毁|一锅端|收缴|缴获|查扣|刑拘|被抓|抓了|被判|获刑|宣判|提起公诉|移交警方|移送|通报|据报道|记者|新华社", RegexOptions.CultureInvariant)]
    private static partial Regex PoliceRegex();

    [GeneratedRegex(@"提醒|警惕|谨防|当心|小心|别信|不要信|勿信|别理|不要理|别点|不要点|请勿|千万别|千万不要|注意辨别|不要相信|别上当|不要上当|别转|严禁|禁止|严查|严厉打击|依法|追究|禁考|取消.{0,4}(?:成绩|资格)", RegexOptions.CultureInvariant)]
    private static partial Regex WarningRegex();

    // Not 诈骗 alone: fraud is a crime the exam asks about (诈骗罪 cases), so it names a topic as often as a scam.
    [GeneratedRegex(@"骗子|骗局|被骗|骗了|骗钱|钓鱼|冒充|可疑|套路|拉黑|假冒|山寨|是假的|都是假", RegexOptions.CultureInvariant)]
    private static partial Regex ScamWordsRegex();

    [GeneratedRegex(@"举报|报警|报案|截图|交给了?(?:学校|网警|警察|老师|辅导员|公安)|我直接|没理|没有理|拒绝了|挂了|挂断|删了|已经报", RegexOptions.CultureInvariant)]
    private static partial Regex ReportedItRegex();

    [GeneratedRegex(@"辟谣|谣言|假消息|不实|网传|官方回应|官方已|已澄清|纯属|正常开考|没有推迟|没有取消|是去年的|以官方|官方为准", RegexOptions.CultureInvariant)]
    private static partial Regex DebunkRegex();

    [GeneratedRegex(@"是不是骗|骗子吗|诈骗吗|骗子吧|诈骗吧|骗局吗|靠谱吗|可信吗|能信吗|应该信吗|该信吗|违法吗|犯法吗|合法吗|该不该报警|要不要报警|有没有人(?:知道|了解|遇到)|有人(?:知道|了解|遇到过?).{0,30}吗|是真的官方", RegexOptions.CultureInvariant)]
    private static partial Regex AsksIfScamRegex();

    [GeneratedRegex(@"是真的吗|真的假的|真假|求证|有人证实", RegexOptions.CultureInvariant)]
    private static partial Regex AsksIfTrueRegex();

    [GeneratedRegex(@"所有批次|全部批次|全部考完|均已考完|都考完|已经考完|全考完|考试结束后|官方答案|参考答案(?:已)?公布|成绩(?:已)?公布", RegexOptions.CultureInvariant)]
    private static partial Regex AfterAllSittingsRegex();

    [GeneratedRegex(@"免费|不收费|不收钱|无偿|纯分享|公益|不要钱|0元", RegexOptions.CultureInvariant)]
    private static partial Regex FreeRegex();

    [GeneratedRegex(@"保过|包过|保真|假一赔|先(?:发|看)后付|先付|定金|名额|仅剩|还剩|先到先得|私我|私聊|懂的|主页|评论区扣|老规矩|内部渠道|渠道|绝对真|原题|押中|不过全?退", RegexOptions.CultureInvariant)]
    private static partial Regex SellerPitchRegex();

    [GeneratedRegex(@"刚考完|考完了|考完后|考完之后|出考场|出了考场|走出考场|对答案|对了答案|对完答案|估分|复盘|(?<!开)考后|今年(?:竟然|居然)?考了|今年考的|这次考了|去年考了|(?:卷[一二]|主观题|客观题)(?:竟然|居然)?(?:考了|出了)|答案异议|出分|成绩出来", RegexOptions.CultureInvariant)]
    private static partial Regex PostExamRegex();

    // Sittings are staggered (several 批次 of the 客观题 on one weekend): content shared while a later one waits is a leak.
    [GeneratedRegex(@"还没考|没考的|批次?(?:还)?没考|还有.{0,4}批|还没进场|还在(?:门口|排队|候考)|下午场|下午(?:的批次|考的|的兄弟|的同学|的朋友|的宝子|的姐妹)|下一批|后面(?:的)?批次|后面(?:几|的)批|后几批|第?[二三四]批次?(?:还|没|未|马上|即将|等着)|[二三四]批次?的(?:兄弟|姐妹|同学|朋友|宝子|考生|群友)|明天(?:考|那批|的批次)|提前看|正在考|待考的", RegexOptions.CultureInvariant)]
    private static partial Regex LaterSittingRegex();

    [GeneratedRegex(@"暗访|揭秘|起底|调查发现|调查显示|深度调查|产业链|黑产|灰色产业|黑色产业|卧底|据了解|记者|内幕|曝光|知情人|业内人士|一探究竟|利益链", RegexOptions.CultureInvariant)]
    private static partial Regex ExposeRegex();

    [GeneratedRegex(@"收到(?:了)?(?:一条|一个|一封|一通|条|个|封)?(?:短信|私信|消息|信息|电话|邮件|好友申请|链接|微信)|(?:给我|私信我|加我|打给我|找我|问我).{0,12}说|有人(?:发|打|私信)(?:给)?我|这是真的吗|这是真的假的|这个是真的吗|能信吗|可信吗|是官方的吗|是不是官方|有人收到|大家收到|你们收到|有没有人收到", RegexOptions.CultureInvariant)]
    private static partial Regex ReceivedMessageRegex();

    [GeneratedRegex(@"耳机|接收器|发射器|作弊器材|作弊设备|作弊工具|摄像头|信号|屏蔽|替考|枪手|远程控制|作弊眼镜|作弊橡皮", RegexOptions.CultureInvariant)]
    private static partial Regex DeviceRegex();

    [GeneratedRegex(@"吗\s*[?？]?|是不是|能不能|有没有|怎么办|靠谱|真的假的|[?？]", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionRegex();

    [GeneratedRegex(@"(?<![a-z])[a-d]\s*[.、:)]", RegexOptions.CultureInvariant)]
    private static partial Regex OptionLetterRegex();

    [GeneratedRegex(@"第\s*\d+\s*题|题号|\d+\s*[.、]\s*(?:下列|关于|根据|甲|乙)|单选|多选|不定项", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionNumberRegex();
}
