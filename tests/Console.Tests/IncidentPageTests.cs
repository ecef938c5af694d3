using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class IncidentPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task IncidentPage_ShowsDeletedAndEditedMarks_SpreadPerPlatformAndPath_AndLevelHistory()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, _, first) = await console.SeedAsync("出售法考答案 加微信", IncidentLevel.III, author: "卖家甲");
        var posts = console.Get<IPostStore>();
        var incidents = console.Get<IIncidentStore>();
        var at = DateTimeOffset.Parse("2026-09-12T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        async Task<long> JoinAsync(string platform, string author, string text, DateTimeOffset when)
        {
            var pid = platform + "-" + author;
            var url = new Uri($"http://127.0.0.1/{platform}/{pid}");
            var written = await posts.UpsertPostAsync(new CollectedPost("src-" + platform, platform, pid, url, pid, null, new AuthorInfo(author, author, 5), null, text, when, null, new Engagement(1, 1, 1, null), null), when, CancellationToken.None);
            await incidents.AddPostAsync(incident, new IncidentPost(written.PostId, "src-" + platform, platform, pid, pid, null, url, author, author, 5, text, when, Labels.AnswerSelling, 2, [], "same_contact", null), CancellationToken.None);
            return written.PostId;
        }

        var deleted = await JoinAsync("tieba", "转发者乙", "转：出售答案 加微信", at.AddMinutes(30));
        var edited = await JoinAsync("douyin", "转发者丙", "答案在主页", at.AddMinutes(40));
        await posts.MarkDeletedAsync(deleted, at.AddMinutes(50), "platform removed", CancellationToken.None);
        await posts.UpsertPostAsync(new CollectedPost("src-douyin", "douyin", "douyin-转发者丙", new Uri("http://127.0.0.1/douyin/douyin-转发者丙"), "douyin-转发者丙", null, new AuthorInfo("转发者丙", "转发者丙", 5), null, "答案在主页（已改）", at.AddMinutes(40), null, new Engagement(1, 1, 1, null), null), at.AddMinutes(55), CancellationToken.None);
        var upgrade = await console.Get<IAlertStore>().RaiseAsync(
            new AlertRecord(0, $"incident:{incident}:level:II:up", "incident", incident, IncidentLevel.II, "升级", "摘要", [new LevelReason("spread:platforms", IncidentLevel.II, "三个平台传播")], at.AddMinutes(45), "open", null, null, null),
            [], [], CancellationToken.None);

        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await page.GotoAsync($"/incident/{incident}");

        Assert.Contains("已删除", await page.InnerTextAsync($"#post-{deleted}"), StringComparison.Ordinal);
        Assert.Contains("已编辑（第 2 版）", await page.InnerTextAsync($"#post-{edited}"), StringComparison.Ordinal);
        Assert.DoesNotContain("已删除", await page.InnerTextAsync($"#post-{first}"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("h2:has-text('传播') + svg").CountAsync());
        var body = await page.InnerTextAsync("body");
        foreach (var platform in new[] { "weibo", "tieba", "douyin" })
        {
            Assert.Contains(platform, body, StringComparison.Ordinal);
        }

        var path = await page.Locator("ol.spread-path li").AllInnerTextsAsync();
        Assert.Equal(3, path.Count);
        Assert.Contains("卖家甲", path[0], StringComparison.Ordinal);
        Assert.Contains("转发者乙", path[1], StringComparison.Ordinal);
        Assert.Contains("转发者丙", path[2], StringComparison.Ordinal);
        var history = await page.InnerTextAsync("h2:has-text('级别历史与告警') + table");
        Assert.Contains($"#{upgrade.Alert.Id}", history, StringComparison.Ordinal);
        Assert.Contains("Ⅱ", history, StringComparison.Ordinal);
        Assert.Contains("三个平台传播", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downgrade_NeedsAReason_ThenIsLoggedWithWhoAndWhy_AndAudited()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var (incident, _, _) = await console.SeedAsync("出售法考答案 加微信", IncidentLevel.II);
        var page = await browser.Browser.SignInAsync(console.Address, "banzhang", password);
        await page.GotoAsync($"/incident/{incident}");

        // The browser's own "required" check is bypassed on purpose: the server must refuse by itself.
        await page.EvalOnSelectorAsync("form[action*='handler=Downgrade'] input[name=reason]", "e => e.removeAttribute('required')");
        await page.SelectOptionAsync("form[action*='handler=Downgrade'] select[name=level]", "IV");
        await page.ClickAsync("form[action*='handler=Downgrade'] button");
        Assert.Contains("未执行", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        Assert.Equal(IncidentLevel.II, (await console.Get<IIncidentStore>().GetAsync(incident, CancellationToken.None))!.Level);

        await page.SelectOptionAsync("form[action*='handler=Downgrade'] select[name=level]", "IV");
        await page.FillAsync("form[action*='handler=Downgrade'] input[name=reason]", "经核实为培训机构广告，影响较小");
        await page.ClickAsync("form[action*='handler=Downgrade'] button");

        Assert.Contains("已降级", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        Assert.Equal(IncidentLevel.IV, (await console.Get<IIncidentStore>().GetAsync(incident, CancellationToken.None))!.Level);
        var log = await console.Get<IIncidentActionStore>().GetActionsAsync(incident, CancellationToken.None);
        Assert.Contains(log, a => a.Action == IncidentActionKinds.Downgrade && a.By.Contains("banzhang", StringComparison.Ordinal) && a.Reason.Contains("培训机构", StringComparison.Ordinal));
        Assert.Contains(await console.AuditAsync(), e => e is { Action: "downgrade", Outcome: "ok", Actor: "banzhang" });
    }

    [Fact]
    public async Task DutyLeader_MergesClosesAndReopens_EachWithAReason_LoggedAsTheCliLogsThem_AndAudited()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var (incident, _, _) = await console.SeedAsync("出售法考答案 加微信", IncidentLevel.II);
        var (other, _, _) = await console.SeedAsync("同一卖家 另一帖 出售答案", IncidentLevel.III);
        var page = await browser.Browser.SignInAsync(console.Address, "banzhang", password);
        await page.GotoAsync($"/incident/{incident}");

        await page.FillAsync("form[action*='handler=Merge'] input[name=other]", other.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("form[action*='handler=Merge'] input[name=reason]", "同一QQ号");
        await page.ClickAsync("form[action*='handler=Merge'] button");
        await page.FillAsync("form[action*='handler=Close'] input[name=reason]", "已处置完毕");
        await page.ClickAsync("form[action*='handler=Close'] button");
        Assert.Equal(IncidentStates.Closed, (await console.Get<IIncidentStore>().GetAsync(incident, CancellationToken.None))!.State);
        await page.FillAsync("form[action*='handler=Reopen'] input[name=reason]", "卖家换号再发");
        await page.ClickAsync("form[action*='handler=Reopen'] button");

        Assert.Equal(IncidentStates.Open, (await console.Get<IIncidentStore>().GetAsync(incident, CancellationToken.None))!.State);
        var log = await console.Get<IIncidentActionStore>().GetActionsAsync(incident, CancellationToken.None);
        Assert.Contains(log, a => a.Action == IncidentActionKinds.MergeIn && a.Reason.Contains("同一QQ号", StringComparison.Ordinal));
        Assert.Contains(log, a => a.Action == IncidentActionKinds.Close && a.Reason.Contains("已处置完毕", StringComparison.Ordinal));
        Assert.Contains(log, a => a.Action == IncidentActionKinds.Reopen && a.Reason.Contains("卖家换号再发", StringComparison.Ordinal));
        Assert.Contains(await console.Get<IIncidentActionStore>().GetActionsAsync(other, CancellationToken.None), a => a.Action == IncidentActionKinds.MergedInto);
        var audit = await console.AuditAsync();
        foreach (var action in new[] { "merge", "close", "reopen" })
        {
            Assert.Contains(audit, e => e.Action == action && e is { Outcome: "ok", Actor: "banzhang" });
        }

        // The page shows it: the log names the three actions.
        await page.GotoAsync($"/incident/{incident}");
        var text = await page.InnerTextAsync("main");
        Assert.Contains("同一QQ号", text, StringComparison.Ordinal);
        Assert.Contains("卖家换号再发", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commentator_RecordsGuidanceAndRelabels_ButCannotDowngradeOrClose()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, alert, _) = await console.SeedAsync("今年法考有人提前拿到题目", IncidentLevel.III, Labels.Leak);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await page.GotoAsync($"/incident/{incident}");
        Assert.Equal(0, await page.Locator("form[action*='handler=Downgrade']").CountAsync());

        await page.FillAsync("form[action*='handler=Guidance'] input[name=url]", "https://tieba.example.com/p/1#reply");
        await page.FillAsync("form[action*='handler=Guidance'] textarea[name=text]", "法考试题由司法部统一命制，请以官方发布为准。");
        await page.FillAsync("form[action*='handler=Guidance'] input[name=postedAt]", "2024-09-14T10:30");
        await page.ClickAsync("form[action*='handler=Guidance'] button");
        await page.SelectOptionAsync("form[action*='handler=Relabel'] select[name=label]", Labels.Rumour);
        await page.ClickAsync("form[action*='handler=Relabel'] button");

        Assert.Contains("改判", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        var work = await console.Get<IIncidentWorkStore>().GetAsync(incident, CancellationToken.None);
        var guidance = Assert.Single(work, w => w.Kind == IncidentWorkKinds.Guidance);
        Assert.Equal(new DateTimeOffset(2024, 9, 14, 2, 30, 0, TimeSpan.Zero), guidance.PostedAtUtc);
        Assert.Equal("acknowledged", (await console.Get<IAlertStore>().GetAlertAsync(alert, CancellationToken.None))!.State);
        var feedback = await console.Get<IClassificationFeedbackStore>().GetAllAsync(CancellationToken.None);
        Assert.Contains(feedback, f => f.Feedback is { Label: Labels.Rumour, Decision: FeedbackDecisions.Relabelled });

        var token = await page.Locator("input[name=__af]").First.InputValueAsync();
        var form = page.APIRequest.CreateFormData();
        form.Set("reason", "想关掉");
        form.Set("__af", token);
        var close = await page.APIRequest.PostAsync($"/incident/{incident}?handler=Close", new APIRequestContextOptions { Form = form });
        Assert.Equal(403, close.Status);
        Assert.Equal(IncidentStates.Open, (await console.Get<IIncidentStore>().GetAsync(incident, CancellationToken.None))!.State);
        Assert.Contains(await console.AuditAsync(), e => e is { Action: "denied", Actor: "yanpan" } && e.Target.Contains("close", StringComparison.Ordinal));
    }
}
