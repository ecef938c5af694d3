using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Evidence.Tests.Support;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class EvidenceCustodyTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    [ToolFact("sha256sum", "sm3", "openssl")]
    public async Task Record_ViewedThenHandedOver_ChainStaysVerifiableAndHeadStored()
    {
        await using var h = Harness.Create(null);
        var frozen = await h.Freezer.FreezeUrlAsync(servers.Site.Url("post/1"), null, "duty-officer", CancellationToken.None);
        var custody = h.Services.GetRequiredService<IEvidenceCustody>();

        await custody.RecordAsync(frozen.EvidenceId, "officer-wang", "VIEWED", frozen.EvidenceId, null, "opened for review", CancellationToken.None);
        var head = await custody.RecordAsync(frozen.EvidenceId, "officer-wang", "HANDED_OVER", "x.zip", new string('c', 64), "to 网安支队", CancellationToken.None);

        var log = await File.ReadAllTextAsync(Path.Combine(frozen.PacketPath, "custody", "custody-continuation.log"));
        Assert.EndsWith("\tHANDED_OVER\tx.zip\t" + new string('c', 64) + "\tto 网安支队\n", log, StringComparison.Ordinal);
        Assert.Equal(head, (await h.Services.GetRequiredService<IEvidenceStore>().GetAsync(frozen.EvidenceId, CancellationToken.None))!.ContinuationHead);
        var script = PacketTools.VerifySh(frozen.PacketPath, null);
        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Contains(head, script.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_BadActionOrUnknownPacket_Refused()
    {
        await using var h = Harness.Create(null);
        var custody = h.Services.GetRequiredService<IEvidenceCustody>();

        await Assert.ThrowsAsync<ArgumentException>(() => custody.RecordAsync("EVD-x", "a", "viewed\tx", "o", null, "", CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => custody.RecordAsync("EVD-none", "a", "VIEWED", "o", null, "", CancellationToken.None));
    }
}
