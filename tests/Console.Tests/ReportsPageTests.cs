using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

/// <summary>报告 pages (issue 17) in Chromium: the office generates, previews (footnotes with their sources on hover), edits and downloads; other roles are refused server-side; every step is audited.</summary>
public sealed class ReportsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>The harness's seeding clock (its posts are stored from here on, a minute apart).</summary>
    private static readonly DateTimeOffset HarnessT0 = new(2024, 9, 14, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Office_GeneratesPreviewsEditsAndDownloads_EachStepAudited()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("bangong", Roles.Office);
        var (incident, _, post) = await console.SeedAsync("出售今年卷一答案 <script>alert(1)</script> 加QQ 12345678", IncidentLevel.II);
        var page = await browser.Browser.SignInAsync(console.Address, "bangong", password);

        await page.GotoAsync($"/reports?incident={incident}");
        await page.SelectOptionAsync("select[name=kind]", ReportKinds.Flash);
        await page.ClickAsync("form.generate button");
        await page.WaitForURLAsync(u => u.Contains("/reports/", StringComparison.Ordinal));
        var id = long.Parse(page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains("法考网络舆情快报", await page.InnerTextAsync("article.report"), StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", await page.InnerTextAsync("article.report"), StringComparison.Ordinal);
        var hover = await page.GetAttributeAsync("article.report sup a", "title");
        Assert.Contains($"帖子 #{post}", hover, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("p.error").CountAsync()); // no dangling source

        var last = page.Locator("form.edit textarea").Last;
        await last.FillAsync(await last.InputValueAsync() + "\n\n已有500名考生受骗。");
        await page.ClickAsync("form.edit button");
        await page.WaitForURLAsync($"**/reports/{id}");
        Assert.Contains("【无来源】", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        Assert.Contains("已有500名考生受骗。【无来源】", await page.InnerTextAsync(".unsupported"), StringComparison.Ordinal);
        Assert.Equal(2, (await console.Get<IReportStore>().GetAsync(id, CancellationToken.None))!.Version);

        var pdf = await page.Context.APIRequest.GetAsync($"/reports/{id}?handler=Download&format=pdf");
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..5]), StringComparison.Ordinal);
        var docx = await page.Context.APIRequest.GetAsync($"/reports/{id}?handler=Download&format=docx&version=1");
        Assert.Equal(200, docx.Status);
        Assert.Contains("report-" + id + "-v1.docx", docx.Headers["content-disposition"], StringComparison.Ordinal);

        // 报送: the office marks the report sent; the incident's log (the evaluation's 报告报送 step) says who and how.
        await page.GotoAsync($"/reports/{id}");
        await page.FillAsync("form input[name=how]", "机要传真");
        await page.ClickAsync("text=标记已报送");
        await page.WaitForURLAsync($"**/reports/{id}");
        Assert.Contains("已记录报送", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        var sent = Assert.Single(await console.Get<IIncidentActionStore>().GetActionsAsync(incident, CancellationToken.None), a => a.Action == IncidentActionKinds.ReportSent);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.Detail);
        Assert.Contains("机要传真", sent.Reason, StringComparison.Ordinal);
        Assert.StartsWith("bangong", sent.By, StringComparison.Ordinal);

        var audit = await console.AuditAsync();
        foreach (var action in new[] { "report_generate", "report_view", "report_edit", "report_download", "report_sent" })
        {
            Assert.Contains(audit, e => e.Actor == "bangong" && e.Action == action && e.Target == $"report:{id}" && e.Outcome == "ok");
        }
    }

    [Fact]
    public async Task Commentator_IsRefusedReports_AndTheRefusalIsAudited()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var office = await console.AddUserAsync("bangong", Roles.Office);
        var commentator = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, _, _) = await console.SeedAsync("卖答案", IncidentLevel.III);
        var officePage = await browser.Browser.SignInAsync(console.Address, "bangong", office);
        await officePage.GotoAsync($"/reports?incident={incident}");
        await officePage.ClickAsync("form.generate button");
        await officePage.WaitForURLAsync(u => u.Contains("/reports/", StringComparison.Ordinal));
        var reportUrl = new Uri(officePage.Url).AbsolutePath;

        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", commentator);
        Assert.Equal(403, (await page.GotoAsync("/reports"))!.Status);
        Assert.Equal(403, (await page.GotoAsync(reportUrl))!.Status);
        Assert.Equal(403, (await page.Context.APIRequest.GetAsync(reportUrl + "?handler=Download&format=pdf")).Status);
        Assert.Equal(0, await page.Locator("nav a[href='/reports']").CountAsync());
        Assert.Single(await console.Get<IReportStore>().ListAsync(null, 10, CancellationToken.None));

        // A draft-only handler asked for by a role that may read reports but not draft them is refused and audited.
        var settings = new Dictionary<string, string?>();
        foreach (var (permission, roles) in Permissions.DefaultTable)
        {
            var list = permission == Permissions.ReportsDraft ? roles.Where(r => r != Roles.Office).ToArray() : roles;
            for (var i = 0; i < list.Length; i++)
            {
                settings[$"Console:Permissions:{permission}:{i}"] = list[i];
            }
        }

        await using var readOnly = await ConsoleHarness.StartAsync(settings);
        var reader = await readOnly.AddUserAsync("bangong2", Roles.Office);
        var (other, _, _) = await readOnly.SeedAsync("卖答案", IncidentLevel.III);
        var readerPage = await browser.Browser.SignInAsync(readOnly.Address, "bangong2", reader);
        await readerPage.GotoAsync($"/reports?incident={other}");
        Assert.Equal(0, await readerPage.Locator("form.generate").CountAsync());
        var token = await readerPage.Locator("form.who input[name=__af]").First.InputValueAsync();
        var form = readerPage.Context.APIRequest.CreateFormData().Set("kind", "flash").Set("incident", other.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("__af", token);
        var response = await readerPage.Context.APIRequest.PostAsync("/reports?handler=Generate", new() { Form = form });
        Assert.Equal(403, response.Status);
        Assert.Contains(await readOnly.AuditAsync(), e => e is { Actor: "bangong2", Action: "denied", Outcome: "refused" } && e.Detail.Contains(Permissions.ReportsDraft, StringComparison.Ordinal));
        Assert.Empty(await readOnly.Get<IReportStore>().ListAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Weekly_BeyondTheIncidentCap_FootnoteOpensTheRestAsAList_Audited()
    {
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?> { ["Office:Reports:MaxIncidentRefs"] = "1" });
        var password = await console.AddUserAsync("bangong", Roles.Office);
        var (first, _, _) = await console.SeedAsync("出售卷一答案", IncidentLevel.II);
        var (second, _, _) = await console.SeedAsync("网传考试延期", IncidentLevel.III, SentimentWatch.Core.Classification.Labels.Rumour);
        var from = HarnessT0.AddDays(-1);
        var (report, _) = await console.Get<SentimentWatch.Office.Reports.ReportService>().GenerateAsync(ReportKinds.Weekly, null, from, from.AddDays(7), "bangong", CancellationToken.None);
        var page = await browser.Browser.SignInAsync(console.Address, "bangong", password);

        await page.GotoAsync($"/reports/{report.Id}");
        var rest = page.Locator("ol.footnotes a", new() { HasText = "及其余 1 起" }).First;
        await rest.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("handler=Incidents", StringComparison.Ordinal));
        var list = await page.InnerTextAsync("section.incident-list");
        Assert.Contains("事件清单（2 起）", list, StringComparison.Ordinal);
        Assert.Contains($"#{first}", list, StringComparison.Ordinal);
        Assert.Contains($"#{second}", list, StringComparison.Ordinal);
        Assert.Contains(await console.AuditAsync(), e => e is { Actor: "bangong", Action: "report_incident_list", Outcome: "ok" } && e.Detail.StartsWith("2 incidents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwReportsGenerate_WritesThePdfAndStoresTheReport_CheckFindsNoDanglingSource()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var (incident, _, _) = await console.SeedAsync("出售今年卷一答案 加QQ 12345678", IncidentLevel.II);
        var pdf = Path.Combine(console.Directory, "kuaibao.pdf");

        var (exit, output, error) = await console.SwAsync("reports", "generate", "--kind", "flash", "--incident", incident.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", pdf, "--by", "office1");

        Assert.True(exit == 0, output + error);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf)[..5]), StringComparison.Ordinal);
        var report = Assert.Single(await console.Get<IReportStore>().ListAsync(incident, 10, CancellationToken.None));
        Assert.Equal(("flash", "office1", 1), (report.Kind, report.CreatedBy, report.Number));
        var check = await console.SwAsync("reports", "check", report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(check.Exit == 0, check.Out + check.Err);
        Assert.Contains("0 dangling", check.Out, StringComparison.Ordinal);
        var bad = await console.SwAsync("reports", "generate", "--kind", "monthly", "--incident", "1", "--out", pdf);
        Assert.Equal(2, bad.Exit);

        // A press line's facts go through the same check; the list a period report cites re-opens from the command line.
        var line = await console.Get<SentimentWatch.Office.PressLines.PressLineDesk>().DraftAsync(incident, "line", null, "office1", "办公室", CancellationToken.None);
        var lineCheck = await console.SwAsync("reports", "check", "--pressline", line.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(lineCheck.Exit == 0, lineCheck.Out + lineCheck.Err);
        Assert.Contains($"press line {line.Id}: ", lineCheck.Out, StringComparison.Ordinal);
        Assert.Contains(" 0 dangling", lineCheck.Out, StringComparison.Ordinal);
        var listed = await console.SwAsync("reports", "incidents", $"incidents {SentimentWatch.Office.Facts.Refs.Iso(HarnessT0.AddDays(-1))} {SentimentWatch.Office.Facts.Refs.Iso(HarnessT0.AddDays(6))} level=3");
        Assert.True(listed.Exit == 0, listed.Out + listed.Err);
        Assert.Contains("1 incidents", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"{incident,7} Ⅱ级", listed.Out, StringComparison.Ordinal);
    }
}
