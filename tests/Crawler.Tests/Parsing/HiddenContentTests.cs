using System.Text;
using SentimentWatch.Crawler.Parsing;
using static SentimentWatch.Crawler.Tests.Parsing.ParsingFixtures;

namespace SentimentWatch.Crawler.Tests.Parsing;

/// <summary>
/// Tieba delivers its thread list inside a comment of a <c>&lt;code&gt;</c> pagelet (BigPipe), or registers it from a
/// script: with <c>ParseHiddenContent</c> (on in the tieba profile) the list reads exactly as if it were plain markup.
/// </summary>
public sealed class HiddenContentTests
{
    private static readonly Uri TiebaList = new("https://tieba.baidu.com/f?kw=%E6%B3%95%E8%80%83&ie=utf-8&pn=0");
    private readonly HtmlPageParser _parser = new(new ParsingOptions());

    /// <summary>The fixture's body, and the page with that body moved into <paramref name="wrap"/> and an empty visible body.</summary>
    private static (string Plain, string Hidden) Hide(Func<string, string> wrap)
    {
        var plain = Text("tieba/list.html");
        var open = plain.IndexOf("<body", StringComparison.Ordinal);
        var bodyStart = plain.IndexOf('>', open) + 1;
        var bodyEnd = plain.LastIndexOf("</body>", StringComparison.Ordinal);
        var inner = plain[bodyStart..bodyEnd];
        return (plain, plain[..bodyStart] + "<div id=\"content\"></div>" + wrap(inner) + plain[bodyEnd..]);
    }

    private void AssertSameAsPlain(string plain, string hidden)
    {
        var expected = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, plain, FetchedAt, 1);
        var actual = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, hidden, FetchedAt, 1);
        Assert.Equal(PageVerdict.Content, actual.Verdict);
        Assert.Equal(3, actual.Posts.Count);
        Assert.Equal(expected.Posts, actual.Posts);
        Assert.Equal(expected.NextPage, actual.NextPage);
    }

    [Fact]
    public void Parse_ListInsideCommentOfCodePagelet_ReadAsPageContent()
    {
        var (plain, hidden) = Hide(inner =>
            "<code class=\"pagelet_html\" id=\"pagelet_html_frs-list/pagelet/thread_list\" style=\"display:none;\"><!--" + inner + "--></code>"
            + "<script>Bigpipe.register(\"frs-list/pagelet/thread_list\", {\"parent\":\"frs-list/pagelet/content\",\"scripts\":[]});</script>");
        AssertSameAsPlain(plain, hidden);
    }

    [Fact]
    public void Parse_ListRegisteredByBigPipeScript_ReadAsPageContent()
    {
        var (plain, hidden) = Hide(inner =>
            "<script>Bigpipe.register(\"frs-list/pagelet/thread_list\", " + System.Text.Json.JsonSerializer.Serialize(new { content = inner, parent = "x" }) + ");</script>");
        AssertSameAsPlain(plain, hidden);
    }

    [Fact]
    public void Parse_ListInsideTextarea_ReadAsPageContent()
    {
        var (plain, hidden) = Hide(inner => "<textarea style=\"display:none\">" + inner.Replace("</textarea>", "", StringComparison.Ordinal) + "</textarea>");
        AssertSameAsPlain(plain, hidden);
    }

    [Fact]
    public void Parse_HiddenListWithOptionOff_ListMatchesNothing()
    {
        var (_, hidden) = Hide(inner => "<code><!--" + inner + "--></code>");
        var page = _parser.Parse(Source("tieba", extra: new Dictionary<string, string?> { ["ParseHiddenContent"] = "false" }), PageRole.List, TiebaList, hidden, FetchedAt, 1);
        Assert.Equal(PageVerdict.NotParseable, page.Verdict);
        Assert.Contains("'list'", page.VerdictReason);
    }

    [Fact]
    public void Parse_MillionCommentNodes_BoundedReadsTheListAndSaysWhatItLeftOut()
    {
        // A hostile page: a million comments that each hold markup, after the real list.
        var (_, hidden) = Hide(inner => "<code><!--" + inner + "--></code>");
        var sb = new StringBuilder(hidden.Length + 10_000_000);
        var at = hidden.LastIndexOf("</body>", StringComparison.Ordinal);
        sb.Append(hidden, 0, at);
        for (var i = 0; i < 1_000_000; i++)
        {
            sb.Append("<!--<i>-->");
        }

        sb.Append(hidden, at, hidden.Length - at);
        var page = _parser.Parse(Source("tieba"), PageRole.List, TiebaList, sb.ToString(), FetchedAt, 1);

        Assert.Equal(PageVerdict.Content, page.Verdict);
        Assert.Equal(3, page.Posts.Count);
        var note = Assert.Single(page.Notes);
        Assert.Contains($"{1_000_001 - HiddenContent.MaxFragments} fragment(s) beyond the limit", note);
    }

    [Fact]
    public void OpenComments_CommentInsideScript_LeftAsScriptText()
    {
        var text = "<p>a</p><script>var s = '<!-- <b>x</b> -->';</script><!-- note --><!--<b>y</b>-->";
        var opened = HiddenContent.OpenComments(text, new HiddenContent.Budget());
        Assert.Equal("<p>a</p><script>var s = '<!-- <b>x</b> -->';</script><b>y</b>", opened);
    }
}
