using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Evidence;
using SentimentWatch.Evidence.Tests.Support;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class EvidenceFreezerTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    private const string NoSandboxTools = "openssl";

    [ToolFact("sha256sum", "sm3", "openssl", "gzip", "awk")]
    public async Task FreezeUrl_GenuinePage_PacketPassesEveryStandardTool()
    {
        await using var h = Harness.Create(servers.Tsa);
        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), "ALERT-1", "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        var dir = result.PacketPath;
        Assert.Equal(0, PacketTools.Sha256(dir).ExitCode);
        Assert.Equal(0, PacketTools.Sm3(dir).ExitCode);
        Assert.Equal(0, PacketTools.FileSet(dir).ExitCode);
        var cms = PacketTools.Cms(dir);
        Assert.True(cms.ExitCode == 0, cms.ToString());
        Assert.Contains("CMS Verification successful", cms.Output, StringComparison.Ordinal);
        var ts1 = PacketTools.Ts(dir, "MANIFEST.sha256", "MANIFEST.sha256.tsr", servers.Tsa!.RootPem);
        Assert.True(ts1.ExitCode == 0, ts1.ToString());
        Assert.Contains("Verification: OK", ts1.Output, StringComparison.Ordinal);
        var ts2 = PacketTools.Ts(dir, "MANIFEST.sha256.p7s", "MANIFEST.sha256.p7s.tsr", servers.Tsa.RootPem);
        Assert.True(ts2.ExitCode == 0, ts2.ToString());
        var payload = PacketTools.WarcPayloadEqualsSource(dir);
        Assert.True(payload.ExitCode == 0, payload.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(TestSite.PostHtml), await File.ReadAllBytesAsync(Path.Combine(dir, "capture", "page-source.html")));
        var script = PacketTools.VerifySh(dir, servers.Tsa.RootPem);
        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Contains("ALL CHECKS PASSED", script.Output, StringComparison.Ordinal);

        var verification = await h.Verifier.VerifyAsync(dir, new VerificationAnchors(null, servers.Tsa.RootPem), CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Checks.Where(c => c.Outcome != CheckOutcome.Pass)));
        Assert.Contains(verification.Checks, c => c.Name.StartsWith("rfc3161", StringComparison.Ordinal) && c.Outcome == CheckOutcome.Pass);
    }

    [Fact]
    public async Task FreezeUrl_GenuinePage_DocumentsAndMetadataDescribeTheCapture()
    {
        await using var h = Harness.Create(null);
        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("moved"), null, "duty-officer", CancellationToken.None);

        var dir = result.PacketPath;
        var item = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "metadata", "item.json")))!;
        Assert.Equal("exam-evidence-item/1.0", item["schema"]!.GetValue<string>());
        Assert.Equal(servers.Site.Url("post/1").AbsoluteUri, item["target"]!["final_url"]!.GetValue<string>());
        Assert.Single(item["target"]!["redirects"]!.AsArray());
        Assert.False(item["access"]!["logged_in"]!.GetValue<bool>());
        Assert.Equal("127.0.0.1", item["access"]!["server_ip"]!.GetValue<string>());
        Assert.EndsWith("+08:00", item["capture"]!["started_at_beijing"]!.GetValue<string>(), StringComparison.Ordinal);
        var csv = await File.ReadAllBytesAsync(Path.Combine(dir, "record", "evidence-list.zh.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.StartsWith("序号,文件名,类别,文件格式", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        var record = await File.ReadAllTextAsync(Path.Combine(dir, "record", "extraction-record.zh.txt"));
        Assert.Contains("电子数据固定", record, StringComparison.Ordinal);
        Assert.Contains("匿名访问", record, StringComparison.Ordinal);
        Assert.Contains(TestSite.PostText, await File.ReadAllTextAsync(Path.Combine(dir, "capture", "extracted-text.txt")), StringComparison.Ordinal);
        Assert.Contains("DEVELOPMENT", await File.ReadAllTextAsync(Path.Combine(dir, "README.txt")), StringComparison.Ordinal);
        Assert.Contains(result.Problems, p => p.Contains("screenshots", StringComparison.Ordinal));
        Assert.All(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories), f => Assert.True(Path.GetRelativePath(dir, f).All(c => c < 0x7F)));
        Assert.False(Directory.Exists(Path.Combine(h.Dir, "evidence", ".staging", result.EvidenceId)));
        var stored = await h.Services.GetRequiredService<IEvidenceStore>().GetAsync(result.EvidenceId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("fresh", stored.CaptureSource);
    }

    [Fact]
    public async Task FreezePost_DeletedBeforeFreshFetch_FrozenFromCrawlCopyAndMarked()
    {
        await using var h = Harness.Create(null);
        var crawl = new HttpExchange(servers.Site.Url("deleted"), servers.Site.Url("deleted"), [], "GET", 200,
            [new("User-Agent", "crawler")], [new("Content-Type", "text/html; charset=utf-8")], Encoding.UTF8.GetBytes(TestSite.PostHtml),
            DateTimeOffset.UtcNow.AddMinutes(-30), TimeSpan.FromMilliseconds(120), "127.0.0.1");
        var post = await h.AddPostAsync(servers.Site.Url("deleted"), crawl);

        var result = await h.Freezer.FreezePostAsync(post.Id, "ALERT-2", "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        Assert.Contains(result.Problems, p => p.Contains("crawl-time copy", StringComparison.Ordinal));
        Assert.Equal(Encoding.UTF8.GetBytes(TestSite.PostHtml), await File.ReadAllBytesAsync(Path.Combine(result.PacketPath, "capture", "page-source.html")));
        Assert.True(File.Exists(Path.Combine(result.PacketPath, "failed", "failed-capture.warc.gz")));
        Assert.Contains("该帖已被删除", await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "failed", "page-source.html")), StringComparison.Ordinal);
        var item = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "metadata", "item.json")))!;
        Assert.Equal("crawl-time", item["capture_result"]!["source"]!.GetValue<string>());
        Assert.Equal("Deleted", item["capture_result"]!["fresh_fetch_verdict"]!.GetValue<string>());
        var failure = Assert.Single(h.Events.Failures);
        Assert.True(failure.FrozenFromCrawlCopy);
        var verification = await h.Verifier.VerifyAsync(result.PacketPath, new VerificationAnchors(null, null), CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));
    }

    [Theory]
    [InlineData("captcha", "Captcha")]
    [InlineData("challenge", "Captcha")]
    [InlineData("needs-login", "LoginWall")]
    [InlineData("soft404", "NotFound")]
    [InlineData("gone", "Deleted")]
    [InlineData("loop/1", "FetchFailed")]
    [InlineData("big", "FetchFailed")]
    [InlineData("slow", "FetchFailed")]
    public async Task FreezeUrl_BlockPageOrBadAnswer_RecordedAsFailedNeverSound(string path, string verdict)
    {
        await using var h = Harness.Create(null, new() { ["Evidence:BlockPageRetries"] = "0", ["Evidence:FetchTimeout"] = "00:00:01" });

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url(path), "ALERT-3", "duty-officer", CancellationToken.None);

        Assert.False(result.Sound);
        Assert.Contains(result.Problems, p => p.Contains(verdict, StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(result.PacketPath, "capture", "page-source.html")));
        Assert.True(Directory.Exists(Path.Combine(result.PacketPath, "failed")));
        Assert.Single(h.Events.Failures);
        Assert.Contains("NOT SOUND", await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "README.txt")), StringComparison.Ordinal);
        // The failed capture is still sealed: its own copy is intact and checkable.
        var verification = await h.Verifier.VerifyAsync(result.PacketPath, new VerificationAnchors(null, null), CancellationToken.None);
        Assert.Contains(verification.Checks, c => c.Name == "manifest-sha256" && c.Outcome == CheckOutcome.Pass);
    }

    [Fact]
    public async Task FreezeUrl_CaptchaThenRetry_EachAttemptRecordedInCustody()
    {
        await using var h = Harness.Create(null, new() { ["Evidence:BlockPageRetries"] = "2" });

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("captcha"), null, "duty-officer", CancellationToken.None);

        var custody = await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "custody", "custody.log"));
        Assert.Equal(3, custody.Split('\n').Count(l => l.Contains("\tFETCHED\t", StringComparison.Ordinal) && l.Contains("Captcha", StringComparison.Ordinal)));
    }

    [ToolFact(NoSandboxTools)]
    public async Task FreezeUrl_TsaDown_PacketSealedAndSignedButNotSound()
    {
        await using var h = Harness.Create(servers.Tsa, tsaPath: "tsa-down");

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), null, "duty-officer", CancellationToken.None);

        Assert.False(result.Sound);
        Assert.Contains(result.Problems, p => p.Contains("no timestamp", StringComparison.Ordinal) && p.Contains("503", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(result.PacketPath, "*.tsr"));
        Assert.Equal(0, PacketTools.Cms(result.PacketPath).ExitCode);
    }

    [ToolFact(NoSandboxTools)]
    public async Task FreezeUrl_TsaAnswersWrongNonce_ReplyRejected()
    {
        await using var h = Harness.Create(servers.Tsa, tsaPath: "tsa-wrong");

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), null, "duty-officer", CancellationToken.None);

        Assert.False(result.Sound);
        Assert.Contains(result.Problems, p => p.Contains("reply rejected", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(result.PacketPath, "*.tsr"));
    }

    [Fact]
    public async Task FreezeUrl_ExpiredSigningCertificate_UnsignedAndNotSound()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"sw-expired-{Guid.NewGuid():N}.pfx");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Expired Bureau Signer", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddYears(-1));
            await File.WriteAllBytesAsync(pfx, cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pw"));
        }

        try
        {
            await using var h = Harness.Create(null, new() { ["Evidence:Signing:CertificatePath"] = pfx, ["Evidence:Signing:CertificatePassword"] = "pw" });

            var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), null, "duty-officer", CancellationToken.None);

            Assert.False(result.Sound);
            Assert.Contains(result.Problems, p => p.Contains("not valid now", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(result.PacketPath, "MANIFEST.sha256.p7s")));
            var verification = await h.Verifier.VerifyAsync(result.PacketPath, new VerificationAnchors(null, null), CancellationToken.None);
            Assert.False(verification.Passed);
            Assert.Contains(verification.Checks, c => c.Name == "cms-signature" && c.Outcome == CheckOutcome.Fail);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [ToolFact("chromium", "sha256sum")]
    public async Task FreezeUrl_WithBrowser_ViewportAndFullPageScreenshotsSealed()
    {
        await using var h = Harness.Create(null, new() { ["Evidence:Screenshots:Enabled"] = "true", ["Evidence:Screenshots:Timeout"] = "00:01:00" });

        var result = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), null, "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        foreach (var name in new[] { "screenshot-viewport.png", "screenshot-fullpage.png" })
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(result.PacketPath, "capture", name));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        }

        Assert.Contains("capture/screenshot-fullpage.png", await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "MANIFEST.sha256")), StringComparison.Ordinal);
        Assert.Equal(0, PacketTools.Sha256(result.PacketPath).ExitCode);
    }

    [Theory]
    [InlineData("http://2130706433:{0}/post/1", "loopback")]
    [InlineData("http://localhost:{0}/post/1", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    public async Task FreezeUrl_InternalAddressNotAllowed_RefusedBeforeAnyPacket(string template, string rule)
    {
        await using var h = Harness.Create(null, new() { ["Evidence:Outbound:AllowLoopback"] = "false" });
        var url = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, servers.Site.BaseUri.Port));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => h.Freezer.FreezeUrlAsync(url, null, "duty-officer", CancellationToken.None));

        Assert.Contains(rule, ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(h.Dir, "evidence")) && Directory.EnumerateDirectories(Path.Combine(h.Dir, "evidence"), "EVD-*").Any());
    }

    [Fact]
    public async Task FreezeUrl_NotHttp_RefusedWithClearError()
    {
        await using var h = Harness.Create(null);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => h.Freezer.FreezeUrlAsync(new Uri("file:///etc/passwd"), null, "x", CancellationToken.None));

        Assert.Contains("not an absolute http(s) URL", ex.Message, StringComparison.Ordinal);
    }
}
