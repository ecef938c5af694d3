using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Storage.PostgreSql.Copy;

/// <summary>
/// Where the files a store points at live on each side. Relative <c>packet_path</c> values and the content-addressed image
/// store (<c>images/ab/cd/SHA.bin</c>) resolve against the data directories; packets are <c>PacketsRoot/ID</c>.
/// </summary>
/// <param name="SourceData">The SQLite deployment's <c>Paths:Data</c>.</param>
/// <param name="SourcePackets">The SQLite deployment's packet root (<c>Evidence:PacketsDirectory</c> resolved).</param>
/// <param name="TargetData">The directory the PostgreSQL nodes use as <c>Paths:Data</c> (shared by every node).</param>
/// <param name="TargetPackets">The packet root under it the nodes will read.</param>
public sealed record StoreFileLocations(string SourceData, string SourcePackets, string TargetData, string TargetPackets);

/// <summary>One kind of file: what this run copied, what was there already and identical, what is missing or does not match its hash (each named).</summary>
public sealed record FileKindCopy(string Kind, string HashFrom, int Copied, int Replaced, int AlreadyPresent, IReadOnlyList<string> Missing, IReadOnlyList<string> Mismatched)
{
    public bool Verified => Missing.Count == 0 && Mismatched.Count == 0;
}

/// <summary>What <see cref="StoreFileCopier.CopyAsync"/> did, per kind, and the stored paths the row copy must rewrite (old → new).</summary>
public sealed record StoreFilesReport(string Target, IReadOnlyList<FileKindCopy> Kinds, IReadOnlyDictionary<string, string> PacketPaths)
{
    public bool Verified => Kinds.All(k => k.Verified);
}

/// <summary>
/// Copies the files an SQLite store's rows point at to where a PostgreSQL deployment reads them: every evidence packet
/// (<c>evidence_items.packet_path</c>: captures, screenshots, WARC, images, custody logs, manifests, signature, stamps)
/// and every content-addressed post image (<c>post_images.sha256</c>). Each file is checked against the hash the store
/// already holds — a packet's <c>MANIFEST.sha256</c> against <c>manifest_sha256</c>, its sealed files against the
/// manifest's lines, the custody continuation log's last line against <c>continuation_head</c>, an image against its
/// name — and files with no recorded hash (the SM3 manifest, signature, stamps) are hashed at the source and again as
/// copied. A file is written under a temporary name, flushed, hashed again and only then renamed, so an interrupted
/// run never leaves a file that looks done, and a packet is assembled under <c>.migrating/</c> and renamed into place
/// whole; a re-run finds identical files and copies nothing. A file whose source does not match its recorded hash is
/// never copied, and its packet stays in <c>.migrating/</c>. A packet whose every file verified is the new
/// <c>packet_path</c> of its row when the stored path is absolute and differs.
/// </summary>
public sealed class StoreFileCopier(string sqlitePath, StoreFileLocations locations)
{
    /// <summary>Temporary files of this copier carry this in their names; a leftover from an interrupted run is removed.</summary>
    internal const string TempMarker = ".sw-migrate-";

    /// <summary>Packets being assembled at the target, under the packet root.</summary>
    public const string StagingDirectory = ".migrating";

    private const string Manifest = "MANIFEST.sha256";
    private const string Continuation = "custody/custody-continuation.log";

    /// <summary>Called after each file this run wrote, with the kind and the relative name.</summary>
    public Action<string, string>? FileCopied { get; init; }

    public async Task<StoreFilesReport> CopyAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(sqlitePath))
        {
            throw new StoreCopyRefusedException($"No SQLite store at {sqlitePath} (Paths:Data / Storage:Database): nothing to copy.");
        }

        var targetData = Path.GetFullPath(locations.TargetData);
        var targetPackets = Path.GetFullPath(locations.TargetPackets);
        if (string.Equals(targetData, Path.GetFullPath(locations.SourceData), StringComparison.Ordinal) ||
            string.Equals(targetPackets, Path.GetFullPath(locations.SourcePackets), StringComparison.Ordinal))
        {
            throw new StoreCopyRefusedException($"--files-to {targetData} is where the SQLite deployment's files already are: name the directory the PostgreSQL nodes will use");
        }

        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);

        var sealedFiles = new Tally("evidence packets, sealed files", "the packet's MANIFEST.sha256, itself checked against evidence_items.manifest_sha256");
        var postSeal = new Tally("evidence packets, post-seal files", "custody continuation: evidence_items.continuation_head; MANIFEST.sm3/.p7s/.tsr: none recorded, source and copy hashed");
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var packet in await PacketsAsync(source, cancellationToken).ConfigureAwait(false))
        {
            if (await CopyPacketAsync(packet, targetPackets, sealedFiles, postSeal, cancellationToken).ConfigureAwait(false) is { } moved &&
                Path.IsPathRooted(packet.StoredPath) && !string.Equals(packet.StoredPath, moved, StringComparison.Ordinal))
            {
                paths[packet.StoredPath] = moved;
            }
        }

        var staging = Path.Combine(targetPackets, StagingDirectory);
        if (Directory.Exists(staging) && !Directory.EnumerateFileSystemEntries(staging).Any())
        {
            Directory.Delete(staging);
        }

        var images = new Tally("post images", "post_images.sha256 (the file's name)");
        foreach (var sha in await ImageHashesAsync(source, cancellationToken).ConfigureAwait(false))
        {
            if (!IsSha256(sha))
            {
                images.Mismatched.Add($"post_images.sha256 '{sha}' is not a lower-case SHA-256: no file can be named by it");
                continue;
            }

            var rel = Path.Combine("images", sha[..2], sha[2..4], sha + ".bin");
            await CopyFileAsync(images, rel, Path.Combine(locations.SourceData, rel), Path.Combine(targetData, rel), sha, cancellationToken).ConfigureAwait(false);
        }

        return new StoreFilesReport(targetData, [sealedFiles.Done(), postSeal.Done(), images.Done()], paths);
    }

    /// <summary>Copies one packet; returns its directory at the target when every file of it is there and verified.</summary>
    private async Task<string?> CopyPacketAsync(PacketRow packet, string targetPackets, Tally sealedFiles, Tally postSeal, CancellationToken cancellationToken)
    {
        if (!IsSafeName(packet.Id))
        {
            sealedFiles.Mismatched.Add($"evidence {packet.Id}: the id is not a plain directory name; not copied");
            return null;
        }

        var stored = Path.IsPathRooted(packet.StoredPath) ? packet.StoredPath : Path.Combine(locations.SourceData, packet.StoredPath);
        var fallback = Path.Combine(locations.SourcePackets, packet.Id);
        var from = Directory.Exists(stored) ? stored : Directory.Exists(fallback) ? fallback : null;
        if (from is null)
        {
            sealedFiles.Missing.Add($"evidence {packet.Id}: packet directory not at {stored}{(stored == fallback ? "" : $" nor {fallback}")}");
            return null;
        }

        // Like the evidence stage's own .staging/: a packet is assembled under .migrating/ and renamed into place only
        // when every file of it verified, so the nodes never find half a packet where they look (PacketsRoot/ID).
        var final = Path.Combine(targetPackets, packet.Id);
        var to = Directory.Exists(final) ? final : Path.Combine(targetPackets, StagingDirectory, packet.Id);
        var problems = sealedFiles.Problems + postSeal.Problems;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var manifestPath = Path.Combine(from, Manifest);
        if (!File.Exists(manifestPath))
        {
            // Unsealed (a capture that failed before its seal records no manifest hash): every file is hashed at both ends.
            if (packet.ManifestSha256 is not null)
            {
                sealedFiles.Missing.Add($"evidence {packet.Id}: {Manifest} (recorded {Short(packet.ManifestSha256)}) not in {from}");
            }
        }
        else
        {
            var manifestHash = await HashAsync(manifestPath, cancellationToken).ConfigureAwait(false);
            if (packet.ManifestSha256 is { } recorded && !string.Equals(recorded, manifestHash, StringComparison.Ordinal))
            {
                sealedFiles.Mismatched.Add($"evidence {packet.Id}: {Manifest} at {from} has SHA-256 {Short(manifestHash)}, the store recorded {Short(recorded)}; packet not copied");
                return null;
            }

            await CopyFileAsync(sealedFiles, $"{packet.Id}/{Manifest}", manifestPath, Path.Combine(to, Manifest), packet.ManifestSha256, cancellationToken).ConfigureAwait(false);
            listed.Add(Manifest);
            foreach (var line in (await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // GNU sha256sum text mode: 64 hex digits, two spaces, the relative name.
                var rel = line.Length > 66 && line[64] == ' ' && line[65] == ' ' && IsSha256(line[..64]) ? line[66..] : null;
                if (rel is null || !IsSafeRelative(rel))
                {
                    sealedFiles.Mismatched.Add($"evidence {packet.Id}: {Manifest} line '{Shorten(line)}' is not a sha256sum line of a file inside the packet");
                    continue;
                }

                listed.Add(rel);
                await CopyFileAsync(sealedFiles, $"{packet.Id}/{rel}", Path.Combine(from, rel), Path.Combine(to, rel), line[..64], cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rel = Path.GetRelativePath(from, file).Replace('\\', '/');
            if (listed.Contains(rel))
            {
                continue;
            }

            if (rel == Continuation && packet.ContinuationHead is { } head)
            {
                var last = await LastLineHashAsync(file, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(last, head, StringComparison.Ordinal))
                {
                    postSeal.Mismatched.Add($"evidence {packet.Id}/{rel}: its last line hashes to {Short(last ?? "(empty)")}, evidence_items.continuation_head records {Short(head)} (a custody line was added, removed or edited since)");
                    continue;
                }
            }

            await CopyFileAsync(postSeal, $"{packet.Id}/{rel}", file, Path.Combine(to, rel), null, cancellationToken).ConfigureAwait(false);
        }

        if (packet.ContinuationHead is not null && !File.Exists(Path.Combine(from, Continuation)))
        {
            postSeal.Missing.Add($"evidence {packet.Id}/{Continuation} (head {Short(packet.ContinuationHead)} recorded) not in {from}");
        }

        if (sealedFiles.Problems + postSeal.Problems != problems)
        {
            return null;
        }

        if (!string.Equals(to, final, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(to);
            Directory.Move(to, final);
        }

        return final;
    }

    /// <summary>
    /// Hashes the source (against <paramref name="expected"/> when the store recorded one); leaves an identical target as it
    /// is; otherwise writes a temporary file next to the target, flushes it, hashes what was written and renames it.
    /// </summary>
    private async Task CopyFileAsync(Tally tally, string name, string from, string to, string? expected, CancellationToken cancellationToken)
    {
        if (!File.Exists(from))
        {
            tally.Missing.Add($"{name}: not at {from}");
            return;
        }

        var sourceHash = await HashAsync(from, cancellationToken).ConfigureAwait(false);
        if (expected is not null && !string.Equals(sourceHash, expected, StringComparison.Ordinal))
        {
            tally.Mismatched.Add($"{name}: {from} has SHA-256 {Short(sourceHash)}, recorded {Short(expected)}; not copied");
            return;
        }

        var dir = Path.GetDirectoryName(to)!;
        if (Directory.Exists(dir))
        {
            foreach (var leftover in Directory.EnumerateFiles(dir, Path.GetFileName(to) + TempMarker + "*.tmp"))
            {
                File.Delete(leftover);
            }
        }

        var replacing = false;
        if (File.Exists(to))
        {
            if (string.Equals(await HashAsync(to, cancellationToken).ConfigureAwait(false), sourceHash, StringComparison.Ordinal))
            {
                tally.AlreadyPresent++;
                return;
            }

            replacing = true;
        }

        Directory.CreateDirectory(dir);
        var temp = to + TempMarker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        try
        {
            await using (var read = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            await using (var write = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await read.CopyToAsync(write, cancellationToken).ConfigureAwait(false);
                write.Flush(flushToDisk: true);
            }

            var written = await HashAsync(temp, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(written, sourceHash, StringComparison.Ordinal))
            {
                tally.Mismatched.Add($"{name}: the copy at {temp} hashes to {Short(written)}, the source to {Short(sourceHash)} (changed while copying, or a write error); not renamed into place");
                return;
            }

            if (!OperatingSystem.IsWindows())
            {
                // VERIFY.sh stays executable; the rest keeps its owner-only or public modes.
                File.SetUnixFileMode(temp, File.GetUnixFileMode(from));
            }

            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(from));
            File.Move(temp, to, overwrite: true);
            if (replacing)
            {
                tally.Replaced++;
            }
            else
            {
                tally.Copied++;
            }

            FileCopied?.Invoke(tally.Kind, name);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static async Task<List<PacketRow>> PacketsAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var packets = new List<PacketRow>();
        await using var command = new SqliteCommand("SELECT id, packet_path, manifest_sha256, continuation_head FROM evidence_items ORDER BY id", source);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            packets.Add(new PacketRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        }

        return packets;
    }

    private static async Task<List<string>> ImageHashesAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var hashes = new List<string>();
        await using var command = new SqliteCommand("SELECT DISTINCT sha256 FROM post_images WHERE sha256 IS NOT NULL ORDER BY sha256", source);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes.Add(r.GetString(0));
        }

        return hashes;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The custody log's head as the evidence stage records it (<see cref="CustodyHead"/>).</summary>
    private static async Task<string?> LastLineHashAsync(string path, CancellationToken cancellationToken) =>
        CustodyHead.OfLog(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    private static bool IsSha256(string s) => s.Length == 64 && s.All(char.IsAsciiHexDigitLower);

    private static bool IsSafeName(string s) => s.Length > 0 && s is not "." and not ".." && s.IndexOfAny(['/', '\\', '\0']) < 0;

    private static bool IsSafeRelative(string rel) => !Path.IsPathRooted(rel) && rel.Split('/').All(IsSafeName);

    private static string Short(string hash) => hash.Length > 16 ? hash[..16] + "…" : hash;

    private static string Shorten(string s) => s.Length > 120 ? s[..120] + "…" : s;

    private sealed record PacketRow(string Id, string StoredPath, string? ManifestSha256, string? ContinuationHead);

    private sealed class Tally(string kind, string hashFrom)
    {
        public string Kind { get; } = kind;

        public int Copied { get; set; }

        public int Replaced { get; set; }

        public int AlreadyPresent { get; set; }

        public List<string> Missing { get; } = [];

        public List<string> Mismatched { get; } = [];

        public int Problems => Missing.Count + Mismatched.Count;

        public FileKindCopy Done() => new(Kind, hashFrom, Copied, Replaced, AlreadyPresent, Missing, Mismatched);
    }
}
