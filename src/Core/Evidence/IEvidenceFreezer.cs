namespace SentimentWatch.Core.Evidence;

/// <summary>What one freeze produced.</summary>
/// <param name="EvidenceId">Store id of the evidence item (packet).</param>
/// <param name="Sound">True only when the packet was sealed and contains a genuine capture (never a block page).</param>
/// <param name="PacketPath">Directory of the sealed packet.</param>
/// <param name="Problems">What failed or is missing (fresh fetch was a captcha, no browser for screenshots, TSA down, …).</param>
public sealed record EvidenceFreezeResult(string EvidenceId, bool Sound, string PacketPath, IReadOnlyList<string> Problems);

/// <summary>Freezes evidence for a stored post or any URL. Called by alerting on every alert, and on demand.</summary>
public interface IEvidenceFreezer
{
    Task<EvidenceFreezeResult> FreezePostAsync(long postId, string? alertId, string operatorName, CancellationToken cancellationToken);

    Task<EvidenceFreezeResult> FreezeUrlAsync(Uri url, string? alertId, string operatorName, CancellationToken cancellationToken);
}
