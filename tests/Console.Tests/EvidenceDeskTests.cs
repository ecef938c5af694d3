using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class EvidenceDeskTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PoliceLiaison_SeesOnlySharedPackets_DownloadsTheExport_AndRecordsTheHandoverInTheCustodyLog()
    {
        await using var site = await PageSite.StartAsync();
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Evidence:Screenshots:Enabled"] = "false",
            ["Evidence:FetchTimeout"] = "00:00:05",
            ["Evidence:RetryDelay"] = "00:00:00",
        });
        var leader = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var police = await console.AddUserAsync("jingcha", Roles.PoliceLiaison);
        var (shared, _, _) = await console.SeedAsync("出售法考答案 加QQ", IncidentLevel.II);
        var (other, _, _) = await console.SeedAsync("另一事件 泄题", IncidentLevel.III);
        var freezer = console.Get<IEvidenceFreezer>();
        var evidence = console.Get<IEvidenceStore>();
        var packet = await freezer.FreezeUrlAsync(new Uri(site.Address, "post/1"), null, "值班员", CancellationToken.None);
        var hidden = await freezer.FreezeUrlAsync(new Uri(site.Address, "post/2"), null, "值班员", CancellationToken.None);
        await evidence.LinkIncidentAsync(packet.EvidenceId, shared.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        await evidence.LinkIncidentAsync(hidden.EvidenceId, other.ToString(CultureInfo.InvariantCulture), CancellationToken.None);

        var leaderPage = await browser.Browser.SignInAsync(console.Address, "banzhang", leader);
        await leaderPage.GotoAsync($"/incident/{shared}");
        await leaderPage.ClickAsync("form[action*='handler=Share'] button");

        var page = await browser.Browser.SignInAsync(console.Address, "jingcha", police);
        await page.GotoAsync("/evidence");
        Assert.Equal(1, await page.Locator($"a[href='/evidence?packet={packet.EvidenceId}']").CountAsync());
        Assert.Equal(0, await page.Locator($"a[href='/evidence?packet={hidden.EvidenceId}']").CountAsync());
        Assert.Equal(404, (await page.GotoAsync($"/evidence?packet={hidden.EvidenceId}"))!.Status);

        await page.GotoAsync($"/evidence?packet={packet.EvidenceId}");
        Assert.Contains("校验结果", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("form[action*='handler=Export'] button"));
        var zip = Path.Combine(console.Directory, "export.zip");
        await download.SaveAsAsync(zip);
        Assert.True(new FileInfo(zip).Length > 1000);

        await page.FillAsync("form[action*='handler=Handover'] input[name=to]", "市公安局网安支队 张某");
        await page.FillAsync("form[action*='handler=Handover'] input[name=how]", "当面移交U盘");
        await page.ClickAsync("form[action*='handler=Handover'] button");

        Assert.Contains("已记录移交", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Path.Combine(packet.PacketPath, "custody", "custody-continuation.log"));
        Assert.Contains($"\tHANDED_OVER\t{packet.EvidenceId}\t", log, StringComparison.Ordinal);
        Assert.EndsWith("\thanded over to 市公安局网安支队 张某 (当面移交U盘)\n", log, StringComparison.Ordinal);
        var audit = await console.AuditAsync();
        Assert.Contains(audit, e => e is { Actor: "jingcha", Action: "export", Outcome: "ok" });
        Assert.Contains(audit, e => e is { Actor: "jingcha", Action: "handover", Outcome: "ok" });
        Assert.Contains(audit, e => e is { Actor: "jingcha", Action: "view_evidence" } && e.Target == "packet:" + packet.EvidenceId);
    }

    /// <summary>A loopback site with two plain pages to freeze.</summary>
    private sealed class PageSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private PageSite(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<PageSite> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/post/{n}", (string n) => Results.Content(
                $"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>帖子 {n}</title></head><body><h1>出售法考答案</h1><p>加QQ 12345678，第 {n} 帖。</p></body></html>",
                "text/html; charset=utf-8"));
            await app.StartAsync();
            return new PageSite(app, new Uri(app.Urls.First() + "/"));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
