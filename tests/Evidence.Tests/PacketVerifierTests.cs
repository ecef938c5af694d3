using System.IO.Compression;
using System.Text;
using SentimentWatch.Evidence.Tests.Support;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence.Tests;

/// <summary>A sound packet, frozen once, then mutated copy by copy: every mutation is caught by the tools and by verify.</summary>
public sealed class PacketVerifierTests(PacketVerifierTests.Packet packet) : IClassFixture<PacketVerifierTests.Packet>
{
    public sealed class Packet : IAsyncLifetime
    {
        private readonly EvidenceServers _servers = new();

        internal Harness Harness { get; private set; } = null!;

        public string Dir { get; private set; } = "";

        public string? TsaRoot { get; private set; }

        public async Task InitializeAsync()
        {
            await _servers.InitializeAsync();
            Harness = Harness.Create(_servers.Tsa);
            var result = await Harness.Freezer.FreezeUrlAsync(_servers.Site.Url("post/1"), "ALERT-9", "duty-officer", CancellationToken.None);
            Assert.True(result.Sound, string.Join("; ", result.Problems));
            Dir = result.PacketPath;
            if (_servers.Tsa is not null)
            {
                // The TSA root must outlive the TSA server (its directory is removed with it).
                TsaRoot = Path.Combine(Harness.Dir, "tsa-root.pem");
                File.Copy(_servers.Tsa.RootPem, TsaRoot);
            }
        }

        public async Task DisposeAsync()
        {
            await Harness.DisposeAsync();
            await _servers.DisposeAsync();
        }
    }

    private string Copy() => PacketTools.CopyPacket(packet.Dir, Directory.CreateTempSubdirectory("sw-test-mutant-").FullName);

    private Task<PacketVerification> VerifyAsync(string path) =>
        packet.Harness.Verifier.VerifyAsync(path, new VerificationAnchors(null, packet.TsaRoot), CancellationToken.None);

    private static void AssertFailed(PacketVerification v, string check) =>
        Assert.Contains(v.Checks, c => c.Name.StartsWith(check, StringComparison.Ordinal) && c.Outcome == CheckOutcome.Fail);

    [ToolFact("sha256sum", "sm3", "openssl")]
    public async Task Verify_UntouchedCopy_PassesToolsAndVerify()
    {
        var dir = Copy();

        var v = await VerifyAsync(dir);

        Assert.True(v.Passed, string.Join("\n", v.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));
        Assert.Equal(0, PacketTools.VerifySh(dir, packet.TsaRoot).ExitCode);
    }

    [ToolFact("sha256sum", "sm3")]
    public async Task Verify_OneByteChangedInWarc_CaughtBySha256sumCksumAndVerify()
    {
        var dir = Copy();
        var warc = Path.Combine(dir, "capture", "capture.warc.gz");
        var bytes = await File.ReadAllBytesAsync(warc);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(warc, bytes);

        Assert.NotEqual(0, PacketTools.Sha256(dir).ExitCode);
        Assert.Contains("FAILED", PacketTools.Sm3(dir).Output, StringComparison.Ordinal);
        Assert.NotEqual(0, PacketTools.VerifySh(dir, packet.TsaRoot).ExitCode);
        var v = await VerifyAsync(dir);
        Assert.False(v.Passed);
        AssertFailed(v, "manifest-sha256");
        AssertFailed(v, "manifest-sm3");
    }

    [ToolFact("sha256sum", "sm3")]
    public async Task Verify_OneByteChangedInPageSource_CaughtAndPayloadCrossCheckFails()
    {
        var dir = Copy();
        var source = Path.Combine(dir, "capture", "page-source.html");
        var bytes = await File.ReadAllBytesAsync(source);
        bytes[10] ^= 0x20;
        await File.WriteAllBytesAsync(source, bytes);

        Assert.NotEqual(0, PacketTools.Sha256(dir).ExitCode);
        Assert.NotEqual(0, PacketTools.WarcPayloadEqualsSource(dir).ExitCode);
        var v = await VerifyAsync(dir);
        AssertFailed(v, "manifest-sha256");
        AssertFailed(v, "warc capture/capture.warc.gz");
    }

    [ToolFact("sha256sum")]
    public async Task Verify_FileAdded_FileSetCheckFails()
    {
        var dir = Copy();
        await File.WriteAllTextAsync(Path.Combine(dir, "capture", "extra.html"), "<p>planted</p>");

        Assert.Equal(0, PacketTools.Sha256(dir).ExitCode);
        Assert.NotEqual(0, PacketTools.FileSet(dir).ExitCode);
        Assert.NotEqual(0, PacketTools.VerifySh(dir, packet.TsaRoot).ExitCode);
        var v = await VerifyAsync(dir);
        AssertFailed(v, "file-set");
    }

    [ToolFact("sha256sum")]
    public async Task Verify_FileRemoved_CaughtBySha256sumAndVerify()
    {
        var dir = Copy();
        File.Delete(Path.Combine(dir, "capture", "extracted-text.txt"));

        Assert.NotEqual(0, PacketTools.Sha256(dir).ExitCode);
        Assert.NotEqual(0, PacketTools.FileSet(dir).ExitCode);
        var v = await VerifyAsync(dir);
        AssertFailed(v, "file-set");
        AssertFailed(v, "manifest-sha256");
    }

    [ToolFact("openssl")]
    public async Task Verify_TimestampRemoved_CaughtByCustodyContinuation()
    {
        var dir = Copy();
        File.Delete(Path.Combine(dir, "MANIFEST.sha256.tsr"));

        var v = await VerifyAsync(dir);

        AssertFailed(v, "custody-continuation");
    }

    [ToolFact("sha256sum")]
    public async Task Verify_CustodyLineEdited_ManifestAndChainBreak()
    {
        var dir = Copy();
        var log = Path.Combine(dir, "custody", "custody.log");
        var lines = (await File.ReadAllTextAsync(log)).Split('\n');
        lines[1] = lines[1].Replace("CLOCK_CHECK", "CLOCK_CHECK (edited)", StringComparison.Ordinal);
        await File.WriteAllTextAsync(log, string.Join('\n', lines));

        Assert.NotEqual(0, PacketTools.Sha256(dir).ExitCode);
        var script = PacketTools.VerifySh(dir, packet.TsaRoot);
        Assert.Contains("BROKEN", script.Output, StringComparison.Ordinal);
        var v = await VerifyAsync(dir);
        AssertFailed(v, "custody-chain");
    }

    [ToolFact("sha256sum", "openssl")]
    public async Task Verify_ManifestRegeneratedAfterChange_SignatureTimestampAndCustodyFail()
    {
        var dir = Copy();
        await File.AppendAllTextAsync(Path.Combine(dir, "capture", "extracted-text.txt"), "planted line\n");
        var regen = Tools.Sh(dir, "find . -type f ! -path './MANIFEST.*' ! -path './custody/custody-continuation.log' | sed 's#^\\./##' | LC_ALL=C sort | while IFS= read -r f; do sha256sum \"$f\"; done > MANIFEST.sha256 && " +
            "find . -type f ! -path './MANIFEST.*' ! -path './custody/custody-continuation.log' | sed 's#^\\./##' | LC_ALL=C sort | while IFS= read -r f; do cksum -a sm3 \"$f\"; done > MANIFEST.sm3");
        Assert.Equal(0, regen.ExitCode);

        Assert.Equal(0, PacketTools.Sha256(dir).ExitCode);
        var cms = PacketTools.Cms(dir);
        Assert.NotEqual(0, cms.ExitCode);
        if (packet.TsaRoot is not null)
        {
            Assert.Contains("FAILED", PacketTools.Ts(dir, "MANIFEST.sha256", "MANIFEST.sha256.tsr", packet.TsaRoot).Output, StringComparison.Ordinal);
        }

        Assert.NotEqual(0, PacketTools.VerifySh(dir, packet.TsaRoot).ExitCode);
        var v = await VerifyAsync(dir);
        AssertFailed(v, "cms-signature");
        AssertFailed(v, "custody-continuation");
        if (packet.TsaRoot is not null)
        {
            AssertFailed(v, "rfc3161 MANIFEST.sha256.tsr");
        }
    }

    [Fact]
    public async Task Verify_ZipSlipArchive_RefusedAndNothingWrittenOutside()
    {
        var temp = Directory.CreateTempSubdirectory("sw-test-slip-").FullName;
        var zip = Path.Combine(temp, "evil.zip");
        var victim = Path.Combine(Path.GetTempPath(), $"sw-slip-victim-{Guid.NewGuid():N}.txt");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var ok = archive.CreateEntry("EVD-1/MANIFEST.sha256");
            await using (var s = ok.Open())
            {
                await s.WriteAsync(Encoding.ASCII.GetBytes("00  x\n"));
            }

            var evil = archive.CreateEntry($"EVD-1/../../../../../../../..{victim}");
            await using (var s = evil.Open())
            {
                await s.WriteAsync("owned"u8.ToArray());
            }
        }

        var v = await VerifyAsync(zip);

        Assert.False(v.Passed);
        AssertFailed(v, "archive-safety");
        Assert.False(File.Exists(victim));
        Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public async Task Verify_GarbageZip_FailsWithReasonNoCrash()
    {
        var temp = Directory.CreateTempSubdirectory("sw-test-garbage-").FullName;
        var zip = Path.Combine(temp, "garbage.zip");
        await File.WriteAllBytesAsync(zip, Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip"));

        var v = await VerifyAsync(zip);

        Assert.False(v.Passed);
        AssertFailed(v, "archive-safety");
        Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public async Task Verify_TruncatedWarc_FailsWithReasonNoCrash()
    {
        var dir = Copy();
        var warc = Path.Combine(dir, "capture", "capture.warc.gz");
        var bytes = await File.ReadAllBytesAsync(warc);
        await File.WriteAllBytesAsync(warc, bytes[..(bytes.Length / 3)]);

        var v = await VerifyAsync(dir);

        AssertFailed(v, "warc capture/capture.warc.gz");
    }

    [Fact]
    public async Task Verify_NotAPacket_FailsClearly()
    {
        var dir = Directory.CreateTempSubdirectory("sw-test-empty-").FullName;

        var v = await VerifyAsync(dir);

        Assert.False(v.Passed);
        Assert.Contains(v.Checks, c => c.Detail.Contains("not a packet", StringComparison.Ordinal));
    }
}
