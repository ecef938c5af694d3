using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

/// <summary>
/// Secrets never sealed (issue 13, item 6): a URL frozen with <c>user:password@</c> and key parameters, a rendered page
/// whose subrequests carry credentials (built by script, so the page's own bytes never hold them), and a crawl-time
/// copy recorded with Cookie/Authorization/Set-Cookie. No file of the packet (WARC decompressed) may hold a secret,
/// the masks show where they were, and the packet still verifies: redaction happens before the hashes are taken.
/// </summary>
public sealed class PacketSecretsTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    private readonly string _name = Guid.NewGuid().ToString("N");

    private static string Secret(string kind) => $"{kind}{Guid.NewGuid():N}";

    [ToolFact("chromium")]
    public async Task FreezeUrl_UrlAndSubrequestsCarryCredentials_NoFileHoldsThemAndThePacketVerifies()
    {
        var password = Secret("PASSWORD");
        var token = Secret("TOKEN");
        var subToken = Secret("SUBTOKEN");
        var subSig = Secret("SUBSIG");
        var ticket = Secret("TICKET");
        // The page builds its subrequest URLs from halves: the secrets are in what the browser asked for, never in the
        // page's bytes. An image and a frame added while the page loads hold its load event, so both are on record.
        static string Halves(string s) => $"'{s[..(s.Length / 2)]}' + '{s[(s.Length / 2)..]}'";
        servers.Site.Pages[_name] = $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>法考交流吧 - 帖子</title></head>
            <body><div class="post"><p>{{TestSite.PostText}}</p></div>
            <script>
              var img = new Image(); img.src = '/page/{{_name}}-pixel?access_token=' + {{Halves(subToken)}} + '&n=1'; document.body.appendChild(img);
              var frame = document.createElement('iframe'); frame.src = '/page/{{_name}}-frame?sig=' + {{Halves(subSig)}} + '&ticket=' + {{Halves(ticket)}}; document.body.appendChild(frame);
            </script></body></html>
            """;
        servers.Site.Pages[_name + "-frame"] = "<html><body><p>frame</p></body></html>";
        await using var h = Harness.Create(servers.Tsa, new()
        {
            ["Evidence:Screenshots:Enabled"] = "true",
            ["Evidence:Screenshots:Timeout"] = "00:01:00",
            ["Evidence:Screenshots:JavaScriptEnabled"] = "true",
            // A site-specific signing parameter named in configuration.
            ["Redaction:Parameters:0"] = "ticket",
        });
        var site = servers.Site.Url($"page/{_name}");
        var url = new Uri($"http://duty:{password}@{site.Authority}{site.AbsolutePath}?access_token={token}&id=5");

        var result = await h.Freezer.FreezeUrlAsync(url, "ALERT-S", "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        await AssertNoFileHoldsAsync(result.PacketPath, password, token, subToken, subSig, ticket);
        var item = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "metadata", "item.json")))!;
        Assert.Equal($"http://***@{site.Authority}{site.AbsolutePath}?access_token=***&id=5", item["target"]!["url"]!.GetValue<string>());
        // The subrequests were made and logged, with their credentials masked.
        var log = await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "capture", "browser-requests.json"));
        Assert.Contains($"-pixel?access_token=***&n=1", log, StringComparison.Ordinal);
        Assert.Contains($"-frame?sig=***&ticket=***", log, StringComparison.Ordinal);
        var warc = Gunzip(Path.Combine(result.PacketPath, "capture", "capture.warc.gz"));
        Assert.Contains($"GET {site.AbsolutePath}?access_token=***&id=5 HTTP/1.1\r\n", warc, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Problems, p => p.Contains(token, StringComparison.Ordinal));
        await AssertVerifiesAsync(h, result.PacketPath);
    }

    [Fact]
    public async Task FreezePost_CrawlCopyRecordedWithCookieAuthorizationAndTokenUrl_MaskedInWarcAndRecords()
    {
        var cookie = Secret("COOKIE");
        var bearer = Secret("BEARER");
        var setCookie = Secret("SETCOOKIE");
        var token = Secret("TOKEN");
        await using var h = Harness.Create(servers.Tsa);
        // The live page is gone; the crawl-time copy was fetched with a source's credentials.
        var live = servers.Site.Url("deleted");
        var crawled = new Uri($"{live.AbsoluteUri}?token={token}");
        var crawl = new HttpExchange(crawled, crawled, [], "GET", 200,
            [new("User-Agent", "crawler"), new("Cookie", $"SESSDATA={cookie}; lang=zh"), new("Authorization", $"Bearer {bearer}")],
            [new("Content-Type", "text/html; charset=utf-8"), new("Set-Cookie", $"sid={setCookie}; Path=/; HttpOnly")],
            Encoding.UTF8.GetBytes(TestSite.PostHtml), DateTimeOffset.UtcNow.AddMinutes(-30), TimeSpan.FromMilliseconds(120), "127.0.0.1");
        var post = await h.AddPostAsync(live, crawl);

        var result = await h.Freezer.FreezePostAsync(post.Id, "ALERT-C", "duty-officer", CancellationToken.None);

        var item = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "metadata", "item.json")))!;
        Assert.Equal("crawl-time", item["capture_result"]!["source"]!.GetValue<string>());
        await AssertNoFileHoldsAsync(result.PacketPath, cookie, bearer, setCookie, token);
        var warc = Gunzip(Path.Combine(result.PacketPath, "capture", "capture.warc.gz"));
        Assert.Contains("Cookie: SESSDATA=***; lang=***\r\n", warc, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer ***\r\n", warc, StringComparison.Ordinal);
        Assert.Contains("Set-Cookie: sid=***; Path=/; HttpOnly\r\n", warc, StringComparison.Ordinal);
        Assert.Contains($"WARC-Target-URI: {live.AbsoluteUri}?token=***", warc, StringComparison.Ordinal);
        // The page's own bytes are the evidence and stay as they were served.
        Assert.Equal(Encoding.UTF8.GetBytes(TestSite.PostHtml), await File.ReadAllBytesAsync(Path.Combine(result.PacketPath, "capture", "page-source.html")));
        await AssertVerifiesAsync(h, result.PacketPath);
    }

    private static async Task AssertNoFileHoldsAsync(string packet, params string[] secrets)
    {
        var files = Directory.EnumerateFiles(packet, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(".warc.gz", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = file.EndsWith(".gz", StringComparison.Ordinal) ? Gunzip(file) : Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetRelativePath(packet, file)} holds {secret}");
            }
        }
    }

    private static async Task AssertVerifiesAsync(Harness h, string packet)
    {
        var verification = await h.Verifier.VerifyAsync(packet, new VerificationAnchors(null, null), CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));
        if (Tools.Missing("sha256sum") is null)
        {
            var check = Tools.Exec(packet, "sha256sum", "-c", "--quiet", "MANIFEST.sha256");
            Assert.True(check.ExitCode == 0, check.ToString());
        }
    }

    private static string Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var text = new StreamReader(gz, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
