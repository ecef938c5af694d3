using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Core.Alerting;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;
using SentimentWatch.Host.Cli;
using SentimentWatch.Storage;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class SecurityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Hostile = "<script>alert('script')</script> <img src=x onerror=alert('img')> <a href=\"javascript:alert('link')\">点我领答案</a> \u202Eevil\u202C <svg onload=alert('svg')>";

    [Fact]
    public async Task HostilePostTextAndAuthor_RenderInertAndReadable_NoDialogFires()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, _, post) = await console.SeedAsync(Hostile, IncidentLevel.II, author: "<img src=x onerror=alert('author')>", title: "<script>alert('title')</script>",
            url: new Uri("javascript:alert('url')"));
        var (big, _, _) = await console.SeedAsync("开头 " + new string('答', 1024 * 1024) + " 结尾", IncidentLevel.III);
        var dialogs = new List<string>();

        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password, dialogs);
        var row = page.Locator("#queue > li.row").Filter(new LocatorFilterOptions { HasText = "<script>alert('title')</script>" });
        Assert.Contains("<img src=x onerror=alert('img')>", await row.Locator("p.text").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/incident/{incident}");
        Assert.Contains("<img src=x onerror=alert('author')>", await page.Locator("span.author").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("\u202Eevil", await page.Locator("article.post p.text").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/incident/{incident}/post/{post}");
        await page.GotoAsync($"/incident/{big}");
        Assert.Contains("全文（", await page.Locator("article.post summary").First.InnerTextAsync(), StringComparison.Ordinal);

        Assert.Empty(dialogs);
        foreach (var url in new[] { "/", $"/incident/{incident}", $"/incident/{incident}/post/{post}" })
        {
            await page.GotoAsync(url);
            Assert.Equal(0, await page.Locator("main img, main script, main iframe, main [onerror], main [onload]").CountAsync());
            Assert.Equal(0, await page.Locator("a[href^='javascript:' i]").CountAsync());
        }

        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Responses_CarryCspWithoutInlineScript_FrameDenial_NoSniff_NoReferrer()
    {
        await using var console = await ConsoleHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = console.Address };

        using var response = await http.GetAsync("/login");

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task PostWithoutAntiforgery_OrWithAnotherUsersToken_IsRefusedAndAudited()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var a = await console.AddUserAsync("jia", Roles.Commentator);
        var b = await console.AddUserAsync("yi", Roles.Commentator);
        var (_, alert, _) = await console.SeedAsync("出售答案 加微信", IncidentLevel.III);
        var pageA = await browser.Browser.SignInAsync(console.Address, "jia", a);
        var pageB = await browser.Browser.SignInAsync(console.Address, "yi", b);
        var tokenOfA = await pageA.Locator("form[data-key=c] input[name=__af]").First.InputValueAsync();

        var bare = await pageB.APIRequest.PostAsync("/?handler=Confirm", new APIRequestContextOptions { Form = Form(pageB, ("alert", alert.ToString())) });
        var stolen = await pageB.APIRequest.PostAsync("/?handler=Confirm", new APIRequestContextOptions { Form = Form(pageB, ("alert", alert.ToString()), ("__af", tokenOfA)) });

        Assert.Equal(400, bare.Status);
        Assert.Equal(400, stolen.Status);
        Assert.Equal("open", (await console.Get<IAlertStore>().GetAlertAsync(alert, CancellationToken.None))!.State);
        Assert.Equal(2, (await console.AuditAsync()).Count(e => e is { Action: "antiforgery", Outcome: "refused", Actor: "yi" }));
    }

    [Fact]
    public async Task RoleWithoutTheRight_IsRefusedAndAudited_PoliceSeesOnlySharedIncidents()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var office = await console.AddUserAsync("bangong", Roles.Office);
        var police = await console.AddUserAsync("jingcha", Roles.PoliceLiaison);
        var leader = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var (incident, alert, _) = await console.SeedAsync("出售答案 加微信", IncidentLevel.III);
        var (other, _, _) = await console.SeedAsync("另一事件 泄题", IncidentLevel.II);

        var officePage = await browser.Browser.SignInAsync(console.Address, "bangong", office);
        var response = await officePage.RunAndWaitForResponseAsync(
            () => officePage.Locator($"li.row[data-id='{alert}'] form[data-key=c] button").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(403, response.Status);
        Assert.Equal("open", (await console.Get<IAlertStore>().GetAlertAsync(alert, CancellationToken.None))!.State);

        var policePage = await browser.Browser.SignInAsync(console.Address, "jingcha", police);
        Assert.Equal(403, (await policePage.GotoAsync("/"))!.Status);
        Assert.Equal(404, (await policePage.GotoAsync($"/incident/{incident}"))!.Status);

        var leaderPage = await browser.Browser.SignInAsync(console.Address, "banzhang", leader);
        await leaderPage.GotoAsync($"/incident/{incident}");
        await leaderPage.ClickAsync("form[action*='handler=Share'] button");
        Assert.Equal(200, (await policePage.GotoAsync($"/incident/{incident}"))!.Status);
        Assert.Equal(404, (await policePage.GotoAsync($"/incident/{other}"))!.Status);

        var audit = await console.AuditAsync();
        Assert.Contains(audit, e => e is { Actor: "bangong", Action: "denied", Outcome: "refused" } && e.Detail.Contains(Permissions.Triage, StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Actor: "jingcha", Action: "denied", Outcome: "refused" });
        Assert.Contains(audit, e => e is { Actor: "banzhang", Action: "share_police" });
    }

    [Fact]
    public async Task WrongPasswords_LockTheAccountAfterTheConfiguredCount()
    {
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?> { ["Console:MaxFailedLogins"] = "3" });
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.Address.AbsoluteUri });
        var page = await context.NewPageAsync();

        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(page, "yanpan", "wrong-password-" + i);
        }

        await LoginAsync(page, "yanpan", password);

        Assert.Contains("已锁定", await page.InnerTextAsync("p.error"), StringComparison.Ordinal);
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
        var audit = await console.AuditAsync();
        Assert.Equal(4, audit.Count(e => e is { Action: "login", Outcome: "failed", Target: "yanpan" }));
        Assert.Equal("locked", audit.First(e => e.Action == "login").Detail);
    }

    [Fact]
    public async Task DisabledAccount_OpenSessionStopsAtItsNextRequest()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        Assert.Equal(200, (await page.GotoAsync("/"))!.Status);

        var disable = await console.SwAsync("users", "disable", "yanpan");
        Assert.True(disable.Exit == 0, disable.Err);
        await page.GotoAsync("/");

        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        Assert.Contains(await console.AuditAsync(), e => e is { Action: "session_end", Actor: "yanpan", Detail: "account disabled" });
    }

    [Fact]
    public async Task UnknownIds_Give404WithoutStackTrace()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var page = await browser.Browser.SignInAsync(console.Address, "banzhang", password);

        foreach (var url in new[] { "/incident/987654", "/incident/987654/post/1", "/incident/abc", "/no-such-page", "/static/nothing.js" })
        {
            var response = await page.GotoAsync(url);
            Assert.Equal(404, response!.Status);
            var body = await page.ContentAsync();
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        }

        var post = await page.APIRequest.PostAsync("/incident/987654?handler=Close", new APIRequestContextOptions
        {
            Form = Form(page, ("reason", "x"), ("__af", await TokenAsync(page))),
        });
        Assert.Equal(404, post.Status);
    }

    [Fact]
    public async Task TamperedAuditLog_FailsVerifyNamingTheFirstBadLine()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var log = console.Get<IAuditLog>();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync("jia", "127.0.0.1", "ack", "alert:" + i, "ok", "", CancellationToken.None);
        }

        var sound = await console.SwAsync("audit", "verify");
        Assert.True(sound.Exit == 0, sound.Out + sound.Err);
        Assert.Contains("5 line(s)", sound.Out, StringComparison.Ordinal);

        var db = console.Get<SqliteDatabase>();
        await ExecAsync(db, "DROP TRIGGER console_audit_no_update; UPDATE console_audit SET actor = 'yi' WHERE seq = 3");
        var changed = await console.SwAsync("audit", "verify");
        Assert.Equal(1, changed.Exit);
        Assert.Contains("BROKEN at line 3", changed.Out, StringComparison.Ordinal);

        await ExecAsync(db, "UPDATE console_audit SET actor = 'jia' WHERE seq = 3; DROP TRIGGER console_audit_no_delete; DELETE FROM console_audit WHERE seq = 2");
        var removed = await console.SwAsync("audit", "verify");
        Assert.Equal(1, removed.Exit);
        Assert.Contains("BROKEN at line 3", removed.Out, StringComparison.Ordinal);
        Assert.Contains("line 2 is missing", removed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_RefusesUpdateAndDeleteInTheStore()
    {
        await using var console = await ConsoleHarness.StartAsync();
        await console.Get<IAuditLog>().AppendAsync("jia", "127.0.0.1", "login", "jia", "ok", "", CancellationToken.None);
        var db = console.Get<SqliteDatabase>();

        await Assert.ThrowsAsync<SqliteException>(() => ExecAsync(db, "UPDATE console_audit SET actor = 'yi'"));
        await Assert.ThrowsAsync<SqliteException>(() => ExecAsync(db, "DELETE FROM console_audit"));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8790", null, "Console:Listen 'http://0.0.0.0:8790' is beyond loopback over plain HTTP")]
    [InlineData("https://0.0.0.0:8790", null, "Console:Https:CertificatePath '' is required for an https address")]
    [InlineData("http://0.0.0.0:8790", "true", null)]
    [InlineData("http://127.0.0.1:8790", null, null)]
    public void ListenBeyondLoopback_NeedsHttpsOrExplicitAllowHttp(string listen, string? allowHttp, string? problem)
    {
        var builder = SwHost.CreateBuilder(Path.Combine(ConsoleHarness.RepoRoot, "config"), new Dictionary<string, string?>
        {
            ["Console:Listen"] = listen,
            ["Console:AllowHttp"] = allowHttp,
            ["Paths:Models"] = Path.Combine(ConsoleHarness.RepoRoot, "models"),
            ["Crawler:Profiles"] = Path.Combine(ConsoleHarness.RepoRoot, "config", "profiles"),
        });
        using var host = builder.Build();

        var problems = SwHost.Validate(host.Services).Where(p => p.StartsWith("Console:", StringComparison.Ordinal)).ToList();

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        }
    }

    private static async Task LoginAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.Method == "POST");
    }

    private static async Task<string> TokenAsync(IPage page)
    {
        await page.GotoAsync("/");
        return await page.Locator("input[name=__af]").First.InputValueAsync();
    }

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private static async Task ExecAsync(SqliteDatabase db, string sql)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
