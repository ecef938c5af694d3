namespace SentimentWatch.Core.Alerting;

/// <summary>The first (and only) use of a signed acknowledgement link.</summary>
/// <param name="LinkId">The link's signature: unique per alert, responder, action, label and expiry.</param>
/// <param name="Action"><c>ack</c> or <c>label</c>.</param>
public sealed record AckLinkUse(string LinkId, long AlertId, string Responder, string Action, string? Label, DateTimeOffset UsedAtUtc);

/// <summary>A refused second use of a link: when, and who asked (address and user agent as the endpoint saw them).</summary>
public sealed record AckLinkReplay(long Id, string LinkId, long AlertId, DateTimeOffset AtUtc, string? Remote, string? UserAgent);

/// <summary>
/// Makes acknowledgement links single-use: a link is claimed once, atomically, before it acts; every later attempt is
/// refused and kept as a replay.
/// </summary>
public interface IAckLinkLedger
{
    /// <summary>Claims the link for <paramref name="use"/>; returns null when this call claimed it, or the earlier use.</summary>
    Task<AckLinkUse?> TryClaimAsync(AckLinkUse use, CancellationToken cancellationToken);

    /// <summary>Gives a claim back when the action it was taken for failed, so the holder can try again.</summary>
    Task ReleaseAsync(string linkId, CancellationToken cancellationToken);

    /// <summary>Keeps a refused replay.</summary>
    Task RecordReplayAsync(string linkId, long alertId, DateTimeOffset atUtc, string? remote, string? userAgent, CancellationToken cancellationToken);

    /// <summary>The replays refused for an alert's links, oldest first.</summary>
    Task<IReadOnlyList<AckLinkReplay>> GetReplaysAsync(long alertId, CancellationToken cancellationToken);
}
