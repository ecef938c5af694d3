using Microsoft.Playwright;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.PressLines;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class PressLineWorkflowTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task OfficeDrafts_LeaderApproves_CommentatorSeesOnlyTheApprovedLine_AndRefusalsAreAudited()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var office = await console.AddUserAsync("bangong", Roles.Office);
        var leader = await console.AddUserAsync("lingdao", Roles.Leader);
        var commentator = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, alert, _) = await console.SeedAsync("网传今年法考卷一考前泄露", IncidentLevel.I, Labels.Leak, title: "网传法考卷一泄露");
        await console.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", DateTimeOffset.UtcNow, CancellationToken.None);

        // The office drafts the press line from the leak template and sends it for approval.
        var op = await browser.Browser.SignInAsync(console.Address, "bangong", office);
        await op.GotoAsync($"/presslines/{incident}");
        await op.SelectOptionAsync("#draft-form select[name=kind]", PressLineKinds.Line);
        await op.ClickAsync("#draft-form button");
        Assert.Contains("已起草口径第 1 版", await op.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        var text = await op.InnerTextAsync("#press-text");
        Assert.Contains("网传法考卷一泄露", text, StringComparison.Ordinal);
        Assert.Contains("【待补充】", text, StringComparison.Ordinal);
        var version = long.Parse(await op.GetAttributeAsync("#selected", "data-version") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await op.ClickAsync("#submit-form button");
        Assert.Contains("已送审", await op.InnerTextAsync("p.flash"), StringComparison.Ordinal);

        // A draft under review is not for commentators: not on their incident page, and the press-line page is closed to them.
        var cp = await browser.Browser.SignInAsync(console.Address, "yanpan", commentator);
        await cp.GotoAsync($"/incident/{incident}");
        Assert.Equal(0, await cp.Locator("#press-lines").CountAsync());
        Assert.Equal(403, (await cp.GotoAsync($"/presslines/{incident}"))!.Status);

        // The office may not approve (the role lacks the right), nor publish what is not approved: both refused and audited.
        Assert.Equal(403, (await PostAsync(op, $"/presslines/{incident}?handler=Approve", version)).Status);
        await PostAsync(op, $"/presslines/{incident}?handler=Publish", version);
        Assert.Equal(PressLineStates.Submitted, (await console.Get<IPressLineStore>().GetAsync(version, CancellationToken.None))!.State);
        var audit = await console.AuditAsync();
        Assert.Contains(audit, e => e is { Action: "denied", Actor: "bangong", Outcome: "refused" } && e.Detail.Contains(Permissions.PressLinesApprove, StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Action: "pressline_publish", Actor: "bangong", Outcome: "refused" } && e.Detail.Contains("只有已审定的版本可以发布", StringComparison.Ordinal));

        // The leader approves.
        var lp = await browser.Browser.SignInAsync(console.Address, "lingdao", leader);
        await lp.GotoAsync($"/presslines/{incident}?v={version}");
        await lp.FillAsync("#approve-form input[name=comment]", "同意");
        await lp.ClickAsync("#approve-form button");
        Assert.Contains("已审定", await lp.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        Assert.Equal(PressLineStates.Approved, await lp.GetAttributeAsync("#selected", "data-state"));

        // Now it reaches the commentators: a panel on the incident page and a marker on the queue row.
        await cp.GotoAsync($"/incident/{incident}");
        Assert.Contains("网传法考卷一泄露", await cp.InnerTextAsync("#press-lines"), StringComparison.Ordinal);
        await cp.GotoAsync("/?state=all");
        await cp.WaitForSelectorAsync($"li.row[data-href='/incident/{incident}'] a.tag.press-line");

        // Editing the approved version leaves it as approved and makes version 2 (the attempt audited as refused).
        await op.GotoAsync($"/presslines/{incident}?v={version}");
        var source = await op.InputValueAsync("#save-form textarea[name=source]");
        await op.FillAsync("#save-form textarea[name=source]", source + "\n五、补充一句。");
        await op.ClickAsync("#save-form button");
        Assert.Contains("已另存为第 2 版", await op.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        Assert.Contains("五、补充一句。", await op.InnerTextAsync("#diff .add"), StringComparison.Ordinal);
        Assert.Equal(PressLineStates.Approved, (await console.Get<IPressLineStore>().GetAsync(version, CancellationToken.None))!.State);
        Assert.Contains(await console.AuditAsync(), e => e is { Action: "pressline_edit", Outcome: "refused", Actor: "bangong" } && e.Target == $"pressline:{version}");

        // The approved version is published by the office.
        await op.GotoAsync($"/presslines/{incident}?v={version}");
        await op.ClickAsync("#publish-form button");
        Assert.Contains("已发布", await op.InnerTextAsync("p.flash"), StringComparison.Ordinal);

        var steps = await console.Get<IPressLineStore>().GetStepsAsync(version, CancellationToken.None);
        Assert.Equal(["created", "edited", "submitted", "approved", "published"], steps.Select(s => s.Step));
        var final = await console.AuditAsync();
        foreach (var step in new[] { "pressline_draft", "pressline_submit", "pressline_approve", "pressline_publish" })
        {
            Assert.Contains(final, e => e.Action == step && e.Outcome == "ok");
        }

        Assert.True((await console.Get<IAuditLog>().VerifyAsync(CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task Save_TemplateWithUnknownFactOrBadSyntax_IsRefusedInThePage_NamingTheLine()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var office = await console.AddUserAsync("bangong", Roles.Office);
        var (incident, _, _) = await console.SeedAsync("有人卖法考答案 加微信", IncidentLevel.II, Labels.AnswerSelling);
        var op = await browser.Browser.SignInAsync(console.Address, "bangong", office);
        await op.GotoAsync($"/presslines/{incident}");
        await op.ClickAsync("#draft-form button");
        var before = await op.InnerTextAsync("#press-text");

        await op.FillAsync("#save-form textarea[name=source]", "第一行\n第二行 {{ incident.title }}\n第三行 {{ seller.wechat }}");
        await op.ClickAsync("#save-form button");

        Assert.Contains("第 3 行", await op.InnerTextAsync("#template-problems"), StringComparison.Ordinal);
        Assert.Contains("seller.wechat", await op.InnerTextAsync("#template-problems"), StringComparison.Ordinal);
        Assert.Equal(before, await op.InnerTextAsync("#press-text"));

        await op.FillAsync("#save-form textarea[name=source]", "一\n二\n三\n{% if incident.level %}未结束");
        await op.ClickAsync("#save-form button");
        Assert.Contains("第 4 行", await op.InnerTextAsync("#template-problems"), StringComparison.Ordinal);
        Assert.Contains(await console.AuditAsync(), e => e is { Action: "pressline_save", Outcome: "refused" } && e.Detail.Contains("第 3 行", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvaluationPage_FlagsTheLateAcknowledgement_AndMediaInterviewIsLogged()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var office = await console.AddUserAsync("bangong", Roles.Office);
        var commentator = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, alert, _) = await console.SeedAsync("网传法考泄题", IncidentLevel.I, Labels.Leak);
        var created = (await console.Get<IAlertStore>().GetAlertAsync(alert, CancellationToken.None))!.CreatedUtc;
        await console.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", created.AddMinutes(45), CancellationToken.None);

        var op = await browser.Browser.SignInAsync(console.Address, "bangong", office);
        await op.GotoAsync($"/evaluation/{incident}");
        var late = Assert.Single(await op.Locator("tr.late").AllInnerTextsAsync(), row => row.StartsWith("签收（第一时间报告）", StringComparison.Ordinal));
        Assert.Contains("zhiban", late, StringComparison.Ordinal);
        Assert.Contains("第一时间报告：超时 35", late, StringComparison.Ordinal);
        Assert.DoesNotContain(await op.Locator("tr.late").AllInnerTextsAsync(), row => row.StartsWith("发出告警", StringComparison.Ordinal));
        var pdf = await op.Context.APIRequest.GetAsync($"/evaluation/{incident}?handler=Download&format=pdf");
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..5]), StringComparison.Ordinal);
        var docx = await op.Context.APIRequest.GetAsync($"/evaluation/{incident}?handler=Download&format=docx");
        Assert.Equal(200, docx.Status);
        Assert.Contains(".docx", docx.Headers["content-disposition"], StringComparison.Ordinal);
        await op.GotoAsync("/evaluation/sitting");
        Assert.Contains("总结评估", await op.InnerTextAsync("h1"), StringComparison.Ordinal);

        await op.GotoAsync($"/presslines/{incident}");
        await op.FillAsync("#interview-form input[name=outlet]", "法治日报");
        await op.FillAsync("#interview-form input[name=reporter]", "王记者");
        await op.FillAsync("#interview-form input[name=request]", "了解泄题传言核查情况");
        await op.FillAsync("#interview-form input[name=decision]", "书面答复，以通稿为准");
        await op.ClickAsync("#interview-form button");
        Assert.Contains("法治日报", await op.InnerTextAsync("table.interviews"), StringComparison.Ordinal);
        Assert.Single(await console.Get<IPressLineStore>().ListInterviewsAsync(incident, 10, CancellationToken.None), m => m is { Outlet: "法治日报", By: "bangong显示（bangong）" });

        var cp = await browser.Browser.SignInAsync(console.Address, "yanpan", commentator);
        Assert.Equal(403, (await cp.GotoAsync($"/evaluation/{incident}"))!.Status);
    }

    [Fact]
    public async Task DrillConsole_EveryPageCarriesTheDrillMarker()
    {
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?> { ["Exercise:Marker"] = "【演练】" });
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, _, _) = await console.SeedAsync("网传泄题", IncidentLevel.I, Labels.Leak);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);

        foreach (var path in new[] { "/", $"/incident/{incident}", "/search" })
        {
            await page.GotoAsync(path);
            Assert.Contains("【演练】", await page.InnerTextAsync("#exercise-banner"), StringComparison.Ordinal);
            Assert.StartsWith("【演练】", await page.TitleAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RealConsole_HasNoDrillMarker()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("lingdao", Roles.Leader);
        var page = await browser.Browser.SignInAsync(console.Address, "lingdao", password);

        await page.GotoAsync("/");
        Assert.Equal(0, await page.Locator("#exercise-banner").CountAsync());
        // The leader reads the queue and reaches reports, press lines and evaluation from the menu.
        Assert.Equal(["研判队列", "证据移交", "采集状态", "检索", "报告", "口径与通稿", "总结评估"], await page.Locator("header nav a").AllInnerTextsAsync());
        await page.ClickAsync("header nav a:text('口径与通稿')");
        Assert.Equal("口径与通稿", await page.InnerTextAsync("main h1"));
        Assert.Contains("暂无送审或已审定的文稿", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.ClickAsync("header nav a:text('总结评估')");
        Assert.Contains("总结评估", await page.InnerTextAsync("main h1"), StringComparison.Ordinal);
    }

    private static async Task<IAPIResponse> PostAsync(IPage page, string url, long version)
    {
        var token = await page.Locator("input[name=__af]").First.InputValueAsync();
        var form = page.APIRequest.CreateFormData();
        form.Set("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form.Set("__af", token);
        return await page.APIRequest.PostAsync(url, new APIRequestContextOptions { Form = form });
    }
}
