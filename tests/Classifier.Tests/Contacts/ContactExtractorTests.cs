using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Contacts;

public sealed class ContactExtractorTests
{
    private static IReadOnlyList<Contact> Extract(string text) => Some.Contacts.Extract(text);

    private static (string Kind, string Value) Only(string text)
    {
        var c = Assert.Single(Extract(text));
        Assert.Equal(c.Raw, text[c.Start..c.End]);
        return (c.Kind, c.Value);
    }

    [Theory]
    [InlineData("答案加QQ 2876543210 详聊", "2876543210")]
    [InlineData("扣扣：１２３４５６７８９", "123456789")]
    [InlineData("企鹅 98765432", "98765432")]
    [InlineData("q:55667788", "55667788")]
    [InlineData("要的加qq3318804527私聊", "3318804527")]
    [InlineData("ＱＱ３６２０１９４８５", "362019485")]
    [InlineData("Q672219034", "672219034")]
    public void Extract_QqNumberAfterCue_Qq(string text, string value)
    {
        Assert.Equal(("qq", value), Only(text));
    }

    [Theory]
    [InlineData("进QQ群 654321987 看样题", "654321987")]
    [InlineData("群号：70011223", "70011223")]
    public void Extract_GroupNumber_QqGroup(string text, string value)
    {
        Assert.Equal(("qq_group", value), Only(text));
    }

    [Theory]
    [InlineData("加V信：abc_2026 详聊", "abc_2026")]
    [InlineData("薇信 ZhenTi888", "zhenti888")]
    [InlineData("vx: lawpass66", "lawpass66")]
    [InlineData("微信号是fk-2026a", "fk-2026a")]
    [InlineData("找我 wxid_ab12cd34ef", "wxid_ab12cd34ef")]
    public void Extract_WeChatId_WeChat(string text, string value)
    {
        Assert.Equal(("wechat", value), Only(text));
    }

    [Theory]
    [InlineData("电话13812345678")]
    [InlineData("电话 138 1234 5678")]
    [InlineData("电话 138-1234-5678")]
    [InlineData("电话１３８１２３４５６７８")]
    [InlineData("电话 138😀1234😀5678")]
    [InlineData("电话 138\u200B1234\u200B5678")]
    [InlineData("+86 13812345678")]
    [InlineData("电话 一三八 一二三四 五六七八")]
    [InlineData("电话 1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣")]
    public void Extract_MobileWrittenAnyWay_NormalisedDigits(string text)
    {
        Assert.Equal(("mobile", "13812345678"), Only(text));
    }

    [Theory]
    [InlineData("电报 @fakao_answer", "fakao_answer")]
    [InlineData("飞机：fk_answers", "fk_answers")]
    [InlineData("频道 t.me/fk_answers", "fk_answers")]
    [InlineData("https://t.me/FK_answers", "fk_answers")]
    public void Extract_TelegramHandleOrLink_Telegram(string text, string value)
    {
        Assert.Equal(("telegram", value), Only(text));
    }

    [Theory]
    [InlineData("电报 @fakao_vip2026", "fakao_vip2026")]
    [InlineData("飞机：fk_v2026ans", "fk_v2026ans")]
    [InlineData("TG @law_vx_2026", "law_vx_2026")]
    public void Extract_TelegramHandleWithCueLetterInside_TelegramNotWeChat(string text, string value)
    {
        Assert.Equal(("telegram", value), Only(text));
    }

    [Theory]
    [InlineData("账号 fakao_vip2026")]
    [InlineData("文件名 zt2026_vx_ab12cd.pdf")]
    public void Extract_CueLetterInsideIdentifier_NoWeChat(string text)
    {
        Assert.DoesNotContain(Extract(text), c => c.Kind == "wechat");
    }

    [Theory]
    [InlineData("電報 @fakao_answer", "telegram", "fakao_answer")]
    [InlineData("微信號：fk_daan88", "wechat", "fk_daan88")]
    [InlineData("微訊 lawpass66", "wechat", "lawpass66")]
    [InlineData("薇信號 zhenti_2026", "wechat", "zhenti_2026")]
    [InlineData("群號：70011223", "qq_group", "70011223")]
    [InlineData("聯繫電話 13812345678", "mobile", "13812345678")]
    [InlineData("手機 138 1234 5678", "mobile", "13812345678")]
    [InlineData("聯繫扣扣 38817265", "qq", "38817265")]
    public void Extract_TraditionalScriptCue_SameAsSimplified(string text, string kind, string value)
    {
        Assert.Equal((kind, value), Only(text));
    }

    [Fact]
    public void Extract_ChineseNumeralWordAfterSpacedDigits_NotMergedIntoNumber()
    {
        var contacts = Extract("二群 645 778 219 三群 645778220");

        Assert.Equal([("qq_group", "645778219"), ("qq_group", "645778220")], contacts.Select(c => (c.Kind, c.Value)));
    }

    [Theory]
    [InlineData("群号 645778219三群满了")]
    [InlineData("群号 645778219 三")]
    public void Extract_ChineseNumeralNextToDigitRun_NotJoined(string text)
    {
        Assert.Equal(("qq_group", "645778219"), Only(text));
    }

    [Theory]
    [InlineData("法考證書代辦，全國可查，價格私聊，扣扣 6620918")]
    [InlineData("价格私聊，QQ 6620918")]
    public void Extract_QqCueAfterPriceWord_Qq(string text)
    {
        Assert.Equal(("qq", "6620918"), Only(text));
    }

    [Theory]
    [InlineData("加卫星 lawpass66", "lawpass66")]
    [InlineData("卫星号：fk_daan88", "fk_daan88")]
    [InlineData("衛星 zhenti2026", "zhenti2026")]
    public void Extract_SatelliteEuphemism_WeChat(string text, string value)
    {
        Assert.Equal(("wechat", value), Only(text));
    }

    [Theory]
    [InlineData("点击 https://fk-pay.cc/pay?id=3 补缴", "https://fk-pay.cc/pay?id=3")]
    [InlineData("资料 HTTPS://Pan.Example.com/s/1aBcD 提取", "https://pan.example.com/s/1aBcD")]
    [InlineData("短链 t.cn/A6xYz 打开", "t.cn/A6xYz")]
    [InlineData("官网www.Example.com。", "www.example.com")]
    [InlineData("网址 fk-chafen.xyz 查分", "fk-chafen.xyz")]
    public void Extract_Url_Url(string text, string value)
    {
        Assert.Equal(("url", value), Only(text));
    }

    [Fact]
    public void Extract_Email_EmailNotUrlOrQq()
    {
        Assert.Equal(("email", "2876543210@qq.com"), Only("资料发邮箱 2876543210@QQ.com"));
    }

    [Theory]
    [InlineData("2026-09-20 考试")]
    [InlineData("2026年9月20日上午")]
    [InlineData("一套1888元")]
    [InlineData("只要¥599")]
    [InlineData("12:30 开考")]
    [InlineData("准考证号 202609201234")]
    [InlineData("准考证号：12345678901")]
    [InlineData("2026 法考")]
    [InlineData("编号12345678")]
    [InlineData("今年有 650000 人报名")]
    [InlineData("9/20 考试")]
    [InlineData("订单 sqq20261123 已发货")]
    [InlineData("型号 qqq88776655")]
    public void Extract_DatesPricesTimesAdmissionNumbersYears_NoContact(string text)
    {
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void Extract_SeveralContacts_InTextOrderWithOriginalOffsets()
    {
        const string text = "加V信：abc_2026 或 QQ：１２３４５６７８９，电话 138-1234-5678";

        var contacts = Extract(text);

        Assert.Equal(["wechat", "qq", "mobile"], contacts.Select(c => c.Kind));
        Assert.All(contacts, c => Assert.Equal(c.Raw, text[c.Start..c.End]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("😀😀😀")]
    [InlineData("١٢٣ abc Ω ∑")]
    public void Extract_NoContactText_Empty(string text)
    {
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void Extract_MegabyteText_FindsContactsNearTheStart()
    {
        var text = "QQ 2876543210 " + new string('字', 1_000_000);

        Assert.Equal("2876543210", Assert.Single(Extract(text)).Value);
    }
}
