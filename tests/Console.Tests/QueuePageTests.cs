using System.Diagnostics;
using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class QueuePageTests(BrowserFixture browser, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Queue_HighestLevelFirstThenNewest_WithCountsContactsAndNormalisedText()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (_, low, _) = await console.SeedAsync("考试吐槽 机房太卡", IncidentLevel.IV, Labels.Complaint);
        var text = "出售法考答.案，加QQ 12345678 保过";
        var start = text.IndexOf("12345678", StringComparison.Ordinal);
        var (_, high, _) = await console.SeedAsync(text, IncidentLevel.II, contacts: [new Contact("qq", "12345678", "12345678", start, start + 8)]);
        var (_, highNewer, _) = await console.SeedAsync("法考主观题答案出售 私聊", IncidentLevel.II);

        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);

        var ids = await page.Locator("#queue > li.row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        Assert.Equal([highNewer.ToString(), high.ToString(), low.ToString()], ids);
        Assert.Equal("3", await page.InnerTextAsync("#open-total"));
        Assert.Equal("2", await page.InnerTextAsync("b[data-level=II]"));
        var row = page.Locator($"li.row[data-id='{high}']");
        Assert.Equal("12345678", await row.Locator("p.text mark").InnerTextAsync());
        Assert.Contains("答案", await row.Locator("p.norm").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await row.Locator("svg.spark").CountAsync());
        Assert.Contains("售卖答案 91%", await row.Locator(".label").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_FiltersByExamStage_AndNamesTheStageOnEachRow()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        // Shipped calendar (config/conf.d/10-calendar.json): 2024-09-14 is a session day of 2024 客观题; 2024-10-16 falls in
        // 答案异议 (14–20 Oct); 2024-08-01 is in no stage.
        var (_, sitting, _) = await console.SeedAsync("考场有人用耳机传答案", IncidentLevel.III, Labels.Cheating, time: new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
        var (_, objection, _) = await console.SeedAsync("答案异议通道打不开", IncidentLevel.IV, Labels.Complaint, time: new DateTimeOffset(2024, 10, 16, 2, 0, 0, TimeSpan.Zero));
        var (_, outside, _) = await console.SeedAsync("出售法考资料 私聊", IncidentLevel.IV, time: new DateTimeOffset(2024, 8, 1, 2, 0, 0, TimeSpan.Zero));
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        Assert.Contains("考试实施（2024 客观题）", await page.Locator($"li.row[data-id='{sitting}'] .stage").InnerTextAsync(), StringComparison.Ordinal);

        async Task<string[]> RowsForStageAsync(string stage)
        {
            await page.SelectOptionAsync("select[name=stage]", stage);
            // The navigation itself, not a live poll of the previous page (its URLs carry the old stage filter too).
            await page.ClickAsync("form.filters button[type=submit]");
            await page.WaitForURLAsync(u => u.Contains("stage=" + Uri.EscapeDataString(stage), StringComparison.Ordinal));
            return await page.Locator("#queue > li.row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        }

        Assert.Equal([sitting.ToString()], await RowsForStageAsync("考试实施"));
        Assert.Equal([objection.ToString()], await RowsForStageAsync("答案异议"));
        Assert.Equal([outside.ToString()], await RowsForStageAsync("none"));
        Assert.Empty(await RowsForStageAsync("报名"));
        // The filter stays on the live refresh: the script's rows URL carries it.
        Assert.Contains("stage=%E6%8A%A5%E5%90%8D", await page.GetAttributeAsync("#live", "data-rows"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_FiltersByLevelLabelPlatformSourceStateAndMine()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (_, leak, _) = await console.SeedAsync("卷二泄题 截图在群里", IncidentLevel.I, Labels.Leak);
        var (_, selling, _) = await console.SeedAsync("出售答案 私聊", IncidentLevel.III);
        var (mineIncident, mine, _) = await console.SeedAsync("考场耳机作弊", IncidentLevel.III, Labels.Cheating);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await page.GotoAsync($"/incident/{mineIncident}");
        await page.ClickAsync("form[action*='handler=Assign'] button");
        await page.GotoAsync("/");
        await page.ClickAsync($"li.row[data-id='{leak}'] form[data-key=c] button");

        async Task<string[]> RowsAsync(string query)
        {
            await page.GotoAsync("/?" + query);
            return await page.Locator("#queue > li.row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)");
        }

        Assert.Equal([mine.ToString(), selling.ToString()], await RowsAsync("level=III"));
        Assert.Equal([selling.ToString()], await RowsAsync("label=answer_selling"));
        Assert.Equal([mine.ToString()], await RowsAsync("mine=true"));
        Assert.Equal([leak.ToString()], await RowsAsync("state=acknowledged"));
        Assert.Equal(3, (await RowsAsync("state=all&platform=weibo&source=weibo-fakao")).Length);
        Assert.Empty(await RowsAsync("platform=tieba"));
        Assert.Empty(await RowsAsync("source=tieba-fakao"));
    }

    [Fact]
    public async Task Queue_NewAlert_AppearsWithoutReloadWithinTwoSeconds()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        await console.SeedAsync("旧告警 出售答案", IncidentLevel.III);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await page.Locator("#queue > li.row").First.WaitForAsync();
        // A mark on the window survives only if the page is not reloaded.
        await page.EvaluateAsync("() => { window.swMark = 42; }");

        var clock = Stopwatch.StartNew();
        var (_, alert, _) = await console.SeedAsync("新告警 泄题 今年真题", IncidentLevel.I, Labels.Leak);
        // A generous wait (busy CI cores): the time is printed and benchmarked, not asserted.
        await page.Locator($"li.row[data-id='{alert}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        clock.Stop();
        output.WriteLine($"alert raised → visible in the open queue after {clock.Elapsed.TotalMilliseconds:0} ms");

        // The time is a benchmark figure (console benchmark), not asserted: CI runs on busy cores.
        Assert.Equal(42, await page.EvaluateAsync<int>("() => window.swMark"));
        Assert.Equal("2", await page.InnerTextAsync("#open-total"));
    }

    /// <summary>
    /// Changes made outside this console (the CLI, another worker) reach an open queue through the store's queue change
    /// feed: an acknowledged alert leaves and an assignment shows, without a reload.
    /// </summary>
    [Fact]
    public async Task Queue_ChangesMadeElsewhere_ShowInTheOpenQueueWithoutReload()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (_, gone, _) = await console.SeedAsync("将被确认的告警 出售答案", IncidentLevel.III);
        var (incident, stays, _) = await console.SeedAsync("仍在队列的告警 泄题", IncidentLevel.II, Labels.Leak);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await page.Locator($"li.row[data-id='{gone}']").WaitForAsync();
        await page.EvaluateAsync("() => { window.swMark = 7; }");

        await console.Get<IAlertStore>().AcknowledgeAsync(gone, "值班员", "cli", DateTimeOffset.UtcNow, CancellationToken.None);
        await console.Get<IIncidentWorkStore>().AddAsync(incident, IncidentWorkKinds.Assign, "zhiban", DateTimeOffset.UtcNow, "lisi", null, null, CancellationToken.None);

        await page.Locator($"li.row[data-id='{gone}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        await page.Locator($"li.row[data-id='{stays}'] .assignee").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal("分派：lisi", await page.InnerTextAsync($"li.row[data-id='{stays}'] .assignee"));
        Assert.Equal("1", await page.InnerTextAsync("#open-total"));
        Assert.Equal(7, await page.EvaluateAsync<int>("() => window.swMark"));
    }
}

public sealed class QueueLayoutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// The queue on a duty laptop and on a phone: no sideways scrolling on a 390 px screen. Screenshots go to the test's
    /// temp folder, or to <c>SW_DOCS_SCREENSHOTS</c> (docs/images) when set.
    /// </summary>
    [Fact]
    public async Task Queue_FitsLaptopAndPhone_Screenshots()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var sell = "法考主观题答.案出售，考前24小时发，加QQ 2874651390 保过，不过全退";
        var qq = sell.IndexOf("2874651390", StringComparison.Ordinal);
        await console.SeedAsync(sell, IncidentLevel.II, Labels.AnswerSelling, contacts: [new Contact("qq", "2874651390", "2874651390", qq, qq + 10)]);
        await console.SeedAsync("听说今年客观题卷二提前泄露了，群里已经有人在传截图", IncidentLevel.I, Labels.Leak);
        await console.SeedAsync("考场无线耳机＋隐形接收器，全程语音报答案，微信 fk-vip2024", IncidentLevel.III, Labels.Cheating);
        await console.SeedAsync("机考系统卡顿半小时，考场也没有延时，太离谱了", IncidentLevel.IV, Labels.Complaint);
        var dir = Environment.GetEnvironmentVariable("SW_DOCS_SCREENSHOTS") is { Length: > 0 } docs ? docs : console.Directory;

        var laptop = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await laptop.SetViewportSizeAsync(1280, 900);
        await laptop.Keyboard.PressAsync("j");
        await laptop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "console-queue.png"), FullPage = true });

        var phone = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await phone.SetViewportSizeAsync(390, 844);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "console-queue-phone.png") });
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

        Assert.True(overflow <= 0, $"the queue scrolls sideways on a phone by {overflow} px");
        Assert.True(new FileInfo(Path.Combine(dir, "console-queue.png")).Length > 10_000);
    }
}
