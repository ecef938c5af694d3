using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Tests.Features;

public sealed class FeatureExtractorTests
{
    private static bool Has(AnalysedPost post, int engineered) =>
        post.Features.Indices.Contains((1 << Some.SmallSpec.HashBits) + engineered);

    [Fact]
    public void Analyse_SameText_SameSortedVector()
    {
        var a = Some.Extractor().Analyse("出售法考真题答案，加QQ 2876543210", null).Features;
        var b = Some.Extractor().Analyse("出售法考真题答案，加QQ 2876543210", null).Features;

        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(a.Values, b.Values);
        Assert.True(a.Indices.SequenceEqual(a.Indices.Order()));
        Assert.Equal(a.Indices.Length, a.Indices.Distinct().Count());
    }

    [Fact]
    public void Analyse_HashedBlock_IsUnitLength()
    {
        var v = Some.Extractor().Analyse("今天复习刑法总论", null).Features;
        var hashed = v.Indices.Select((index, slot) => (index, slot)).Where(x => x.index < 1 << Some.SmallSpec.HashBits).Sum(x => v.Values[x.slot] * v.Values[x.slot]);

        Assert.Equal(1.0, hashed, 3);
    }

    [Fact]
    public void Analyse_SellerAd_ContactPriceAndEvasionFeatures()
    {
        var post = Some.Extractor().Analyse("卖答.案 一套599元 加V信 abc_2026", null);

        Assert.True(Has(post, EngineeredFeatures.ContactAny));
        Assert.True(Has(post, EngineeredFeatures.ContactWeChat));
        Assert.True(Has(post, EngineeredFeatures.Price));
        Assert.True(Has(post, EngineeredFeatures.Evasion));
        Assert.False(Has(post, EngineeredFeatures.ContactMobile));
    }

    [Fact]
    public void Analyse_QuestionContent_OptionAndQuestionNumberFeatures()
    {
        var post = Some.Extractor().Analyse("第12题 关于正当防卫，A. 甲无罪 B. 乙有罪 C. 丙 D. 丁", null);

        Assert.True(Has(post, EngineeredFeatures.OptionLetters));
        Assert.True(Has(post, EngineeredFeatures.QuestionNumber));
    }

    [Fact]
    public void Analyse_PublishedDuringExamWindow_TimingFeatureAndText()
    {
        var window = new ExamWindow { Name = "2026 客观题", Start = new DateTimeOffset(2026, 9, 19, 8, 0, 0, TimeSpan.FromHours(8)), End = new DateTimeOffset(2026, 9, 20, 18, 0, 0, TimeSpan.FromHours(8)) };
        var extractor = Some.Extractor(windows: [window]);

        var during = extractor.Analyse("题目流出了", new DateTimeOffset(2026, 9, 19, 9, 0, 0, TimeSpan.FromHours(8)));
        var before = extractor.Analyse("题目流出了", new DateTimeOffset(2026, 9, 17, 8, 0, 0, TimeSpan.FromHours(8)));
        var outside = extractor.Analyse("题目流出了", new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.True(Has(during, EngineeredFeatures.DuringExam));
        Assert.Equal("timing: during exam sitting 2026 客观题", during.ExamTiming);
        Assert.True(Has(before, EngineeredFeatures.BeforeExam));
        Assert.Equal("timing: 48 h before exam sitting 2026 客观题", before.ExamTiming);
        Assert.Null(outside.ExamTiming);
        Assert.False(Has(outside, EngineeredFeatures.DuringExam));
    }

    [Fact]
    public void Analyse_TextLongerThanLimit_TruncatedButContactsSearchedBeyond()
    {
        var text = new string('复', 300) + " QQ 2876543210";

        var post = Some.Extractor(maxChars: 100).Analyse(text, null);

        Assert.True(post.Truncated);
        Assert.Equal(100, post.Features.Text.Length);
        Assert.Single(post.Contacts);
    }

    [Fact]
    public void Describe_TopFeatures_NameTheirSource()
    {
        var v = Some.Extractor().Analyse("答案 qq", null).Features;
        var names = Enumerable.Range(0, v.Indices.Length).Select(v.Describe).ToList();

        Assert.Contains("term \"答\"", names);
        Assert.True(v.IsSingleCharacter(names.IndexOf("term \"答\"")));
        Assert.False(v.IsSingleCharacter(names.IndexOf("chars \"答案\"")));
        Assert.Contains("chars \"答案\"", names);
        Assert.Contains("term \"qq\"", names);
        Assert.Contains("feature: very short post", names);
    }

    [Fact]
    public void Analyse_PoliceNoticeAndScamQuestion_ReportAndQuestionFeatures()
    {
        var notice = Some.Extractor().Analyse("警方破获法考作弊团伙，查获隐形耳机", null);
        var question = Some.Extractor().Analyse("有人私信我卖法考真题，这是骗子吗？", null);
        var seller = Some.Extractor().Analyse("出售法考真题答案，加微信", null);

        Assert.True(Has(notice, EngineeredFeatures.ReportOrWarning));
        Assert.True(Has(question, EngineeredFeatures.Question));
        Assert.False(Has(seller, EngineeredFeatures.ReportOrWarning));
        Assert.False(Has(seller, EngineeredFeatures.Question));
    }

    [Fact]
    public void Analyse_ReportQuotingASellersAd_ContactOnlyInsideTheQuotation()
    {
        var post = Some.Extractor().Analyse("收到一条私信：“法考答案 考前发 加QQ 2876543210”，我已经截图举报了，大家别信", null);

        Assert.True(Has(post, EngineeredFeatures.Quotation));
        Assert.True(Has(post, EngineeredFeatures.ContactOnlyInQuotation));
        Assert.True(Has(post, EngineeredFeatures.ContactWithReporting));
        Assert.True(Has(post, EngineeredFeatures.ReportedIt));
        Assert.True(Has(post, EngineeredFeatures.Warning));
    }

    [Fact]
    public void Analyse_SellerAdWithAQuotedSlogan_ContactOutsideTheQuotationIsNotQuoted()
    {
        var post = Some.Extractor().Analyse("“保过保真”法考答案 考前发，先看后付，加QQ 2876543210", null);

        Assert.True(Has(post, EngineeredFeatures.Quotation));
        Assert.False(Has(post, EngineeredFeatures.ContactOnlyInQuotation));
        Assert.False(Has(post, EngineeredFeatures.ContactWithReporting));
        Assert.True(Has(post, EngineeredFeatures.SellerPitch));
    }

    [Fact]
    public void Analyse_ArrestNews_PoliceRegister()
    {
        var post = Some.Extractor().Analyse("泉州警方破获一起法考作弊案，抓获犯罪嫌疑人8名，查获作弊器材40余套", null);

        Assert.True(Has(post, EngineeredFeatures.PoliceOrCourt));
        Assert.True(Has(post, EngineeredFeatures.ReportOrWarning));
    }

    [Theory]
    [InlineData("考点外围巡查，收缴作弊器材12套，涉案3人已移送审查起诉")]
    [InlineData("现场缴获隐形耳机、橡皮擦接收器一百余件")]
    [InlineData("法考作弊团伙被一锅端！隐形耳机摆了一桌子")]
    [InlineData("被监考人员发现后移交警方，设备已查扣")]
    public void Analyse_SeizureWording_PoliceRegister(string text)
    {
        Assert.True(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.PoliceOrCourt));
    }

    [Fact]
    public void Analyse_LeakedQuestionAboutAFraudCase_ExamVocabularyIsNotAReport()
    {
        // 诈骗, 被告人, 法院, 判处 are what the exam's own 刑法/刑诉 questions are about.
        var post = Some.Extractor().Analyse("第二批次还没考完，卷二有道题：被告人甲以虚构事实诈骗他人财物，法院判处三年，问罪名", null);

        Assert.False(Has(post, EngineeredFeatures.PoliceOrCourt));
        Assert.False(Has(post, EngineeredFeatures.ScamWords));
        Assert.False(Has(post, EngineeredFeatures.ReportOrWarning));
    }

    [Fact]
    public void Analyse_AsksWhetherASellerIsAScam_AsksIfScamAndPriceInAReport()
    {
        var post = Some.Extractor().Analyse("有人私信说有今年的法考真题，先付五百定金，有人知道这是不是骗子吗？", null);

        Assert.True(Has(post, EngineeredFeatures.AsksIfScam));
        Assert.True(Has(post, EngineeredFeatures.PriceWithReporting));
    }

    [Fact]
    public void Analyse_DiscussionAfterAllBatches_AfterAllSittingsFeature()
    {
        Assert.True(Has(Some.Extractor().Analyse("所有批次都考完了，来讨论一下卷一第5题", null), EngineeredFeatures.AfterAllSittings));
        Assert.False(Has(Some.Extractor().Analyse("第一批次考完了，卷一第5题选C，下午的注意", null), EngineeredFeatures.AfterAllSittings));
    }

    [Fact]
    public void Quotations_MixedMarksAndShortOrUnclosed_OnlyClosedSpansOfFourOrMore()
    {
        var spans = FeatureExtractor.Quotations("他说“法考真题”和「卷一卷二」，还有“好”以及“没有结尾");

        Assert.Equal(2, spans.Count);
        Assert.Equal("法考真题", "他说“法考真题”和「卷一卷二」，还有“好”以及“没有结尾"[spans[0].Start..spans[0].End]);
        Assert.Equal("卷一卷二", "他说“法考真题”和「卷一卷二」，还有“好”以及“没有结尾"[spans[1].Start..spans[1].End]);
    }
}
