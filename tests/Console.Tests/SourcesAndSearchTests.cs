using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class SourcesAndSearchTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FailingSource_IsListedWithUrlAndReason_AndNamedOnTheQueue()
    {
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Crawler:Profiles"] = Path.Combine(ConsoleHarness.RepoRoot, "config", "profiles"),
            ["Crawler:Sources:0:Id"] = "tieba-fakao",
            ["Crawler:Sources:0:Profile"] = "tieba",
            ["Crawler:Sources:0:Urls:0"] = "http://127.0.0.1:9/f?kw=法考",
            ["Crawler:Sources:0:Interval"] = "00:05:00",
        });
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var at = DateTimeOffset.UtcNow;
        await console.Get<ISourceStateStore>().RecordRunAsync(new SourceRunReport("tieba-fakao", at.AddSeconds(-3), at, SourceRunStatus.Failed, 1, 0, 0, 0, 0,
            new Dictionary<int, int>(), [new SourceFailure(new Uri("http://127.0.0.1:9/f?kw=法考"), SourceFailureKind.Captcha, "验证码页面（安全验证）")]), CancellationToken.None);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);

        Assert.Contains("tieba-fakao", await page.InnerTextAsync("#failing-sources"), StringComparison.Ordinal);
        await page.GotoAsync("/sources");
        var row = await page.InnerTextAsync("#source-tieba-fakao");
        Assert.Contains("失败", row, StringComparison.Ordinal);
        Assert.Contains("验证码页面", row, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9/f", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithoutAProvider_SaysItIsNotEnabled()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);

        var response = await page.GotoAsync("/search?q=答案");

        Assert.Equal(200, response!.Status);
        Assert.Contains("检索未启用", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }
}
