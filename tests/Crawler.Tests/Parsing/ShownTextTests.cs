using AngleSharp.Html.Parser;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class ShownTextTests
{
    private static readonly string Article = string.Concat(Enumerable.Repeat("一篇文章的正文，读者打开页面就能看到。", 20));

    private static string Of(string body) => ShownText.Of(new HtmlParser().ParseDocument("<html><body>" + body + "</body></html>").Body!);

    [Theory]
    [InlineData("<div style=\"display: none\">请先登录</div>")]
    [InlineData("<div style=\"visibility:hidden\">请先登录</div>")]
    [InlineData("<div hidden>请先登录</div>")]
    [InlineData("<div aria-hidden=\"true\">请先登录</div>")]
    [InlineData("<div class=\"noLoginIn\"><div class=\"toastText\">请登录后再关注</div></div>")]
    [InlineData("<div id=\"login-modal\"><p>扫码登录</p></div>")]
    [InlineData("<div class=\"layui-layer\">会员登录</div>")]
    public void Of_PageWithContent_HiddenAndOnDemandElementsLeftOut(string element)
    {
        var text = Of("<p>" + Article + "</p>" + element);

        Assert.StartsWith("一篇文章的正文", text, StringComparison.Ordinal);
        Assert.DoesNotContain("登录", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_PageThatIsLittleElseThanADialog_ReadWhole()
    {
        // A login wall drawn as a dialog over an (almost) empty page is still what the reader sees.
        var text = Of("<div class=\"login-dialog\"><h2>请先登录</h2><form><input name=\"u\"></form></div><p>关于我们</p>");

        Assert.Contains("请先登录", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_ShownTextLongEnough_KeepsEveryShownElement()
    {
        var text = Of("<p>" + Article + "</p><div class=\"footer\">登录 注册</div>");

        Assert.Contains("登录 注册", text, StringComparison.Ordinal);
    }
}
