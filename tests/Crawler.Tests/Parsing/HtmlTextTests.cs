using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class HtmlTextTests
{
    [Fact]
    public void FromHtml_WeiboText_LinksFlattenedEmoticonsKeptLineBreaks()
    {
        var text = HtmlText.FromHtml("<a href=\"/search?q=%23法考%23\"><span class=\"surl-text\">#法考#</span></a> 有人在卖答案，<span class=\"url-icon\"><img alt=\"[怒]\" src=\"x.png\" /></span>别上当<br />已举报");
        Assert.Equal("#法考# 有人在卖答案，[怒]别上当\n已举报", text);
    }

    [Fact]
    public void FromHtml_ScriptsStylesAndBlankLines_Removed()
    {
        var text = HtmlText.FromHtml("<p>第一段</p><script>var a = '<p>x</p>';</script><style>p{}</style><p>  </p><div>第二段&nbsp;&amp;&nbsp;结尾</div>");
        Assert.Equal("第一段\n第二段 & 结尾", text);
    }

    [Fact]
    public void FromHtml_PlainTextWithoutMarkup_PassesThroughCollapsed()
    {
        Assert.Equal("法考 客观题", HtmlText.FromHtml("  法考\t 客观题 "));
    }

    [Fact]
    public void FromHtml_EscapedEntitiesOnly_Decoded()
    {
        Assert.Equal("A & B <c>", HtmlText.FromHtml("A &amp; B &lt;c&gt;"));
    }

    [Fact]
    public void FromHtml_FullWidthCharacters_KeptAsWritten()
    {
        Assert.Equal("８００元，保过！", HtmlText.FromHtml("<b>８００元，保过！</b>"));
    }
}
