using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed partial class AccountsAndDemoTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// <c>sw users</c> on the store of a worker built as <c>sw run</c> builds it: no account exists until one is added; the
    /// generated password is printed once and signs in; <c>list</c> shows name, role and state; <c>reset-password</c> ends
    /// the open session at its next request and only the new password signs in; an unknown role is refused.
    /// </summary>
    [Fact]
    public async Task SwUsers_NoDefaultAccounts_AddListResetPassword_ResetEndsTheOpenSession()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var empty = await console.SwAsync("users", "list");
        Assert.Equal(0, empty.Exit);
        Assert.Equal(string.Empty, empty.Out.Trim());

        var add = await console.SwAsync("users", "add", "zhangsan", "--role", Roles.Commentator, "--display-name", "张三");
        Assert.True(add.Exit == 0, add.Err);
        var password = PasswordLine().Match(add.Out).Groups[1].Value;
        Assert.True(password.Length >= 10, add.Out);
        var refused = await console.SwAsync("users", "add", "lisi", "--role", "厨师");
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("厨师", refused.Err, StringComparison.Ordinal);
        var list = await console.SwAsync("users", "list");
        var line = Assert.Single(list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($"^zhangsan\\s+张三\\s+{Roles.Commentator}\\s+", line);

        var page = await browser.Browser.SignInAsync(console.Address, "zhangsan", password);
        Assert.Equal(200, (await page.GotoAsync("/"))!.Status);
        var reset = await console.SwAsync("users", "reset-password", "zhangsan");
        Assert.True(reset.Exit == 0, reset.Err);
        var newPassword = PasswordLine().Match(reset.Out).Groups[1].Value;
        Assert.NotEqual(password, newPassword);

        await page.GotoAsync("/");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var stale = await (await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = console.Address.AbsoluteUri })).NewPageAsync();
        await stale.GotoAsync("/login");
        await stale.FillAsync("input[name=name]", "zhangsan");
        await stale.FillAsync("input[name=password]", password);
        await stale.ClickAsync("button[type=submit]");
        await stale.Locator("p.error").WaitForAsync();
        Assert.EndsWith("/login", new Uri(stale.Url).AbsolutePath, StringComparison.Ordinal);
        var again = await browser.Browser.SignInAsync(console.Address, "zhangsan", newPassword);
        Assert.Equal(200, (await again.GotoAsync("/"))!.Status);
        Assert.Contains(await console.AuditAsync(), e => e is { Actor: "zhangsan", Action: "session_end" });
    }

    /// <summary>
    /// A session idle for longer than <c>Console:IdleTimeout</c> ends at its next request; one that is used keeps going
    /// (sliding). The worker's clock is moved instead of waiting half an hour.
    /// </summary>
    [Fact]
    public async Task Session_IdleLongerThanTheTimeout_EndsAtTheNextRequest_UsedOneSlides()
    {
        var clock = new MovableTime();
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?> { ["Console:IdleTimeout"] = "00:30:00" }, clock);
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);

        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(200, (await page.GotoAsync("/sources"))!.Status);
        Assert.EndsWith("/sources", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(20));
        await page.GotoAsync("/sources");
        Assert.EndsWith("/sources", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(31));
        await page.GotoAsync("/sources");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>./sw demo</c>, run for real in a scratch directory: it prints the console URL and one password per role, and
    /// each role signs in and does its work on the scenario's incidents — the commentator confirms an incident alert in
    /// the open queue, the duty leader shares an incident with the police, the liaison sees that incident and the evidence desk
    /// but not the queue, the office and the leaders' group open their pages, the admin reads everyone's logins in the
    /// audit log with the chain intact.
    /// </summary>
    [Fact]
    public async Task SwDemo_PrintsTheUrlAndAPasswordPerRole_EachRoleDoesItsWorkOnTheScenario()
    {
        var dir = Directory.CreateTempSubdirectory("sw-console-demo-").FullName;
        CopyDirectory(Path.Combine(ConsoleHarness.RepoRoot, "config"), Path.Combine(dir, "config"));
        foreach (var link in new[] { "models", "scenarios" })
        {
            Directory.CreateSymbolicLink(Path.Combine(dir, link), Path.Combine(ConsoleHarness.RepoRoot, link));
        }

        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sw.dll"), "demo", "--speed", "120", "--linger", "900", "--demo-config", Path.Combine("config", "demo") })
        {
            info.ArgumentList.Add(a);
        }

        using var demo = Process.Start(info)!;
        var output = new StringBuilder();
        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Seen(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
                // The accounts are printed before the worker starts; its log says when the console listens.
                var sofar = output.ToString();
                if (AccountLine().Matches(sofar).Count == Roles.All.Count && sofar.Contains("Duty console listening on", StringComparison.Ordinal))
                {
                    printed.TrySetResult();
                }
            }
        }

        demo.OutputDataReceived += (_, e) => Seen(e.Data);
        demo.ErrorDataReceived += (_, e) => Seen(e.Data);
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        try
        {
            await printed.Task.WaitAsync(TimeSpan.FromMinutes(3));
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            var url = new Uri(ConsoleUrl().Match(text).Groups[1].Value);
            Assert.True(url.IsLoopback, url.ToString());
            var accounts = AccountLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => (Name: m.Groups[2].Value, Password: m.Groups[3].Value));
            Assert.Equal(Roles.All.Order(StringComparer.Ordinal), accounts.Keys.Order(StringComparer.Ordinal));

            // 研判员: the scenario's incident alerts arrive in the open queue (it refreshes itself); one is confirmed.
            var commentator = await browser.Browser.SignInAsync(url, accounts[Roles.Commentator].Name, accounts[Roles.Commentator].Password);
            var row = commentator.Locator("#queue > li.row[data-href^='/incident/']:has(form[data-key='c'])").First;
            await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 300_000 });
            // Both read from one element at once: the live refresh may swap the rows between two reads.
            var picked = await row.EvaluateAsync<string[]>("r => [r.getAttribute('data-id'), r.getAttribute('data-href')]");
            var (top, incidentHref) = (picked[0], picked[1]);
            Assert.StartsWith("/incident/", incidentHref, StringComparison.Ordinal);
            await commentator.Locator($"#queue > li.row[data-id='{top}'] form[data-key='c'] button").ClickAsync();
            await commentator.Locator($"#queue > li.row[data-id='{top}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

            // 值班长: shares an incident with the police.
            var leader = await browser.Browser.SignInAsync(url, accounts[Roles.DutyLeader].Name, accounts[Roles.DutyLeader].Password);
            Assert.Equal(200, (await leader.GotoAsync(incidentHref))!.Status);
            await leader.ClickAsync("form[action*='handler=Share'] button");

            // 公安联络员: that incident and the evidence desk, not the queue.
            var police = await browser.Browser.SignInAsync(url, accounts[Roles.PoliceLiaison].Name, accounts[Roles.PoliceLiaison].Password);
            Assert.Equal(403, (await police.GotoAsync("/"))!.Status);
            Assert.Equal(200, (await police.GotoAsync(incidentHref))!.Status);
            Assert.Equal(200, (await police.GotoAsync("/evidence"))!.Status);

            // 办公室 and 领导: their pages.
            var office = await browser.Browser.SignInAsync(url, accounts[Roles.Office].Name, accounts[Roles.Office].Password);
            Assert.Equal(200, (await office.GotoAsync("/reports"))!.Status);
            var leaders = await browser.Browser.SignInAsync(url, accounts[Roles.Leader].Name, accounts[Roles.Leader].Password);
            Assert.Equal(200, (await leaders.GotoAsync("/presslines"))!.Status);

            // 管理员: everyone's sign-in and the commentator's confirmation in the audit log, the chain intact.
            var admin = await browser.Browser.SignInAsync(url, accounts[Roles.Admin].Name, accounts[Roles.Admin].Password);
            Assert.Equal(200, (await admin.GotoAsync("/audit"))!.Status);
            var audit = await admin.InnerTextAsync("main");
            foreach (var (_, (name, _)) in accounts)
            {
                Assert.Contains(name, audit, StringComparison.Ordinal);
            }

            Assert.Contains("confirm", audit, StringComparison.Ordinal);
            Assert.Contains("alert:" + top, audit, StringComparison.Ordinal);
            Assert.Contains("share_police", audit, StringComparison.Ordinal);
            Assert.StartsWith("哈希链完整", await admin.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        }
        finally
        {
            demo.Kill(entireProcessTree: true);
            await demo.WaitForExitAsync();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A scratch directory left behind is harmless.
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"password: (\S+)")]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"Duty console: (http://\S+/)")]
    private static partial Regex ConsoleUrl();

    [GeneratedRegex(@"^  (\S+)\s+(\S+)\s+password (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AccountLine();

    /// <summary>The system clock moved forward on demand.</summary>
    private sealed class MovableTime : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
