using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Tests.Contracts;
using static SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.Alerting;

/// <summary>The <see cref="IAckLinkLedger"/> contract on every provider.</summary>
public abstract class AckLinkLedgerContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task TryClaimAsync_SecondUseOnAnotherNode_GetsTheFirstUse()
    {
        var first = new AckLinkUse("sig-1", 7, "duty-a", "label", "误报", T0);

        Assert.Null(await Provider.AckLinks().TryClaimAsync(first, Ct));
        var earlier = await Provider.AckLinks().TryClaimAsync(first with { Responder = "duty-b", UsedAtUtc = T0.AddMinutes(1) }, Ct);

        Assert.Equal(first, earlier);
    }

    [Fact]
    public async Task ReleaseAsync_ThenClaimAgain_Claimed()
    {
        var ledger = Provider.AckLinks();
        var use = new AckLinkUse("sig-1", 7, "duty-a", "ack", null, T0);
        await ledger.TryClaimAsync(use, Ct);

        await ledger.ReleaseAsync("sig-1", Ct);

        Assert.Null(await ledger.TryClaimAsync(use, Ct));
    }

    [Fact]
    public async Task RecordReplayAsync_ListedPerAlertOldestFirst()
    {
        var ledger = Provider.AckLinks();
        await ledger.RecordReplayAsync("sig-1", 7, T0, "10.0.0.5", "Mozilla", Ct);
        await ledger.RecordReplayAsync("sig-1", 7, T0.AddMinutes(1), null, null, Ct);
        await ledger.RecordReplayAsync("sig-2", 8, T0, null, null, Ct);

        var replays = await ledger.GetReplaysAsync(7, Ct);

        Assert.Equal([(T0, (string?)"10.0.0.5", (string?)"Mozilla"), (T0.AddMinutes(1), null, null)], replays.Select(r => (r.AtUtc, r.Remote, r.UserAgent)));
        Assert.All(replays, r => Assert.Equal(("sig-1", 7L), (r.LinkId, r.AlertId)));
    }
}
