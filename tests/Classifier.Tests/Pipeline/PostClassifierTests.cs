using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Pipeline;

public sealed class PostClassifierTests
{
    private static ClassificationResult Classify(string text) => Some.Model.Classifier.Classify(new ClassificationInput(text));

    [Fact]
    public void Classify_SellerAd_AnswerSellingWithContactsEvasionsAndTermReasons()
    {
        var r = Classify("出售2026法考真题答.案，考前发，保过，加V信 fk2026da 详聊");

        Assert.Equal(Labels.AnswerSelling, r.Label);
        Assert.Equal(r.Scores[Labels.AnswerSelling], r.Confidence);
        Assert.Equal("fk2026da", Assert.Single(r.Contacts).Value);
        Assert.Contains("contact: WeChat fk2026da", r.Reasons);
        Assert.Contains("evasion: 答.案→答案", r.Reasons);
        Assert.Matches(@"^(term|phrase|chars|feature)\b.*\(\+\d+\.\d\d\)$", r.Reasons[0]);
        Assert.Equal(Some.Model.Outcome.Manifest.ModelVersion, r.ModelVersion);
    }

    [Theory]
    [InlineData("出售2026法考真题答.案，考前发，保过，加V信 fk2026da 详聊")]
    [InlineData("😀😀😀")]
    [InlineData("https://t.cn/abc http://x.com")]
    [InlineData("Лекция по праву العربية 法考 日本語のテキスト")]
    public void Classify_AnyText_ProbabilitiesOverAllLabelsSumToOne(string text)
    {
        var r = Classify(text);

        Assert.Equal(Labels.All.Order(), r.Scores.Keys.Order());
        Assert.Equal(1.0, r.Scores.Values.Sum(), 2);
        Assert.Equal(r.Scores.MaxBy(kv => kv.Value).Key, r.Label);
    }

    [Fact]
    public void Classify_EmptyText_ReasonSaysThereWasNothingToAnalyse()
    {
        var r = Classify("");

        Assert.Contains(r.Reasons, x => x.StartsWith("no text to analyse", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_OnlyUrls_UrlContactsReported()
    {
        var r = Classify("https://t.cn/abc http://x.com");

        Assert.Equal(["url", "url"], r.Contacts.Select(c => c.Kind));
        Assert.Contains("contact: URL https://t.cn/abc", r.Reasons);
    }

    [Fact]
    public void Classify_MegabyteText_ReadsTheStartAndSaysSo()
    {
        var text = "卖法考答案 加QQ 2876543210 " + string.Concat(Enumerable.Repeat("今天复习民法总则。", 120_000));

        var r = Classify(text);

        Assert.Contains(r.Reasons, x => x.StartsWith("long post: the model read the first 5000 of", StringComparison.Ordinal));
        Assert.Equal("2876543210", Assert.Single(r.Contacts).Value);
    }

    [Fact]
    public void Classify_HarmfulBelowTheManifestThreshold_NormalWithADecisionReason()
    {
        var dev = Some.Model;
        var strict = new PostClassifier(dev.Outcome.Model, dev.Outcome.Manifest with { HarmfulMinProbability = 0.9999 }, Some.Extractor(), 6);
        const string Text = "出售2026法考真题答.案，考前发，保过，加V信 fk2026da 详聊";
        var plain = dev.Classifier.Classify(new ClassificationInput(Text));

        var r = strict.Classify(new ClassificationInput(Text));

        Assert.True(Labels.IsHarmful(plain.Label));
        Assert.Equal(Labels.Normal, r.Label);
        Assert.Equal(r.Scores[Labels.Normal], r.Confidence);
        Assert.Equal(plain.Scores, r.Scores);
        Assert.Contains(r.Reasons, x => x.StartsWith($"decision: {plain.Label} (", StringComparison.Ordinal) && x.EndsWith("reported as normal", StringComparison.Ordinal));
    }

    /// <summary>The model <c>sw train</c> ships, loaded as the host loads it (jieba with the domain dictionary, default exam windows).</summary>
    private static readonly Lazy<ClassifierModelProvider> ShippedProvider = new(() =>
    {
        var paths = new SentimentWatch.Core.Configuration.PathsOptions { Models = Some.ModelsPath() };
        var segmenter = SentimentWatch.Classifier.Segmentation.SegmenterFactory.Create(new SentimentWatch.Classifier.Segmentation.SegmentationOptions { UseCache = false }, paths, includeDomain: true);
        return new ClassifierModelProvider(Microsoft.Extensions.Options.Options.Create(paths), Microsoft.Extensions.Options.Options.Create(new ClassifierOptions()),
            new Core.Calendar.ExamSchedule(Some.ShippedCalendar()), segmenter, Microsoft.Extensions.Logging.Abstractions.NullLogger<ClassifierModelProvider>.Instance);
    });

    private static readonly Lazy<IPostClassifier> Shipped = new(() => ShippedProvider.Value.Classifier);

    [Fact]
    public void Classify_ShippedModelSameQuestionBetweenBatchesAndEveningAfterLastSession_LeakThenNormal()
    {
        // The brief's 2026 客观题: batch 1 sat on the 12th, batch 2 on the 13th (shipped calendar). Between them the
        // paper is live; on the evening of the 13th every batch has sat and the same words are discussion.
        const string text = "卷二第23题居住权那道，甲把房子赠与乙之后又给母亲设立居住权，选项C对吗";
        var beijing = TimeSpan.FromHours(8);

        var between = Shipped.Value.Classify(new ClassificationInput(text, PublishedAtUtc: new DateTimeOffset(2026, 9, 12, 20, 30, 0, beijing)));
        var evening = Shipped.Value.Classify(new ClassificationInput(text, PublishedAtUtc: new DateTimeOffset(2026, 9, 13, 19, 30, 0, beijing)));

        Assert.Equal(Labels.Leak, between.Label);
        Assert.Contains("timing: between batches of exam sitting 2026 客观题 (batch 1 has sat, batch 2 has not)", between.Reasons);
        Assert.Equal(Labels.Normal, evening.Label);
        Assert.Contains("timing: 3 h after the last session of exam sitting 2026 客观题", evening.Reasons);
    }

    [Fact]
    public void Classify_ShippedModelSameQuestionDuringSittingAndTwoWeeksAfter_LeakThenNormalWithTimingReason()
    {
        // Not a corpus line: question content of the kind both leak and post-exam discussion quote.
        const string text = "卷二第23题居住权那道，甲把房子赠与乙之后又给母亲设立居住权，选项C对吗";
        var beijing = TimeSpan.FromHours(8);

        var during = Shipped.Value.Classify(new ClassificationInput(text, PublishedAtUtc: new DateTimeOffset(2026, 9, 12, 14, 30, 0, beijing)));
        var after = Shipped.Value.Classify(new ClassificationInput(text, PublishedAtUtc: new DateTimeOffset(2026, 9, 27, 20, 0, 0, beijing)));

        Assert.Equal(Labels.Leak, during.Label);
        Assert.Contains("timing: during exam sitting 2026 客观题 (session 卷二, batch 1)", during.Reasons);
        Assert.Equal(Labels.Normal, after.Label);
        Assert.Contains(after.Reasons, r => r.StartsWith("timing: 14 days after exam sitting 2026 客观题", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_ShippedModelQuestionTwoWeeksAfterSitting_MemberReadsALeakButTheTimingDecides()
    {
        // The shipped model blends the character member, which reads the text only and is sure this is a leak. Blended
        // with the main model's full probabilities (the first candidate, char_member.blend "probabilities") the member
        // outvoted the timing; blended with its text part, the "question content after the sitting ended" slot decides.
        const string text = "卷二第23题居住权那道，甲把房子赠与乙之后又给母亲设立居住权，选项C对吗";
        var after = new DateTimeOffset(2026, 9, 27, 20, 0, 0, TimeSpan.FromHours(8));
        var provider = ShippedProvider.Value;
        var manifest = SentimentWatch.Classifier.Model.ModelFiles.ReadManifest(provider.ManifestPath);
        var model = SentimentWatch.Classifier.Model.ModelFiles.LoadBlended(provider.ModelPath, manifest);
        var extractor = provider.CreateExtractor(manifest.Features);
        var member = Assert.IsType<SentimentWatch.Classifier.Model.CharNgramMember>(model.Member);
        var q = new double[manifest.Labels.Count];
        member.Predict(extractor.Analyse(text, after).Features, q);
        var asFirstCandidate = new PostClassifier(
            new SentimentWatch.Classifier.Model.BlendedModel(model.Main, member, model.MemberWeight, SentimentWatch.Classifier.Model.CharMemberBlend.Probabilities),
            manifest, extractor, 6);

        var shipped = Shipped.Value.Classify(new ClassificationInput(text, PublishedAtUtc: after));
        var old = asFirstCandidate.Classify(new ClassificationInput(text, PublishedAtUtc: after));

        Assert.Equal(SentimentWatch.Classifier.Model.CharMemberBlend.Text, model.Blend);
        Assert.True(q[manifest.Labels.ToList().IndexOf(Labels.Leak)] > 0.5);
        Assert.Equal(Labels.Normal, shipped.Label);
        Assert.Equal(Labels.Leak, old.Label);
    }
}
