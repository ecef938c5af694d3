using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Evidence.Tests.Support;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class EvidenceExporterTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    [ToolFact("sha256sum", "sm3", "openssl", "unzip")]
    public async Task Export_AlertWithTwoPackets_ZipWithAsciiNamesVerifiesAfterUnzip()
    {
        await using var h = Harness.Create(servers.Tsa);
        var a = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), "ALERT-7", "duty-officer", CancellationToken.None);
        var b = await h.Freezer.FreezeUrlAsync(servers.Site.Url("moved"), "ALERT-7", "duty-officer", CancellationToken.None);
        var zipPath = Path.Combine(h.Dir, "out", "alert-7.zip");

        var export = await h.Services.GetRequiredService<IEvidenceExporter>().ExportAsync("ALERT-7", zipPath, "officer-wang", CancellationToken.None);

        Assert.Equal(2, export.Items.Count);
        Assert.Equal(64, export.ZipSha256.Length);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.All(zip.Entries, e => Assert.True(e.FullName.All(c => c is > ' ' and < (char)0x7F), e.FullName));
            Assert.Contains(zip.Entries, e => e.FullName == $"{a.EvidenceId}/MANIFEST.sha256");
        }

        var continuation = await File.ReadAllTextAsync(Path.Combine(a.PacketPath, "custody", "custody-continuation.log"));
        Assert.Contains("\tEXPORTED\talert-7.zip\t", continuation, StringComparison.Ordinal);
        var stored = await h.Services.GetRequiredService<IEvidenceStore>().GetAsync(b.EvidenceId, CancellationToken.None);
        Assert.Equal(export.Items.Single(i => i.Id == b.EvidenceId).ContinuationHead, stored!.ContinuationHead);

        var verification = await h.Verifier.VerifyAsync(zipPath, new VerificationAnchors(null, servers.Tsa!.RootPem), CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));
        Assert.Equal(2, verification.Checks.Where(c => c.Name == "custody-continuation").Count());

        var unpacked = Path.Combine(h.Dir, "unpacked");
        Assert.Equal(0, Tools.Exec(h.Dir, "unzip", "-q", zipPath, "-d", unpacked).ExitCode);
        var script = PacketTools.VerifySh(Path.Combine(unpacked, a.EvidenceId), servers.Tsa.RootPem);
        Assert.True(script.ExitCode == 0, script.ToString());
    }

    [Fact]
    public async Task Export_UnknownId_ThrowsAndWritesNothing()
    {
        await using var h = Harness.Create(null);
        var zipPath = Path.Combine(h.Dir, "none.zip");

        await Assert.ThrowsAsync<KeyNotFoundException>(() => h.Services.GetRequiredService<IEvidenceExporter>().ExportAsync("ALERT-404", zipPath, "x", CancellationToken.None));

        Assert.False(File.Exists(zipPath));
    }
}
