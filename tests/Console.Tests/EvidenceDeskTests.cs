using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class EvidenceDeskTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// The evidence desk with real packets: frozen by the worker's freezer, time-stamped by a real openssl TSA, signed,
    /// exported as the zip the police take away. The liaison sees only what was shared with the police, the verify
    /// result, a zip whose packets pass <c>sha256sum -c</c> and their own VERIFY.sh, and a hand-over line in the custody
    /// log that is the line <c>sw evidence handover</c> writes.
    /// </summary>
    [ToolFact("openssl", "sha256sum")]
    public async Task PoliceLiaison_RealPacket_VerifiesDownloadsTheZipThatChecksAndRecordsTheHandoverAsTheCli()
    {
        await using var tsa = await OpenSslTsa.StartAsync();
        await using var site = await PageSite.StartAsync();
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Evidence:Screenshots:Enabled"] = "false",
            ["Evidence:FetchTimeout"] = "00:00:05",
            ["Evidence:RetryDelay"] = "00:00:00",
            ["Evidence:Tsa:0:Name"] = "test-tsa",
            ["Evidence:Tsa:0:Url"] = new Uri(tsa.BaseUri, "tsa").AbsoluteUri,
            ["Evidence:Tsa:0:TrustedRootPath"] = tsa.RootPem,
            ["Evidence:Tsa:0:ChainPath"] = tsa.ChainPem,
        });
        var leader = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var police = await console.AddUserAsync("jingcha", Roles.PoliceLiaison);
        var (shared, _, _) = await console.SeedAsync("出售法考答案 加QQ", IncidentLevel.II);
        var (other, _, _) = await console.SeedAsync("另一事件 泄题", IncidentLevel.III);
        var freezer = console.Get<IEvidenceFreezer>();
        var evidence = console.Get<IEvidenceStore>();
        var packet = await freezer.FreezeUrlAsync(new Uri(site.Address, "post/1"), null, "值班员", CancellationToken.None);
        var hidden = await freezer.FreezeUrlAsync(new Uri(site.Address, "post/2"), null, "值班员", CancellationToken.None);
        Assert.True(packet.Sound, string.Join("; ", packet.Problems));
        await evidence.LinkIncidentAsync(packet.EvidenceId, shared.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        await evidence.LinkIncidentAsync(hidden.EvidenceId, other.ToString(CultureInfo.InvariantCulture), CancellationToken.None);

        var leaderPage = await browser.Browser.SignInAsync(console.Address, "banzhang", leader);
        await leaderPage.GotoAsync($"/incident/{shared}");
        await leaderPage.ClickAsync("form[action*='handler=Share'] button");

        // The liaison: the shared incident and its packet only; the other incident and its packet do not exist for them.
        var page = await browser.Browser.SignInAsync(console.Address, "jingcha", police);
        Assert.Equal(200, (await page.GotoAsync($"/incident/{shared}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"/incident/{other}"))!.Status);
        await page.GotoAsync("/evidence");
        Assert.Equal(1, await page.Locator($"a[href='/evidence?packet={packet.EvidenceId}']").CountAsync());
        Assert.Equal(0, await page.Locator($"a[href='/evidence?packet={hidden.EvidenceId}']").CountAsync());
        Assert.Equal(404, (await page.GotoAsync($"/evidence?packet={hidden.EvidenceId}"))!.Status);

        // The verify result of the real packet: passed, its RFC 3161 stamp among the checks that passed, none failed.
        await page.GotoAsync($"/evidence?packet={packet.EvidenceId}");
        Assert.Equal("校验结果：通过", (await page.InnerTextAsync("main h2:has-text('校验结果')")).Trim());
        var outcomes = await page.Locator("main table").First.Locator("tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(outcomes);
        Assert.DoesNotContain("失败", outcomes);

        // The export zip: a zip whose packet passes sha256sum -c, and its own VERIFY.sh with the TSA's root.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("form[action*='handler=Export'] button"));
        var zip = Path.Combine(console.Directory, "export.zip");
        await download.SaveAsAsync(zip);
        Assert.Equal("PK\u0003\u0004", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(zip))[..4]));
        var unpacked = Path.Combine(console.Directory, "unpacked");
        System.IO.Compression.ZipFile.ExtractToDirectory(zip, unpacked);
        var inZip = Path.Combine(unpacked, packet.EvidenceId);
        var sums = Tools.Exec(inZip, "sha256sum", "--strict", "-c", "MANIFEST.sha256");
        Assert.True(sums.ExitCode == 0, sums.ToString());
        Assert.DoesNotContain("FAILED", sums.Output, StringComparison.Ordinal);
        var script = Tools.Exec(inZip, "/bin/sh", "VERIFY.sh", "certs/signer-root.pem", tsa.RootPem);
        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.False(Directory.Exists(Path.Combine(unpacked, hidden.EvidenceId)));

        // The hand-over: exactly one line more in the custody continuation, and it is the line the CLI writes.
        var continuation = Path.Combine(packet.PacketPath, "custody", "custody-continuation.log");
        var before = await File.ReadAllLinesAsync(continuation);
        await page.FillAsync("form[action*='handler=Handover'] input[name=to]", "市公安局网安支队 张某");
        await page.FillAsync("form[action*='handler=Handover'] input[name=how]", "当面移交U盘");
        await page.ClickAsync("form[action*='handler=Handover'] button");
        Assert.Contains("已记录移交", await page.InnerTextAsync("p.flash"), StringComparison.Ordinal);
        var after = await File.ReadAllLinesAsync(continuation);
        Assert.Equal(before, after[..before.Length]);
        var console1 = Assert.Single(after[before.Length..]).Split('\t');

        var cli = await console.SwAsync("evidence", "handover", packet.EvidenceId, "--to", "市公安局网安支队 张某 (当面移交U盘)", "--operator", "jingcha显示（jingcha）");
        Assert.True(cli.Exit == 0, cli.Err);
        var cli1 = (await File.ReadAllLinesAsync(continuation))[^1].Split('\t');
        // seq, prev_sha256, time differ by position and clock; actor, action, object, object_sha256 and note are the CLI's.
        Assert.Equal(8, console1.Length);
        Assert.Equal(cli1[3..], console1[3..]);
        Assert.Equal(["jingcha显示（jingcha）", "HANDED_OVER", packet.EvidenceId, "-", "handed over to 市公安局网安支队 张某 (当面移交U盘)"], console1[3..]);
        Assert.Equal(int.Parse(before[^1].Split('\t')[0], CultureInfo.InvariantCulture) + 1, int.Parse(console1[0], CultureInfo.InvariantCulture));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(before[^1] + "\n"))), console1[1]);
        // The chain still verifies with both lines: the verifier the desk shows, run again.
        var verified = await console.Get<IEvidencePacketVerifier>().VerifyAsync(packet.PacketPath, new VerificationAnchors(null, tsa.RootPem), CancellationToken.None);
        Assert.True(verified.Passed, string.Join("\n", verified.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));

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
