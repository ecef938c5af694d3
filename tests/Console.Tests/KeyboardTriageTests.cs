using System.Diagnostics;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;
using Xunit.Abstractions;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class KeyboardTriageTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// A scripted commentator works through the queue with the keyboard only: confirm (c) for answer selling, false
    /// positive (f) for the rest. Reports time and keystrokes per alert.
    /// </summary>
    [Fact]
    public async Task ScriptedCommentator_WorksThroughTheQueueByKeyboard()
    {
        const int Alerts = 20;
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var seeded = new List<(long Alert, bool Harmful)>();
        for (var i = 0; i < Alerts; i++)
        {
            var harmful = i % 3 != 0;
            var (_, alert, _) = await console.SeedAsync(harmful ? $"出售法考答案{i} 加QQ" : $"法考复习资料分享{i}", IncidentLevel.III, harmful ? Labels.AnswerSelling : Labels.Rumour);
            seeded.Add((alert, harmful));
        }

        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        var keys = 0;
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < Alerts; done++)
        {
            var selected = page.Locator("#queue > li.row.sel");
            await selected.WaitForAsync();
            var id = long.Parse(await selected.GetAttributeAsync("data-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var harmful = seeded.Single(s => s.Alert == id).Harmful;
            // A mark on the old document: the next row is read only once a new document (without the mark) is in place.
            await page.EvaluateAsync("() => { window.swMark = 1; }");
            await page.Keyboard.PressAsync(harmful ? "c" : "f");
            await page.WaitForFunctionAsync("() => window.swMark === undefined && document.querySelector('#queue > li.row.sel, p.empty') !== null");
            keys++;
        }

        clock.Stop();
        output.WriteLine($"{Alerts} alerts triaged by keyboard in {clock.Elapsed.TotalSeconds:0.00} s: {clock.Elapsed.TotalMilliseconds / Alerts:0} ms and {(double)keys / Alerts:0.0} keystrokes per alert");
        Assert.Equal(0, await page.Locator("#queue > li.row").CountAsync());
        foreach (var (alert, _) in seeded)
        {
            Assert.Equal("acknowledged", (await console.Get<IAlertStore>().GetAlertAsync(alert, CancellationToken.None))!.State);
        }

        var feedback = await console.Get<IClassificationFeedbackStore>().GetAllAsync(CancellationToken.None);
        Assert.Equal(seeded.Count(s => s.Harmful), feedback.Count(f => f.Feedback.Decision == FeedbackDecisions.Confirmed));
        Assert.Equal(seeded.Count(s => !s.Harmful), feedback.Count(f => f.Feedback.Decision == FeedbackDecisions.FalsePositive));
    }

    [Fact]
    public async Task JAndK_MoveTheSelection_EnterOpensTheIncident()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (firstIncident, _, _) = await console.SeedAsync("第一条 出售答案", IncidentLevel.II);
        var (secondIncident, _, _) = await console.SeedAsync("第二条 出售答案", IncidentLevel.III);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        // The queue's script has selected the first row: the keys are handled from here on.
        await page.Locator("#queue > li.row.sel").WaitForAsync();

        await page.Keyboard.PressAsync("j");
        Assert.Contains("第二条", await page.InnerTextAsync("#queue > li.row.sel"), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("k");
        await page.WaitForFunctionAsync("() => document.querySelector('#queue > li.row.sel')?.textContent.includes('第一条')");
        await page.Keyboard.PressAsync("j");
        await page.WaitForFunctionAsync("() => document.querySelector('#queue > li.row.sel')?.textContent.includes('第二条')");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/incident/*");

        Assert.EndsWith($"/incident/{secondIncident}", page.Url, StringComparison.Ordinal);
        Assert.NotEqual(firstIncident, secondIncident);
    }

    [Fact]
    public async Task R_FocusesTheLabelList_EnterRelabels_AAssignsToMe()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (incident, alert, _) = await console.SeedAsync("今年法考卷二提前流出", IncidentLevel.II, Labels.Leak);
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password);
        await page.Locator("#queue > li.row.sel").WaitForAsync();

        await page.Keyboard.PressAsync("a");
        await page.WaitForFunctionAsync("() => document.querySelector('#queue > li.row.sel .assignee') !== null");
        await page.Keyboard.PressAsync("r");
        Assert.Equal("SELECT", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.SelectOptionAsync("#queue > li.row.sel select[name=label]", Labels.Rumour);
        await page.Keyboard.PressAsync("Enter");

        // The assignment above already left a flash message, so wait on the relabel's own effect: the alert's state.
        var alerts = console.Get<IAlertStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await alerts.GetAlertAsync(alert, CancellationToken.None))!.State != "acknowledged" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal("acknowledged", (await alerts.GetAlertAsync(alert, CancellationToken.None))!.State);
        var feedback = await console.Get<IClassificationFeedbackStore>().GetAllAsync(CancellationToken.None);
        Assert.Contains(feedback, f => f.Feedback is { Label: Labels.Rumour, Decision: FeedbackDecisions.Relabelled });
        var work = await console.Get<IIncidentWorkStore>().GetAsync(incident, CancellationToken.None);
        Assert.Contains(work, w => w is { Kind: IncidentWorkKinds.Assign, Value: "yanpan" });
    }
}
