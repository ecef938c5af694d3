namespace SentimentWatch.Core.Evidence;

public enum CheckOutcome
{
    Pass,
    Fail,
    /// <summary>Not applicable to this packet (e.g. no timestamps configured); never hides a failure.</summary>
    Skip,
}

/// <summary>One named check of a packet (same checks as the packet's own VERIFY.sh).</summary>
public sealed record VerificationCheck(string Packet, string Name, CheckOutcome Outcome, string Detail);

/// <summary>Result of verifying a packet directory or an exported zip.</summary>
public sealed record PacketVerification(string Path, IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>True when at least one check ran and none failed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Outcome != CheckOutcome.Fail) && Checks.Any(c => c.Outcome == CheckOutcome.Pass);
}

/// <summary>Trust anchors for verification, obtained out-of-band (hand-over letter). Null: the packet's own certificates are used and the result says so.</summary>
public sealed record VerificationAnchors(string? SignerRootPemPath, string? TsaRootPemPath);

/// <summary>Verifies packets without trusting anything inside them beyond what the standard tools would.</summary>
public interface IEvidencePacketVerifier
{
    /// <summary>Verifies <paramref name="path"/>: a packet directory, a directory of packets, or a zip export.</summary>
    Task<PacketVerification> VerifyAsync(string path, VerificationAnchors anchors, CancellationToken cancellationToken);
}

/// <summary>Result of an export: the zip and what went into it.</summary>
public sealed record EvidenceExport(string ZipPath, string ZipSha256, IReadOnlyList<EvidenceItem> Items);

/// <summary>Exports packets for hand-over (zip with ASCII names; custody logs record the export).</summary>
public interface IEvidenceExporter
{
    /// <summary>Zips every packet of an alert or incident (or one packet by its id) to <paramref name="zipPath"/>.</summary>
    Task<EvidenceExport> ExportAsync(string alertIncidentOrEvidenceId, string zipPath, string actor, CancellationToken cancellationToken);
}

/// <summary>Post-seal custody events on a packet (viewed, handed over, …), appended to its hash-chained continuation log.</summary>
public interface IEvidenceCustody
{
    /// <summary>
    /// Appends <paramref name="action"/> (e.g. <c>VIEWED</c>, <c>HANDED_OVER</c>) by <paramref name="actor"/> to the packet's
    /// continuation log and returns the new head hash (for the hand-over letter).
    /// </summary>
    Task<string> RecordAsync(string evidenceId, string actor, string action, string obj, string? objectSha256, string note, CancellationToken cancellationToken);
}
