using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence;

/// <summary>
/// <c>sw evidence verify</c>: the same checks as VERIFY.sh (manifest SHA-256 and SM3, file set, CMS signature, RFC 3161
/// stamps, custody chains, WARC digests), each reported pass/fail. Zips are unpacked into a temporary directory only
/// after every entry name has been checked (no absolute paths, no '..', no links), with size caps.
/// </summary>
internal sealed partial class PacketVerifier : IEvidencePacketVerifier
{
    private const long MaxUnpacked = 4L << 30;
    private const int MaxEntries = 100_000;
    private const long MaxEntryBytes = 1L << 30;

    // Screenshots and WARC members are already compressed and page text compresses about 10:1; zeros compress 1000:1.
    private const long MaxRatio = 100;
    private const long MaxRatioFreeBytes = 1L << 20;

    [GeneratedRegex("^([0-9a-f]{64})  ([^\\n]+)$")]
    private static partial Regex ShaLine();

    [GeneratedRegex("^SM3 \\((.+)\\) = ([0-9a-f]{64})$")]
    private static partial Regex Sm3Line();

    public Task<PacketVerification> VerifyAsync(string path, VerificationAnchors anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var checks = new List<VerificationCheck>();
        if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var temp = Directory.CreateTempSubdirectory("sw-verify-");
            try
            {
                if (Unzip(path, temp.FullName, checks))
                {
                    VerifyTree(temp.FullName, anchors, checks, cancellationToken);
                }
            }
            finally
            {
                temp.Delete(recursive: true);
            }
        }
        else if (Directory.Exists(path))
        {
            VerifyTree(path, anchors, checks, cancellationToken);
        }
        else
        {
            checks.Add(new VerificationCheck(path, "input", CheckOutcome.Fail, "not a packet directory or a .zip file"));
        }

        return Task.FromResult(new PacketVerification(path, checks));
    }

    private static bool Unzip(string zipPath, string target, List<VerificationCheck> checks)
    {
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            var bad = new List<string>();
            long total = 0;
            if (zip.Entries.Count > MaxEntries)
            {
                bad.Add($"{zip.Entries.Count} entries (limit {MaxEntries})");
            }

            foreach (var e in zip.Entries)
            {
                var name = e.FullName;
                var unixType = (e.ExternalAttributes >> 16) & 0xF000;
                if (name.Length == 0 || name.StartsWith('/') || name.StartsWith('\\') || name.Contains('\\') || name.Contains(':') || name.Any(char.IsControl) ||
                    name.Split('/').Any(s => s is ".." or "."))
                {
                    bad.Add($"unsafe entry name '{name}'");
                }
                else if (unixType == 0xA000)
                {
                    bad.Add($"symbolic link entry '{name}'");
                }
                else if (name.Any(c => c > 0x7E))
                {
                    bad.Add($"non-ASCII entry name '{name}'");
                }

                total += e.Length;
                if (e.Length > MaxEntryBytes)
                {
                    bad.Add($"entry '{name}' declares {e.Length} bytes (limit {MaxEntryBytes})");
                }
                else if (e.Length > MaxRatioFreeBytes && e.Length / Math.Max(1, e.CompressedLength) > MaxRatio)
                {
                    bad.Add($"entry '{name}' expands {e.Length / Math.Max(1, e.CompressedLength)}:1 (limit {MaxRatio}:1)");
                }
            }

            if (total > MaxUnpacked)
            {
                bad.Add($"unpacks to {total} bytes (limit {MaxUnpacked})");
            }

            if (bad.Count == 0)
            {
                // Declared sizes can lie: decompress every entry once without writing anything, stopping at the
                // first byte past its declared size, before a single file is created.
                foreach (var e in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
                {
                    using var stream = e.Open();
                    if (CopyAtMost(stream, Stream.Null, e.Length) is var actual && actual != e.Length)
                    {
                        bad.Add(actual > e.Length ? $"entry '{e.FullName}' unpacks to more than its declared {e.Length} bytes" : $"entry '{e.FullName}' unpacks to {actual} bytes, not its declared {e.Length}");
                    }
                }
            }

            if (bad.Count > 0)
            {
                checks.Add(new VerificationCheck(zipPath, "archive-safety", CheckOutcome.Fail, string.Join("; ", bad.Take(10)) + " - nothing was unpacked"));
                return false;
            }

            var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
            foreach (var e in zip.Entries)
            {
                var dest = Path.GetFullPath(Path.Combine(root, e.FullName));
                if (!dest.StartsWith(root, StringComparison.Ordinal))
                {
                    checks.Add(new VerificationCheck(zipPath, "archive-safety", CheckOutcome.Fail, $"entry '{e.FullName}' escapes the target"));
                    return false;
                }

                if (e.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(dest);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                using (var from = e.Open())
                using (var to = new FileStream(dest, FileMode.CreateNew, FileAccess.Write))
                {
                    // The archive could change between the two passes: the cap holds here too.
                    if (CopyAtMost(from, to, e.Length) != e.Length)
                    {
                        checks.Add(new VerificationCheck(zipPath, "archive-safety", CheckOutcome.Fail, $"entry '{e.FullName}' changed size while unpacking"));
                        return false;
                    }
                }
            }

            checks.Add(new VerificationCheck(zipPath, "archive-safety", CheckOutcome.Pass, $"{zip.Entries.Count} entries, ASCII names, no links, no path escapes"));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            checks.Add(new VerificationCheck(zipPath, "archive-safety", CheckOutcome.Fail, $"not a readable zip: {ex.Message}"));
            return false;
        }
    }

    private static void VerifyTree(string dir, VerificationAnchors anchors, List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        var packets = File.Exists(Path.Combine(dir, "MANIFEST.sha256")) || File.Exists(Path.Combine(dir, PacketSealer.CustodyPath))
            ? [dir]
            : Directory.GetDirectories(dir).Where(d => File.Exists(Path.Combine(d, "MANIFEST.sha256")) || File.Exists(Path.Combine(d, PacketSealer.CustodyPath))).Order(StringComparer.Ordinal).ToList();
        if (packets.Count == 0)
        {
            checks.Add(new VerificationCheck(dir, "packet", CheckOutcome.Fail, "no MANIFEST.sha256 found: not a packet (or an incomplete one)"));
            return;
        }

        foreach (var packet in packets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                VerifyPacket(packet, anchors, checks);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                checks.Add(new VerificationCheck(Path.GetFileName(packet), "packet", CheckOutcome.Fail, $"unreadable: {ex.GetType().Name}: {ex.Message}"));
            }
        }
    }

    internal static void VerifyPacket(string dir, VerificationAnchors anchors, List<VerificationCheck> checks)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        void Add(string check, CheckOutcome outcome, string detail) => checks.Add(new VerificationCheck(name, check, outcome, detail));
        var full = Path.GetFullPath(dir);

        // A packet holds regular files and directories only. Links could point outside it (or at /dev/zero, which
        // never ends); a FIFO blocks whoever opens it. Such entries are named and nothing in the packet is read.
        var special = SpecialEntries(full);
        var links = special.Where(e => e.Kind == FileKind.Link).ToList();
        if (links.Count > 0)
        {
            Add("no-links", CheckOutcome.Fail, $"symbolic links in the packet: {string.Join(", ", links.Select(l => l.Path).Take(5))}");
        }

        var others = special.Where(e => e.Kind != FileKind.Link).ToList();
        if (others.Count > 0)
        {
            Add("regular-files", CheckOutcome.Fail, $"entries that are not regular files: {string.Join(", ", others.Select(e => $"{e.Path} ({e.Kind})").Take(5))}");
        }

        if (special.Count > 0)
        {
            Add("packet", CheckOutcome.Fail, "not verified further: the packet holds entries other than regular files and directories, and none of its files was read");
            return;
        }

        var manifestPath = Path.Combine(full, "MANIFEST.sha256");
        if (!File.Exists(manifestPath))
        {
            Add("manifest-sha256", CheckOutcome.Fail, "MANIFEST.sha256 is missing");
            return;
        }

        var manifest = File.ReadAllBytes(manifestPath);
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var shaProblems = new List<string>();
        var lines = Encoding.UTF8.GetString(manifest).Split('\n');
        if (lines[^1].Length != 0)
        {
            shaProblems.Add("last line not LF-terminated");
        }

        string? previous = null;
        foreach (var line in lines.SkipLast(1))
        {
            var m = ShaLine().Match(line);
            if (!m.Success || !SafeRelative(m.Groups[2].Value))
            {
                shaProblems.Add($"malformed line '{Trim(line)}'");
                continue;
            }

            var rel = m.Groups[2].Value;
            if (previous is not null && string.CompareOrdinal(previous, rel) >= 0)
            {
                shaProblems.Add($"not sorted or duplicate at '{rel}'");
            }

            previous = rel;
            listed[rel] = m.Groups[1].Value;
            var file = Path.Combine(full, rel);
            if (!File.Exists(file))
            {
                shaProblems.Add($"{rel}: missing");
            }
            else if (!string.Equals(Digests.Sha256Hex(file), m.Groups[1].Value, StringComparison.Ordinal))
            {
                shaProblems.Add($"{rel}: FAILED (content differs)");
            }
        }

        Add("manifest-sha256", shaProblems.Count == 0 && listed.Count > 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
            shaProblems.Count == 0 ? $"{listed.Count} files match MANIFEST.sha256" : string.Join("; ", shaProblems.Take(10)));

        // SM3 manifest: the same file set, each matching.
        var sm3Path = Path.Combine(full, "MANIFEST.sm3");
        if (!File.Exists(sm3Path))
        {
            Add("manifest-sm3", CheckOutcome.Fail, "MANIFEST.sm3 is missing");
        }
        else
        {
            var sm3Problems = new List<string>();
            var sm3Set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in File.ReadAllText(sm3Path).Split('\n').Where(l => l.Length > 0))
            {
                var m = Sm3Line().Match(line);
                if (!m.Success || !SafeRelative(m.Groups[1].Value))
                {
                    sm3Problems.Add($"malformed line '{Trim(line)}'");
                    continue;
                }

                var rel = m.Groups[1].Value;
                sm3Set.Add(rel);
                var file = Path.Combine(full, rel);
                if (!File.Exists(file))
                {
                    sm3Problems.Add($"{rel}: missing");
                }
                else if (!string.Equals(Digests.Sm3Hex(file), m.Groups[2].Value, StringComparison.Ordinal))
                {
                    sm3Problems.Add($"{rel}: FAILED (content differs)");
                }
            }

            if (!sm3Set.SetEquals(listed.Keys))
            {
                sm3Problems.Add("MANIFEST.sm3 lists a different file set than MANIFEST.sha256");
            }

            Add("manifest-sm3", sm3Problems.Count == 0 ? CheckOutcome.Pass : CheckOutcome.Fail, sm3Problems.Count == 0 ? $"{sm3Set.Count} files match MANIFEST.sm3" : string.Join("; ", sm3Problems.Take(10)));
        }

        // File set: nothing unlisted, nothing missing.
        var present = PacketSealer.SealedFiles(full).ToHashSet(StringComparer.Ordinal);
        var extra = present.Except(listed.Keys).Order(StringComparer.Ordinal).ToList();
        var missing = listed.Keys.Except(present).Order(StringComparer.Ordinal).ToList();
        Add("file-set", extra.Count == 0 && missing.Count == 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
            extra.Count == 0 && missing.Count == 0 ? "every file is listed and every listed file is present" :
            $"{(extra.Count > 0 ? "unlisted: " + string.Join(", ", extra.Take(10)) : "")}{(extra.Count > 0 && missing.Count > 0 ? "; " : "")}{(missing.Count > 0 ? "missing: " + string.Join(", ", missing.Take(10)) : "")}");

        // Signature.
        var p7sPath = Path.Combine(full, "MANIFEST.sha256.p7s");
        byte[]? signature = File.Exists(p7sPath) ? File.ReadAllBytes(p7sPath) : null;
        if (signature is null)
        {
            Add("cms-signature", CheckOutcome.Fail, "MANIFEST.sha256.p7s is missing: the packet is not signed");
        }
        else
        {
            Run("cms-signature", out var outcome, out var detail, () => CheckSignature(full, manifest, signature, anchors.SignerRootPemPath));
            Add("cms-signature", outcome, detail);
        }

        // Timestamps.
        var tsrs = Directory.GetFiles(full, "MANIFEST.sha256*.tsr").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (tsrs.Count == 0)
        {
            Add("rfc3161-timestamps", CheckOutcome.Skip, "no timestamps in this packet (no TSA configured, or all failed: see README.txt)");
        }

        foreach (var tsr in tsrs)
        {
            Run($"rfc3161 {tsr}", out var outcome, out var detail, () => CheckTimestamp(full, tsr!, anchors.TsaRootPemPath));
            Add($"rfc3161 {tsr}", outcome, detail);
        }

        // Custody chains.
        var custodyPath = Path.Combine(full, PacketSealer.CustodyPath);
        var contPath = Path.Combine(full, PacketSealer.ContinuationPath);
        if (!File.Exists(custodyPath))
        {
            Add("custody-chain", CheckOutcome.Fail, "custody/custody.log is missing");
        }
        else
        {
            var sealedLog = CustodyLog.Verify(File.ReadAllText(custodyPath), CustodyLog.Zero);
            Add("custody-chain", sealedLog.Ok ? CheckOutcome.Pass : CheckOutcome.Fail, $"custody.log: {sealedLog.Detail}");
            if (!File.Exists(contPath))
            {
                Add("custody-continuation", CheckOutcome.Fail, "custody/custody-continuation.log is missing");
            }
            else if (sealedLog.Ok)
            {
                var contText = File.ReadAllText(contPath);
                var cont = CustodyLog.Verify(contText, sealedLog.Head);
                var problems = new List<string>();
                if (!cont.Ok)
                {
                    problems.Add(cont.Detail);
                }

                var manifestHash = Digests.Sha256Hex(manifest);
                if (!contText.Contains($"\tSEALED\tMANIFEST.sha256\t{manifestHash}\t", StringComparison.Ordinal))
                {
                    problems.Add($"no SEALED line for this manifest ({manifestHash[..12]}…): the manifest was replaced after sealing");
                }

                // Every SIGNED/TIMESTAMPED file the log names must be present with that hash (deleting a stamp is caught).
                foreach (var cols in contText.Split('\n').Where(l => l.Length > 0).Select(l => l.Split('\t')).Where(c => c.Length == 8 && c[4] is "SIGNED" or "TIMESTAMPED" or "HASHED"))
                {
                    var file = Path.Combine(full, cols[5]);
                    if (!SafeRelative(cols[5]) || !File.Exists(file))
                    {
                        problems.Add($"{cols[4]} {cols[5]}: file missing");
                    }
                    else if (Digests.Sha256Hex(file) != cols[6])
                    {
                        problems.Add($"{cols[4]} {cols[5]}: file differs from the logged hash");
                    }
                }

                Add("custody-continuation", problems.Count == 0 ? CheckOutcome.Pass : CheckOutcome.Fail, problems.Count == 0 ? $"continuation: {cont.Detail}; SEALED matches this manifest" : string.Join("; ", problems));
            }
        }

        // WARC digests; the response payload of the primary capture equals page-source.html.
        foreach (var warc in new[] { "capture/capture.warc.gz", "crawl/crawl-time.warc.gz", "failed/failed-capture.warc.gz" }.Where(w => File.Exists(Path.Combine(full, w))))
        {
            Run($"warc {warc}", out var outcome, out var detail, () => CheckWarc(full, warc));
            Add($"warc {warc}", outcome, detail);
        }
    }

    private static void Run(string check, out CheckOutcome outcome, out string detail, Func<(bool Ok, string Detail)> run)
    {
        try
        {
            var (ok, d) = run();
            outcome = ok ? CheckOutcome.Pass : CheckOutcome.Fail;
            detail = d;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a hostile packet provokes in one check is that check's failure, never the verifier's crash.
            outcome = CheckOutcome.Fail;
            detail = $"{check}: unreadable ({ex.Message})";
        }
    }

    private static (bool, string) CheckSignature(string dir, byte[] manifest, byte[] signature, string? rootPath)
    {
        var cms = new SignedCms(new ContentInfo(manifest), detached: true);
        cms.Decode(signature);
        try
        {
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            return (false, $"signature does not verify over MANIFEST.sha256: {ex.Message}");
        }

        var signer = cms.SignerInfos[0].Certificate;
        if (signer is null)
        {
            return (false, "signer certificate not in the signature");
        }

        var (roots, anchorNote) = Roots(dir, rootPath, "certs/signer-root.pem");
        if (roots.Count == 0)
        {
            return (false, $"signature valid, but no signer root to check the chain against ({anchorNote})");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = SigningTime(cms) ?? DateTime.UtcNow;
        if (!chain.Build(signer))
        {
            return (false, $"signer {signer.Subject} does not chain to the root ({anchorNote}): {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct())}");
        }

        var dev = signer.Subject.Contains("DEVELOPMENT", StringComparison.Ordinal) ? " - DEVELOPMENT certificate, not for evidential use" : "";
        return (true, $"valid CMS signature by {signer.Subject}{dev} ({anchorNote})");
    }

    private static DateTime? SigningTime(SignedCms cms)
    {
        foreach (var attr in cms.SignerInfos[0].SignedAttributes)
        {
            foreach (var value in attr.Values)
            {
                if (value is Pkcs9SigningTime t)
                {
                    return t.SigningTime;
                }
            }
        }

        return null;
    }

    private static (bool, string) CheckTimestamp(string dir, string tsrName, string? rootPath)
    {
        var data = tsrName[..^4];
        var tsaSuffix = Regex.Match(data, "\\.tsa[0-9]+$");
        if (tsaSuffix.Success)
        {
            data = data[..tsaSuffix.Index];
        }

        var dataPath = Path.Combine(dir, data);
        if (!File.Exists(dataPath))
        {
            return (false, $"{data} (the stamped file) is missing");
        }

        var token = TsaClient.TokenFromResponse(File.ReadAllBytes(Path.Combine(dir, tsrName)), out var problem);
        if (token is null)
        {
            return (false, problem!);
        }

        var hash = SHA256.HashData(File.ReadAllBytes(dataPath));
        if (token.TokenInfo.HashAlgorithmId.Value != "2.16.840.1.101.3.4.2.1" || !token.TokenInfo.GetMessageHash().Span.SequenceEqual(hash))
        {
            return (false, $"message imprint does not match {data} (changed after stamping)");
        }

        var (roots, anchorNote) = Roots(dir, rootPath, "certs/tsa-root.pem");
        var extra = new X509Certificate2Collection();
        var chainFile = Path.Combine(dir, "certs", "tsa-chain.pem");
        if (File.Exists(chainFile))
        {
            extra.ImportFromPemFile(chainFile);
        }

        if (roots.Count == 0)
        {
            return (false, $"no TSA root to check against ({anchorNote})");
        }

        var tokenProblem = TsaClient.CheckToken(token, hash, roots, extra, out var signer);
        return tokenProblem is null
            ? (true, $"{data} stamped {WarcWriter.Date(token.TokenInfo.Timestamp)} by {signer!.Subject} ({anchorNote})")
            : (false, tokenProblem);
    }

    private static (X509Certificate2Collection Roots, string Note) Roots(string dir, string? given, string inPacket)
    {
        var roots = new X509Certificate2Collection();
        if (given is not null)
        {
            roots.ImportFromPemFile(given);
            return (roots, $"anchored to {Path.GetFileName(given)}");
        }

        var path = Path.Combine(dir, inPacket);
        if (File.Exists(path))
        {
            roots.ImportFromPemFile(path);
        }

        return (roots, $"anchored to the root shipped in the packet ({inPacket}); compare certs/FINGERPRINTS.txt with the hand-over letter");
    }

    private static (bool, string) CheckWarc(string dir, string warc)
    {
        var records = WarcReader.ReadAll(Path.Combine(dir, warc));
        var problems = new List<string>();
        string? firstPayload = null;
        foreach (var (r, i) in records.Select((r, i) => (r, i + 1)))
        {
            if (!r.Headers.TryGetValue("WARC-Block-Digest", out var block) || block != "sha256:" + Digests.Sha256Hex(r.Block))
            {
                problems.Add($"record {i} ({r.Type}): block digest mismatch");
            }

            if (r.Headers.TryGetValue("WARC-Payload-Digest", out var payloadDigest))
            {
                if (r.Type is "warcinfo" or "metadata" or "request")
                {
                    problems.Add($"record {i} ({r.Type}) must not carry a payload digest");
                }

                var offset = r.Type == "response" ? WarcReader.PayloadOffset(r.Block) : 0;
                if (offset < 0 || payloadDigest != "sha256:" + Digests.Sha256Hex(r.Block.AsSpan(offset)))
                {
                    problems.Add($"record {i} ({r.Type}): payload digest mismatch");
                }

                if (r.Type == "response")
                {
                    firstPayload ??= payloadDigest;
                }
            }
        }

        if (records.Count == 0 || records[0].Type != "warcinfo")
        {
            problems.Add("first record is not warcinfo");
        }

        var source = Path.Combine(dir, Path.GetDirectoryName(warc)!, "page-source.html");
        if (firstPayload is null)
        {
            problems.Add("no response record");
        }
        else if (File.Exists(source) && firstPayload != "sha256:" + Digests.Sha256Hex(source))
        {
            problems.Add("response payload digest differs from sha256 of page-source.html");
        }

        return problems.Count == 0
            ? (true, $"{records.Count} records, block and payload digests match; response payload = sha256(page-source.html)")
            : (false, string.Join("; ", problems.Take(10)));
    }

    /// <summary>Copies at most <paramref name="limit"/> + 1 bytes; returns how many were read (limit + 1: there was more).</summary>
    private static long CopyAtMost(Stream from, Stream to, long limit)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int n;
        while (copied <= limit && (n = from.Read(buffer, 0, (int)Math.Min(buffer.Length, limit + 1 - copied))) > 0)
        {
            to.Write(buffer, 0, n);
            copied += n;
        }

        return copied;
    }

    /// <summary>Every entry under <paramref name="root"/> that is not a regular file or a directory (links are not followed).</summary>
    private static List<(string Path, string Kind)> SpecialEntries(string root)
    {
        var found = new List<(string, string)>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(pending.Pop()))
            {
                var kind = FileKind.Of(entry);
                if (kind == FileKind.Directory)
                {
                    pending.Push(entry);
                }
                else if (kind != FileKind.Regular)
                {
                    found.Add((Path.GetRelativePath(root, entry), kind));
                }
            }
        }

        return found;
    }

    private static bool SafeRelative(string rel) =>
        rel.Length > 0 && !rel.StartsWith('/') && !rel.Contains('\\') && !rel.Contains(':') && !rel.Split('/').Any(s => s is "" or "." or "..") && !rel.Any(char.IsControl);

    private static string Trim(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
