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
}
