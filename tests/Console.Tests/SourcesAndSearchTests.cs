using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Search;
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
    public async Task Search_ThroughTheStoresIndex_FindsWordsAndContactsAndShowsThemInert()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        await console.SeedAsync("出售法考答案<script>alert(1)</script>，加QQ 2716049583", IncidentLevel.III,
            contacts: [new Contact("qq", "2716049583", "2716049583", 11, 21)]);
        await console.SeedAsync("今天复习民法物权编", IncidentLevel.IV, label: Labels.Normal);
        await console.Get<IPostSearchIndex>().CatchUpAsync(CancellationToken.None);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        var byWord = await page.GotoAsync("/search?q=答案");
        var wordText = await page.InnerTextAsync("main");
        await page.GotoAsync("/search?contact=2716049583");
        var contactText = await page.InnerTextAsync("main");

        Assert.Equal(200, byWord!.Status);
        Assert.DoesNotContain("检索未启用", wordText, StringComparison.Ordinal);
        Assert.Contains("2716049583", wordText, StringComparison.Ordinal);
        Assert.DoesNotContain("物权编", wordText, StringComparison.Ordinal);
        Assert.Contains("<script>", contactText, StringComparison.Ordinal); // shown as text, never run
        Assert.Equal(0, dialogs);
        Assert.Contains(await console.AuditAsync(), e => e.Action == "search");
    }
}
