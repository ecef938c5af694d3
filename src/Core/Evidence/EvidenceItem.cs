namespace SentimentWatch.Core.Evidence;

/// <summary>One frozen evidence packet as the store knows it.</summary>
/// <param name="Id">Packet id, e.g. <c>EVD-20261122-103015123-4f2a</c>; also the packet's directory name.</param>
/// <param name="PostId">Stored post the packet is about, when frozen from a post.</param>
/// <param name="AlertId">Alert that triggered the freeze, if any.</param>
/// <param name="IncidentId">Incident the alert belongs to, once alerting links it.</param>
/// <param name="Url">The URL that was frozen.</param>
/// <param name="Sound">True only when sealed and holding a genuine capture (never a block page).</param>
/// <param name="CaptureSource"><c>fresh</c>, <c>crawl-time</c> (post gone before the fresh fetch) or <c>failed</c>.</param>
/// <param name="PacketPath">Directory of the sealed packet.</param>
/// <param name="ManifestSha256">SHA-256 of the packet's <c>MANIFEST.sha256</c> (null when sealing failed).</param>
/// <param name="ContinuationHead">Head hash of the post-seal custody continuation log.</param>
/// <param name="Problems">Everything that failed or is missing, in plain words.</param>
public sealed record EvidenceItem(
    string Id,
    long? PostId,
    string? AlertId,
    string? IncidentId,
    Uri Url,
    bool Sound,
    string CaptureSource,
    string PacketPath,
    DateTimeOffset CreatedAtUtc,
    string Operator,
    string? ManifestSha256,
    string? ContinuationHead,
    IReadOnlyList<string> Problems);

/// <summary>Durable index of evidence packets (the packets themselves are directories on disk).</summary>
public interface IEvidenceStore
{
    Task AddAsync(EvidenceItem item, CancellationToken cancellationToken);

    Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<EvidenceItem>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Packets whose alert id or incident id equals <paramref name="alertOrIncidentId"/>, oldest first.</summary>
    Task<IReadOnlyList<EvidenceItem>> FindByAlertOrIncidentAsync(string alertOrIncidentId, CancellationToken cancellationToken);

    /// <summary>
    /// One incident's packets: those linked to <paramref name="incidentId"/> and those of any of <paramref name="alertIds"/>,
    /// oldest first. The default asks <see cref="FindByAlertOrIncidentAsync"/> once per id; a store should answer it with one query.
    /// </summary>
    async Task<IReadOnlyList<EvidenceItem>> FindForIncidentAsync(string incidentId, IReadOnlyCollection<string> alertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        var found = (await FindByAlertOrIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false)).Where(e => e.IncidentId == incidentId).ToList();
        foreach (var alertId in alertIds)
        {
            found.AddRange((await FindByAlertOrIncidentAsync(alertId, cancellationToken).ConfigureAwait(false)).Where(e => e.AlertId == alertId));
        }

        return [.. found.DistinctBy(e => e.Id).OrderBy(e => e.CreatedAtUtc).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>Alerting calls this when it groups the alert behind a packet into an incident.</summary>
    Task LinkIncidentAsync(string evidenceId, string incidentId, CancellationToken cancellationToken);

    Task UpdateContinuationHeadAsync(string evidenceId, string head, CancellationToken cancellationToken);
}
