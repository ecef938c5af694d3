using System.Text;
using SentimentWatch.Core.Pages;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

/// <summary>
/// Evidence's page text meets the crawler's parsing limits (issue 13, item 4): a page nested to stall the tree builder
/// fails the text step with the limit named, and its freeze still seals the page's bytes as a failed capture.
/// </summary>
public sealed class PageTextTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    private static string Nested(int levels) =>
        "<html><head><title>法考</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", levels)) + "出售答案" + string.Concat(Enumerable.Repeat("</div>", levels)) + "</body></html>";

    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(50_000)]
    [InlineData(200_000)]
    public void Extract_NestedDeeperThanTheLimit_FailsWithTheKeyNamed(int levels)
    {
        var page = PageText.Extract(Encoding.UTF8.GetBytes(Nested(levels)), "text/html; charset=utf-8", new HtmlParseLimits());

        Assert.Equal("nesting deeper than 512 elements (Crawler:Parsing:MaxDepth); page text not extracted", page.Problem);
        Assert.Equal("", page.Text);
    }

    [Fact]
    public void Extract_UndeclaredCharsetDeepPage_RefusedByTheByteScan()
    {
        var page = PageText.Extract(Encoding.UTF8.GetBytes(Nested(10_000)), null, new HtmlParseLimits());

        Assert.Contains("Crawler:Parsing:MaxDepth", page.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SlowPageWithinDepth_FailsAtMaxParseTime()
    {
        var limits = new HtmlParseLimits { MaxDepth = 10_000, MaxParseTime = TimeSpan.FromMilliseconds(100) };

        // 200 sibling trees 9,000 deep: far more than any machine builds in 0.1 s, so the limit ends the parse however fast the machine.
        var tree = string.Concat(Enumerable.Repeat("<div>", 9_000)) + "出售答案" + string.Concat(Enumerable.Repeat("</div>", 9_000));
        var page = PageText.Extract(Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat(tree, 200)) + "</body></html>"), "text/html; charset=utf-8", limits);

        Assert.Equal("parsing took longer than 00:00:00.1000000 (Crawler:Parsing:MaxParseTime); page text not extracted", page.Problem);
    }

    [Fact]
    public void Extract_PageWithinTheLimits_TitleAndText()
    {
        var page = PageText.Extract(Encoding.UTF8.GetBytes(Nested(100)), "text/html; charset=utf-8", new HtmlParseLimits());

        Assert.Null(page.Problem);
        Assert.Equal("法考", page.Title);
        Assert.Equal("出售答案", page.Text);
    }

    [Fact]
    public async Task FreezeUrl_Page200kLevelsDeep_TextStepFailsWithReasonRawCaptureKept()
    {
        var name = Guid.NewGuid().ToString("N");
        var html = Nested(200_000);
        servers.Site.Pages[name] = html;
        await using var h = Harness.Create(servers.Tsa, new() { ["Evidence:MaxResponseBytes"] = "8388608" });

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url($"page/{name}"), null, "duty-officer", CancellationToken.None);

        Assert.False(result.Sound);
        Assert.Contains(result.Problems, p => p.Contains("Unreadable (nesting deeper than 512 elements (Crawler:Parsing:MaxDepth)", StringComparison.Ordinal));
        // The page as served is in the packet (failed/), byte for byte, and covered by the manifest.
        Assert.Equal(Encoding.UTF8.GetBytes(html), await File.ReadAllBytesAsync(Path.Combine(result.PacketPath, "failed", "page-source.html")));
        Assert.True(File.Exists(Path.Combine(result.PacketPath, "failed", "failed-capture.warc.gz")));
        var verification = await h.Verifier.VerifyAsync(result.PacketPath, new Core.Evidence.VerificationAnchors(null, null), CancellationToken.None);
        Assert.Contains(verification.Checks, c => c.Name == "manifest-sha256" && c.Outcome == Core.Evidence.CheckOutcome.Pass);
    }
}
