using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Evidence;

/// <summary>What sealing produced.</summary>
internal sealed record SealResult(string ManifestSha256, string ContinuationHead, bool Signed, bool DevelopmentSigner, int TimestampsWanted, int TimestampsGot, IReadOnlyList<string> Problems);

/// <summary>
/// Seals a packet directory: MANIFEST.sha256 and MANIFEST.sm3 over every file except the manifests themselves and
/// the post-seal continuation log, a detached CMS signature over MANIFEST.sha256, RFC 3161 stamps on the manifest
/// and on the signature from each configured TSA, then the continuation log chained to the sealed custody head.
/// </summary>
internal sealed class PacketSealer(IOptions<EvidenceOptions> options, SignerCertificates signers, TsaClient tsa, TimeProvider time, ILogger<PacketSealer> logger)
{
    public const string ContinuationPath = "custody/custody-continuation.log";
    public const string CustodyPath = "custody/custody.log";

    /// <summary>Relative paths ('/'-separated, ordinal order) the manifest covers.</summary>
    public static List<string> SealedFiles(string dir)
    {
        var full = Path.GetFullPath(dir);
        return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(full, f).Replace('\\', '/'))
            .Where(p => !(p.StartsWith("MANIFEST.", StringComparison.Ordinal) && !p.Contains('/')) && p != ContinuationPath)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<SealResult> SealAsync(string dir, string actor, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var sha = new StringBuilder();
        var sm3 = new StringBuilder();
        foreach (var rel in SealedFiles(dir))
        {
            var path = Path.Combine(dir, rel);
            sha.Append(Digests.Sha256Hex(path)).Append("  ").Append(rel).Append('\n');
            sm3.Append("SM3 (").Append(rel).Append(") = ").Append(Digests.Sm3Hex(path)).Append('\n');
        }

        var manifest = Encoding.UTF8.GetBytes(sha.ToString());
        AtomicFile.Write(Path.Combine(dir, "MANIFEST.sha256"), manifest);
        AtomicFile.WriteText(Path.Combine(dir, "MANIFEST.sm3"), sm3.ToString());
        var manifestHash = Digests.Sha256Hex(manifest);

        var sealedLog = await File.ReadAllTextAsync(Path.Combine(dir, CustodyPath), cancellationToken).ConfigureAwait(false);
        var sealedCheck = CustodyLog.Verify(sealedLog, CustodyLog.Zero);
        var continuation = new CustodyLog(sealedCheck.Head, sealedCheck.LastSeq);
        continuation.Append(time.GetUtcNow(), actor, "SEALED", "MANIFEST.sha256", manifestHash, $"sealed custody head {sealedCheck.Head}");
        continuation.Append(time.GetUtcNow(), actor, "HASHED", "MANIFEST.sm3", Digests.Sha256Hex(Path.Combine(dir, "MANIFEST.sm3")), "SM3 manifest of the same file set");

        byte[]? signature = null;
        var signer = signers.Load(out var signerProblem);
        if (signer is null)
        {
            problems.Add($"not signed: {signerProblem}");
        }
        else
        {
            try
            {
                var cms = new SignedCms(new ContentInfo(manifest), detached: true);
                var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer.Certificate)
                {
                    DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
                    IncludeOption = X509IncludeOption.EndCertOnly,
                };
                cmsSigner.Certificates.AddRange(signer.Chain.ToArray());
                cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(time.GetUtcNow().UtcDateTime));
                cms.ComputeSignature(cmsSigner);
                signature = cms.Encode();
                AtomicFile.Write(Path.Combine(dir, "MANIFEST.sha256.p7s"), signature);
                continuation.Append(time.GetUtcNow(), actor, "SIGNED", "MANIFEST.sha256.p7s", Digests.Sha256Hex(signature),
                    $"CMS detached, signer {signer.Certificate.Subject}{(signer.IsDevelopment ? " (DEVELOPMENT certificate)" : "")}");
            }
            catch (CryptographicException ex)
            {
                problems.Add($"not signed: {ex.Message}");
            }
        }

        var wanted = 0;
        var got = 0;
        var tsas = options.Value.Tsa;
        for (var i = 0; i < tsas.Count; i++)
        {
            var suffix = i == 0 ? "" : $".tsa{i + 1}";
            var targets = new List<(string Name, byte[] Data)> { ("MANIFEST.sha256", manifest) };
            if (signature is not null)
            {
                targets.Add(("MANIFEST.sha256.p7s", signature));
            }

            foreach (var (name, data) in targets)
            {
                wanted++;
                var (stamp, problem) = await tsa.StampAsync(tsas[i], data, cancellationToken).ConfigureAwait(false);
                var label = string.IsNullOrWhiteSpace(tsas[i].Name) ? tsas[i].Url : tsas[i].Name;
                if (stamp is null)
                {
                    EvidenceLog.TsaFailed(logger, label, problem ?? "");
                    problems.Add($"no timestamp from {label} on {name}: {problem}");
                    continue;
                }

                got++;
                var file = $"{name}{suffix}.tsr";
                AtomicFile.Write(Path.Combine(dir, file), stamp.Response);
                continuation.Append(time.GetUtcNow(), actor, "TIMESTAMPED", file, Digests.Sha256Hex(stamp.Response),
                    $"RFC 3161 by {label} ({stamp.TsaSubject}) over {name}, genTime {WarcWriter.Date(stamp.GenTime)}");
            }
        }

        AtomicFile.WriteText(Path.Combine(dir, ContinuationPath), continuation.Text);
        return new SealResult(manifestHash, continuation.Head, signature is not null, signer?.IsDevelopment ?? false, wanted, got, problems);
    }

    /// <summary>Appends post-seal events (VIEWED, EXPORTED, HANDED_OVER) to a sealed packet's continuation log.</summary>
    public static string AppendContinuation(string dir, DateTimeOffset at, string actor, string action, string obj, string? objSha256, string note)
    {
        var sealedLog = File.ReadAllText(Path.Combine(dir, CustodyPath));
        var sealedCheck = CustodyLog.Verify(sealedLog, CustodyLog.Zero);
        if (!sealedCheck.Ok)
        {
            throw new InvalidDataException($"{dir}: sealed custody log is broken ({sealedCheck.Detail}); refusing to append");
        }

        var path = Path.Combine(dir, ContinuationPath);
        var log = CustodyLog.Continue(File.Exists(path) ? File.ReadAllText(path) : "", sealedCheck.Head);
        log.Append(at, actor, action, obj, objSha256, note);
        AtomicFile.WriteText(path, log.Text);
        return log.Head;
    }
}
