using SentimentWatch.Core.Pages;
using SentimentWatch.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class BlockPageDetectorTests
{
    private static readonly Uri Page = new("https://tieba.example/p/1");

    [Theory]
    [InlineData(200, "安全验证", "请输入验证码", "Captcha")]
    [InlineData(200, "提示", "请先登录后查看", "LoginWall")]
    [InlineData(200, "提示", "抱歉，该帖已被删除", "Deleted")]
    [InlineData(200, "出错了", "您访问的页面不存在", "NotFound")]
    [InlineData(404, "x", "x", "NotFound")]
    [InlineData(410, "x", "x", "Deleted")]
    [InlineData(429, "x", "x", "RateLimited")]
    [InlineData(403, "x", "x", "LoginWall")]
    [InlineData(503, "x", "x", "ServerError")]
    [InlineData(200, "", "", "Empty")]
    [InlineData(200, "法考交流吧", "出售法考答案，联系微信", "Genuine")]
    public void Classify_Page_Verdict(int status, string title, string text, string expected)
    {
        Assert.Equal(expected, BlockPageDetector.Classify(status, Page, title, text).Verdict.ToString());
    }

    [Fact]
    public void Classify_LongGenuinePostMentioningDeletion_StaysGenuine()
    {
        var text = "有人说帖子已被删除，其实答案还在卖。" + string.Concat(Enumerable.Repeat("法考客观题答案出售，考前发送。", 300));

        Assert.Equal(CaptureVerdict.Genuine, BlockPageDetector.Classify(200, Page, "法考交流吧", text).Verdict);
    }

    [Fact]
    public void Classify_RedirectedToLoginPath_LoginWall()
    {
        Assert.Equal(CaptureVerdict.LoginWall, BlockPageDetector.Classify(200, new Uri("https://x.example/passport/login?next=/p/1"), "欢迎", "欢迎来到论坛").Verdict);
    }

    [Fact]
    public void Classify_Http200JustAMomentChallenge_CaptchaNotGenuine()
    {
        var (verdict, reason) = BlockPageDetector.Classify(200, Page, "Just a moment...", "Checking if the site connection is secure. Enable JavaScript and cookies to continue");

        Assert.Equal(CaptureVerdict.Captcha, verdict);
        Assert.Contains("just a moment", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("访问过于频繁，请稍后再试")]
    [InlineData("Too Many Requests. Rate limit exceeded.")]
    public void Classify_Http200RateLimitPage_RateLimited(string text)
    {
        Assert.Equal(CaptureVerdict.RateLimited, BlockPageDetector.Classify(200, Page, "提示", text).Verdict);
    }

    [Fact]
    public void Classify_EveryCoreMarkerOnAShortPage_NeverGenuine()
    {
        // The crawler reads the same table (StandInPageMarkers): a phrase added there reaches evidence with no second list.
        var all = StandInPageMarkers.Captcha.Concat(StandInPageMarkers.LoginWall).Concat(StandInPageMarkers.Blocked)
            .Concat(StandInPageMarkers.Deleted).Concat(StandInPageMarkers.NotFound).ToList();

        Assert.All(all, m => Assert.NotEqual(CaptureVerdict.Genuine, BlockPageDetector.Classify(200, Page, "提示", $"<p>{m}</p>").Verdict));
    }
}
