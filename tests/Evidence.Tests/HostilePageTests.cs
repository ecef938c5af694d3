using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

/// <summary>
/// A page that attacks the evidence browser (issue 13): a <c>file:</c> iframe of a local secret, images on private,
/// metadata and loopback addresses, a script that fetches internal URLs. Frozen live and from its crawl-time copy
/// in real Chromium; the packet must show nothing local and list what was blocked. An "internal" server on
/// 127.0.0.2 counts every request that reaches it: the finished freeze is the signal, and it must have seen none.
/// </summary>
public sealed class HostilePageTests(EvidenceServers servers) : IClassFixture<EvidenceServers>, IAsyncLifetime
{
    private readonly string _secretMarker = $"SECRET-{Guid.NewGuid():N}";
    private readonly string _frameMarker = $"FRAME-VISIBLE-{Guid.NewGuid():N}";
    private readonly string _name = Guid.NewGuid().ToString("N");
    private string _secretFile = "";
    private WebApplication? _internal;
    private int _internalHits;
    private int _internalPort;

    public async Task InitializeAsync()
    {
        _secretFile = Path.Combine(Directory.CreateTempSubdirectory("sw-test-secret-").FullName, "secrets.json");
        await File.WriteAllTextAsync(_secretFile, $"{{\"Alerting\":{{\"SmtpPassword\":\"{_secretMarker}\"}}}}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Parse("127.0.0.2"), 0));
        builder.Logging.ClearProviders();
        _internal = builder.Build();
        _internal.Run(ctx =>
        {
            Interlocked.Increment(ref _internalHits);
            return ctx.Response.WriteAsync(_secretMarker);
        });
        await _internal.StartAsync();
        _internalPort = new Uri(_internal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_internal is not null)
        {
            await _internal.DisposeAsync();
        }

        Directory.Delete(Path.GetDirectoryName(_secretFile)!, recursive: true);
    }

    /// <summary>127.0.0.2 in decimal: what an attacker writes to slip past a naive host check.</summary>
    private string InternalDecimal => $"http://2130706434:{_internalPort}";

    private string HostileHtml => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>法考交流吧 - 帖子</title></head>
        <body><div class="post"><p>{{TestSite.PostText}}</p></div>
        <iframe id="leak" src="file://{{_secretFile}}" width="800" height="200"></iframe>
        <iframe id="control" src="/page/{{_name}}-frame" width="800" height="100"></iframe>
        <img src="http://10.255.0.1/pixel.png"><img src="http://169.254.169.254/latest/meta-data/iam.png">
        <img src="{{InternalDecimal}}/img.png">
        <script>
          fetch('{{InternalDecimal}}/admin').then(r => r.text()).then(t => document.body.append(t));
          fetch('http://169.254.169.254/latest/meta-data/').then(r => r.text()).then(t => document.body.append(t));
          fetch('file://{{_secretFile}}').then(r => r.text()).then(t => document.body.append(t));
        </script>
        </body></html>
        """;

    private Harness Create(bool javaScript = false) => Harness.Create(null, new()
    {
        ["Evidence:Screenshots:Enabled"] = "true",
        ["Evidence:Screenshots:Timeout"] = "00:01:00",
        ["Evidence:Screenshots:JavaScriptEnabled"] = javaScript ? "true" : "false",
        // Only the test site's own address: 127.0.0.2 (the internal server) stays refused as loopback.
        ["Evidence:Outbound:AllowLoopback"] = "false",
        ["Evidence:Outbound:AllowNetworks:0"] = "127.0.0.1/32",
    });

    private void PutUp()
    {
        servers.Site.Pages[_name] = HostileHtml;
        servers.Site.Pages[_name + "-frame"] = $"<html><body><p>{_frameMarker}</p></body></html>";
    }

    [ToolFact("chromium")]
    public async Task FreezeUrl_HostilePage_NothingLocalInPacketBlockedRequestsListed()
    {
        PutUp();
        Assert.Contains(_secretMarker, await File.ReadAllTextAsync(_secretFile), StringComparison.Ordinal);
        await using var h = Create();

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url($"page/{_name}"), null, "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        var requests = await AssertBoxedAsync(h, result.PacketPath, "capture");
        Assert.Contains(requests, r => Outcome(r) == "captured-document" && Url(r) == servers.Site.Url($"page/{_name}").AbsoluteUri);
    }

    [ToolFact("chromium")]
    public async Task FreezeUrl_HostilePageWithJavaScriptOn_ScriptFetchesBlockedAndListed()
    {
        PutUp();
        await using var h = Create(javaScript: true);

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url($"page/{_name}"), null, "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        var requests = await AssertBoxedAsync(h, result.PacketPath, "capture");
        Assert.Contains(requests, r => Outcome(r) == "blocked" && Url(r).Contains("/admin", StringComparison.Ordinal) && Rule(r) == "loopback");
        Assert.Contains(requests, r => Outcome(r) == "blocked" && Url(r) == "http://169.254.169.254/latest/meta-data/" && Rule(r) == "metadata");
    }

    [ToolFact("chromium")]
    public async Task FreezePost_HostileCrawlTimeCopy_RenderedFromMemoryNothingLocal()
    {
        PutUp();
        await using var h = Create();
        // The live page is gone (the site answers "deleted"); the crawl-time copy is the hostile page.
        var url = servers.Site.Url("deleted");
        var crawl = new HttpExchange(url, url, [], "GET", 200, [new("User-Agent", "crawler")], [new("Content-Type", "text/html; charset=utf-8")],
            Encoding.UTF8.GetBytes(HostileHtml.Replace("/page/", servers.Site.Url("page/").AbsoluteUri, StringComparison.Ordinal)),
            DateTimeOffset.UtcNow.AddMinutes(-30), TimeSpan.FromMilliseconds(120), "127.0.0.1");
        var post = await h.AddPostAsync(url, crawl);

        var result = await h.Freezer.FreezePostAsync(post.Id, "ALERT-H", "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        var item = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "metadata", "item.json")))!;
        Assert.Equal("crawl-time", item["capture_result"]!["source"]!.GetValue<string>());
        var requests = await AssertBoxedAsync(h, result.PacketPath, "capture");
        // The stored copy was served at the post's own URL from memory: no file: URL anywhere in the render.
        Assert.Contains(requests, r => Outcome(r) == "captured-document" && Url(r) == url.AbsoluteUri);
        Assert.DoesNotContain(requests, r => Url(r).StartsWith("file:", StringComparison.Ordinal) && Outcome(r) != "blocked" && Outcome(r) != "failed");
    }

    /// <summary>The packet shows nothing local, lists the blocked requests, and its hashes cover the request log.</summary>
    private async Task<List<JsonNode>> AssertBoxedAsync(Harness h, string packet, string folder)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(packet, folder, "rendered-text.txt"));
        var dom = await File.ReadAllTextAsync(Path.Combine(packet, folder, "rendered-dom.html"));
        var log = await File.ReadAllTextAsync(Path.Combine(packet, folder, "browser-requests.json"));
        // Control: a frame the page may show is captured, so the secret's absence is not an empty capture.
        Assert.Contains(_frameMarker, text, StringComparison.Ordinal);
        Assert.Contains("id=\"leak\"", dom, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(packet, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Encoding.UTF8.GetString(bytes).Contains(_secretMarker, StringComparison.Ordinal), $"{Path.GetRelativePath(packet, file)} holds the local secret");
        }

        Assert.Equal(0, Volatile.Read(ref _internalHits));
        var json = JsonNode.Parse(log)!;
        Assert.Contains("sandbox on", json["isolation"]!.GetValue<string>(), StringComparison.Ordinal);
        var requests = json["requests"]!.AsArray().Select(n => n!).ToList();
        // The browser's own refusal of the file: frame is on record too, and the frame is listed as not rendered.
        Assert.Contains(json["browser_messages"]!.AsArray(), m => m!.GetValue<string>().Contains("file://" + _secretFile, StringComparison.Ordinal));
        Assert.Contains("frame not rendered", text, StringComparison.Ordinal);
        Assert.Contains(requests, r => Outcome(r) == "blocked" && Url(r) == "http://10.255.0.1/pixel.png" && Rule(r) == "private");
        Assert.Contains(requests, r => Outcome(r) == "blocked" && Url(r) == "http://169.254.169.254/latest/meta-data/iam.png" && Rule(r) == "metadata");
        Assert.Contains(requests, r => Outcome(r) == "blocked" && Url(r) == $"http://127.0.0.2:{_internalPort}/img.png" && Rule(r) == "loopback");
        Assert.Contains(requests, r => Outcome(r) == "fetched" && Url(r).EndsWith($"/page/{_name}-frame", StringComparison.Ordinal));
        Assert.Contains($"{folder}/browser-requests.json", await File.ReadAllTextAsync(Path.Combine(packet, "MANIFEST.sha256")), StringComparison.Ordinal);
        var verification = await h.Verifier.VerifyAsync(packet, new VerificationAnchors(null, null), CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));
        return requests;
    }

    private static string Outcome(JsonNode r) => r["outcome"]!.GetValue<string>();

    private static string Url(JsonNode r) => r["url"]!.GetValue<string>();

    private static string? Rule(JsonNode r) => r["rule"]?.GetValue<string>();
}
