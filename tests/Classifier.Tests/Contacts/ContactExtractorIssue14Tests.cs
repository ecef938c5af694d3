using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Contacts;

/// <summary>Issue 14, item 1: numbers read out as amounts, stand-in notes for e-mail and URLs, 飞机 before another platform's @handle.</summary>
public sealed class ContactExtractorIssue14Tests
{
    private static IReadOnlyList<Contact> Extract(string text) => Some.Contacts.Extract(text);

    private static void AssertOnly(string text, string kind, string value)
    {
        var c = Assert.Single(Extract(text));
        Assert.Equal((kind, value), (c.Kind, c.Value));
        Assert.Equal(c.Raw, text[c.Start..c.End]);
    }

    [Theory]
    [InlineData("一百三十八", "138")]
    [InlineData("两千三百四十五", "2345")]
    [InlineData("三千零五", "3005")]
    [InlineData("十三", "13")]
    [InlineData("一三八", "138")]
    [InlineData("四个零", "0000")]
    [InlineData("一百三十八 零零零零 一千二百三十四", "13800001234")]
    [InlineData("一百三", "130")]
    [InlineData("两千", "2000")]
    public void ReadAmounts_Groups_Digits(string s, string digits)
    {
        Assert.Equal(digits, ContactExtractor.ReadAmounts(s));
    }

    [Theory]
    [InlineData("两千个")]
    [InlineData("百十")]
    public void ReadAmounts_NotWholeGroups_Null(string s)
    {
        Assert.Null(ContactExtractor.ReadAmounts(s));
    }

    [Theory]
    [InlineData("手机一百三十八，四个零，一千二百三十四，随时打", "mobile", "13800001234")]
    [InlineData("打我电话：一百五十九 两千三百四十五 六千七百八十九", "mobile", "15923456789")]
    [InlineData("电话是一三八 零零零零 一千二百三十四", "mobile", "13800001234")]
    [InlineData("加QQ 两千三百四十五 六百七十八", "qq", "2345678")]
    [InlineData("QQ群 八千八百八十八 九百九十九", "qq_group", "8888999")]
    [InlineData("座机 零五三一 八千六百六十五 四千三百二十一", "landline", "053186654321")]
    [InlineData("微信就是手机号：一百八十六 零零零零 两千四百一十九", "mobile", "18600002419")]
    public void Extract_NumberReadAsAmounts_Contact(string text, string kind, string value)
    {
        AssertOnly(text, kind, value);
    }

    [Theory]
    [InlineData("手机三百五十元就能买到")]
    [InlineData("QQ群两千人，很热闹")]
    [InlineData("电话费一百二十八元一个月")]
    [InlineData("手机用了两千零二十三年买的")]
    [InlineData("微信群一百三十八人，三千五百条消息")]
    [InlineData("电话打了三百多次")]
    [InlineData("今年报名两千三百四十五人，一百三十八个考点")]
    public void Extract_AmountsThatAreNotContacts_Nothing(string text)
    {
        Assert.Empty(Extract(text));
    }

    [Theory]
    [InlineData("邮箱 fakao2026在qq.com（\"在\"换成@）", "email", "fakao2026@qq.com")]
    [InlineData("资料发邮箱 ziliao_fk#163.com，#换成@", "email", "ziliao_fk@163.com")]
    [InlineData("联系 kaoshi(at)example.org （(at)换成@）", "email", "kaoshi@example.org")]
    [InlineData("网址 www※fakao88※com/vip 把※换成.", "url", "www.fakao88.com/vip")]
    [InlineData("把※换成. 链接：fk2026※example※net", "url", "fk2026.example.net")]
    [InlineData("邮箱 fk_zl&qq※com（&换成@，※换成.）", "email", "fk_zl@qq.com")]
    public void Extract_StandInNote_AddressWithTheCharacter(string text, string kind, string value)
    {
        AssertOnly(text, kind, value);
    }

    [Theory]
    [InlineData("我在图书馆，把手机换成了静音模式")]
    [InlineData("考试在周六，※换成.也没用")]
    [InlineData("把#换成@就行了，我说的是话题标签")]
    public void Extract_StandInNoteWithoutAddress_Nothing(string text)
    {
        Assert.Empty(Extract(text));
    }

    [Theory]
    [InlineData("坐飞机回家，路上刷到微博 @fakao_news 说的")]
    [InlineData("飞机上看了抖音@lawstudy_daily 的视频")]
    [InlineData("飞机晚点了，B站@kaoyan_helper 直播还在")]
    public void Extract_FlightThenOtherPlatformsHandle_NotTelegram(string text)
    {
        Assert.DoesNotContain(Extract(text), c => c.Kind == "telegram");
    }

    [Theory]
    [InlineData("飞机 @fakao_vip2026", "fakao_vip2026")]
    [InlineData("纸飞机搜 @lawprep_amy 进群", "lawprep_amy")]
    public void Extract_FlightThenHandle_StillTelegram(string text, string handle)
    {
        Assert.Contains(Extract(text), c => c.Kind == "telegram" && c.Value == handle);
    }
}
