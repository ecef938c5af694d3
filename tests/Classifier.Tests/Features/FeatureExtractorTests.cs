using SentimentWatch.Classifier.Features;
using SentimentWatch.Core.Calendar;

namespace SentimentWatch.Classifier.Tests.Features;

public sealed class FeatureExtractorTests
{
    private static bool Has(AnalysedPost post, int engineered) =>
        post.Features.Indices.Contains((1 << Some.SmallSpec.HashBits) + engineered);

    private static bool HasTimingSlot(AnalysedPost post) =>
        new[]
        {
            EngineeredFeatures.BeforeExam, EngineeredFeatures.DuringExam, EngineeredFeatures.AfterExam, EngineeredFeatures.QuestionContentDuring,
            EngineeredFeatures.QuestionContentBefore, EngineeredFeatures.QuestionContentAfter, EngineeredFeatures.OfferNearSitting,
        }.Any(slot => Has(post, slot));

    [Fact]
    public void Analyse_AnyPost_KeepsEveryCharacterNgramHashOfItsTextAndEachIsOneOfItsSlots()
    {
        var v = Some.Extractor().Analyse("出售法考真题答案 答案答案，加QQ 2876543210 abc", null).Features;
        var expected = new List<uint>();
        CharNgramTfIdf.NgramHashes(v.Text, Some.SmallSpec.CharNgramMax, expected);

        Assert.Equal(Some.SmallSpec.CharNgramMax, v.CharNgramMax);
        Assert.Equal(expected, v.CharNgramHashes);
        var mask = (1u << Some.SmallSpec.HashBits) - 1;
        Assert.All(expected, h => Assert.Contains((int)(h & mask), v.Indices));
    }

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

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static ExamSchedule Objective2025 => Some.Schedule(Some.ObjectiveSitting("2025 客观题", new DateOnly(2025, 9, 13)));

    [Fact]
    public void Analyse_QuestionContentDuringThenTwoWeeksAfter_DifferentConjunctionSlots()
    {
        var extractor = Some.Extractor(schedule: Objective2025);
        const string text = "卷二第23题那个居住权的题干，选项里有一个说登记才设立的";

        var during = extractor.Analyse(text, new DateTimeOffset(2025, 9, 13, 15, 20, 0, TimeSpan.FromHours(8)));
        var after = extractor.Analyse(text, new DateTimeOffset(2025, 9, 28, 21, 0, 0, TimeSpan.FromHours(8)));

        Assert.True(Has(during, EngineeredFeatures.QuestionContentDuring));
        Assert.False(Has(during, EngineeredFeatures.QuestionContentAfter));
        Assert.True(Has(after, EngineeredFeatures.QuestionContentAfter));
        Assert.False(Has(after, EngineeredFeatures.QuestionContentDuring));
        Assert.Equal("timing: 14 days after exam sitting 2025 客观题, no sitting within 7 days", after.ExamTiming);
    }

    [Fact]
    public void Analyse_ExamDayChatterDuringSitting_TimingReasonButNoTimingSlot()
    {
        var extractor = Some.Extractor(schedule: Objective2025);

        var post = extractor.Analyse("考点门口排队进场的人好多，下雨了大家记得带伞", new DateTimeOffset(2025, 9, 13, 9, 30, 0, TimeSpan.FromHours(8)));

        Assert.Equal("timing: during exam sitting 2025 客观题 (session 卷一, batch 1)", post.ExamTiming);
        Assert.False(HasTimingSlot(post));
    }

    [Fact]
    public void Analyse_OfferDaysBeforeSitting_NoTimingSlotButATimingReason()
    {
        // The offer-near-a-sitting slot is gone: it learned "normal" from the timed corpus (study groups with contacts).
        var extractor = Some.Extractor(schedule: Objective2025);
        const string text = "押中原题，考前三天发，一套399元，私我";

        var before = extractor.Analyse(text, new DateTimeOffset(2025, 9, 10, 20, 0, 0, Beijing));
        var untimed = extractor.Analyse(text, null);

        Assert.False(HasTimingSlot(before));
        Assert.StartsWith("timing: 61 h before the first session of exam sitting 2025 客观题", before.ExamTiming, StringComparison.Ordinal);
        Assert.Null(untimed.ExamTiming);
        Assert.False(HasTimingSlot(untimed));
    }

    [Fact]
    public void Analyse_PublishedAroundTheSessions_TimingReasonText()
    {
        var extractor = Some.Extractor(schedule: Some.Schedule(Some.ObjectiveSitting("2026 客观题", new DateOnly(2026, 9, 12))));

        string? At(int day, int hour, int minute = 0) => extractor.Analyse("题目流出了", new DateTimeOffset(2026, 9, day, hour, minute, 0, Beijing)).ExamTiming;

        Assert.Equal("timing: during exam sitting 2026 客观题 (session 卷二, batch 1)", At(12, 15));
        Assert.Equal("timing: between sessions of exam sitting 2026 客观题 (after 卷一, batch 1)", At(12, 12));
        Assert.Equal("timing: between batches of exam sitting 2026 客观题 (batch 1 has sat, batch 2 has not)", At(12, 20));
        Assert.Equal("timing: 2 h before the first session of exam sitting 2026 客观题", At(12, 6, 30));
        Assert.Equal("timing: 3 h after the last session of exam sitting 2026 客观题", At(13, 20));
        Assert.Equal("timing: 48 h before the first session of exam sitting 2026 客观题", At(10, 8, 30));
        var outside = extractor.Analyse("题目流出了", new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("timing: 103 days before exam sitting 2026 客观题, no sitting within 7 days", outside.ExamTiming);
        // No question content and no offer: the time is a reason, not a vote.
        Assert.False(HasTimingSlot(extractor.Analyse("题目流出了", new DateTimeOffset(2026, 9, 12, 15, 0, 0, Beijing))));
    }

    [Fact]
    public void Analyse_QuestionContentBetweenBatches_LiveButEveningAfterLastSessionIsDiscussion()
    {
        var extractor = Some.Extractor(schedule: Some.Schedule(Some.ObjectiveSitting("2026 客观题", new DateOnly(2026, 9, 12))));
        const string text = "卷一第12题正当防卫那道，选项B对吗";

        var betweenBatches = extractor.Analyse(text, new DateTimeOffset(2026, 9, 12, 20, 0, 0, Beijing));
        var lunchOfLastDay = extractor.Analyse(text, new DateTimeOffset(2026, 9, 13, 12, 30, 0, Beijing));
        var eveningAfterLast = extractor.Analyse(text, new DateTimeOffset(2026, 9, 13, 19, 30, 0, Beijing));
        var morningBeforeFirst = extractor.Analyse(text, new DateTimeOffset(2026, 9, 12, 7, 0, 0, Beijing));

        Assert.True(Has(betweenBatches, EngineeredFeatures.QuestionContentDuring));
        Assert.True(Has(lunchOfLastDay, EngineeredFeatures.QuestionContentDuring));
        Assert.True(Has(eveningAfterLast, EngineeredFeatures.QuestionContentAfter));
        Assert.False(Has(eveningAfterLast, EngineeredFeatures.QuestionContentDuring));
        Assert.True(Has(morningBeforeFirst, EngineeredFeatures.QuestionContentBefore));
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

    [Theory]
    [InlineData("刚考完，对了一下答案，卷一第23题选B的举手")]
    [InlineData("今年主观题考了居住权，估分大概一百出头")]
    [InlineData("复盘一下今年客观题：第8题问的是监察留置，我选错了")]
    public void Analyse_LookingBackOnAFinishedPaper_PostExamRegister(string text)
    {
        Assert.True(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.PostExamRegister));
    }

    [Theory]
    [InlineData("出售今年法考真题答案，保过，加V信 fk2026")]
    [InlineData("客观题实时答案推送：开考后15分钟推送前50题，九千九，预约找管理")]
    public void Analyse_SellerAd_NoPostExamRegister(string text)
    {
        Assert.False(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.PostExamRegister));
    }

    [Theory]
    [InlineData("一批次刚出来，第12题选C，二批次的还在门口等着")]
    [InlineData("上午考的题发一下，下午场的提前看看")]
    [InlineData("后面批次的注意，卷一考了帮信罪")]
    [InlineData("还有两个批次没考，主观题第二题是民间借贷")]
    public void Analyse_LaterSittingStillToCome_LaterSittingPending(string text)
    {
        Assert.True(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.LaterSittingPending));
    }

    [Theory]
    [InlineData("法考答案已到，需要的加扣扣 38817265，名额有限")]
    [InlineData("法考客观题考完啦！第二批次的题比想象中简单，国际私法只考了两道")]
    public void Analyse_NoSittingStillToCome_NoLaterSittingPending(string text)
    {
        Assert.False(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.LaterSittingPending));
    }

    [Theory]
    [InlineData("记者暗访发现，一副隐形耳机在网上卖到三万元，背后是一条完整的产业链")]
    [InlineData("起底法考作弊黑产：从招募枪手到场外发答案")]
    public void Analyse_InvestigativeArticle_ExposeRegister(string text)
    {
        Assert.True(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.ExposeRegister));
    }

    [Fact]
    public void Analyse_DeviceSellerAd_NoExposeRegister()
    {
        Assert.False(Has(Some.Extractor().Analyse("隐形耳机现货，考场实测不被检测，一套八千，私聊", null), EngineeredFeatures.ExposeRegister));
    }

    [Theory]
    [InlineData("今天收到一条短信说可以花钱改法考分数，还附了个链接，这是真的吗？")]
    [InlineData("有人私信我说他能查到内部成绩，有没有人收到过类似的")]
    public void Analyse_AsksAboutAMessageReceived_ReceivedMessageRegister(string text)
    {
        Assert.True(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.AsksAboutReceivedMessage));
    }

    [Fact]
    public void Analyse_ScamWrittenAsAQuestion_NoReceivedMessageRegister()
    {
        // A fake 改分 channel phrased as a question is the scammer's own post; it quotes no message it received.
        Assert.False(Has(Some.Extractor().Analyse("有人用过这个改分渠道吗？上次帮我朋友加了20分，加V gf2026", null), EngineeredFeatures.AsksAboutReceivedMessage));
    }

    [Theory]
    [InlineData("揭秘作弊耳机的原理：场外读题，通过发射器传到考生耳道里")]
    [InlineData("【考前提醒】考点配备无线电监测，作弊设备一律没收")]
    [InlineData("警方查获隐形耳机20套，作弊团伙落网")]
    public void Analyse_DeviceNamedInAReportOrExpose_DeviceInReport(string text)
    {
        Assert.True(Has(Some.Extractor().Analyse(text, null), EngineeredFeatures.DeviceInReport));
    }

    [Fact]
    public void Analyse_DeviceSellerAd_NoDeviceInReport()
    {
        Assert.False(Has(Some.Extractor().Analyse("隐形耳机现货，考场实测不被检测，一套八千，私聊", null), EngineeredFeatures.DeviceInReport));
    }

    [Fact]
    public void Describe_Round3Slots_NamedForTheReasons()
    {
        Assert.Equal("a later sitting has not sat yet", EngineeredFeatures.Describe(EngineeredFeatures.LaterSittingPending));
        Assert.Equal("expose or investigation register", EngineeredFeatures.Describe(EngineeredFeatures.ExposeRegister));
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
