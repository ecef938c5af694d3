using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence;

/// <summary>
/// Zips packets for hand-over: entry names are the packet id plus the packet's own ASCII paths. Each packet's
/// continuation log records EXPORTED before zipping; the zip is written to a temporary file, flushed and renamed.
/// </summary>
internal sealed class EvidenceExporter(IEvidenceStore store, IOptions<EvidenceOptions> options, IOptions<PathsOptions> paths, TimeProvider time) : IEvidenceExporter
{
    public async Task<EvidenceExport> ExportAsync(string alertIncidentOrEvidenceId, string zipPath, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertIncidentOrEvidenceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(zipPath);
        var items = (await store.FindByAlertOrIncidentAsync(alertIncidentOrEvidenceId, cancellationToken).ConfigureAwait(false)).ToList();
        if (items.Count == 0 && await store.GetAsync(alertIncidentOrEvidenceId, cancellationToken).ConfigureAwait(false) is { } single)
        {
            items.Add(single);
        }

        if (items.Count == 0)
        {
            throw new KeyNotFoundException($"no evidence for alert, incident or packet '{alertIncidentOrEvidenceId}'");
        }

        var root = EvidencePaths.Root(options.Value, paths.Value);
        var full = Path.GetFullPath(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            var updated = new List<EvidenceItem>();
            foreach (var item in items)
            {
                var dir = Directory.Exists(item.PacketPath) ? item.PacketPath : Path.Combine(root, item.Id);
                if (!File.Exists(Path.Combine(dir, "MANIFEST.sha256")))
                {
                    throw new InvalidDataException($"packet {item.Id} is not on disk at {dir} (or is not sealed)");
                }

                var head = PacketSealer.AppendContinuation(dir, time.GetUtcNow(), actor, "EXPORTED", Path.GetFileName(full), null, $"exported for {alertIncidentOrEvidenceId}");
                await store.UpdateContinuationHeadAsync(item.Id, head, cancellationToken).ConfigureAwait(false);
                updated.Add(item with { ContinuationHead = head, PacketPath = dir });
            }

            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var item in updated)
                    {
                        var dir = Path.GetFullPath(item.PacketPath);
                        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var rel = Path.GetRelativePath(dir, file).Replace('\\', '/');
                            var entry = zip.CreateEntry($"{item.Id}/{rel}", CompressionLevel.Optimal);
                            entry.LastWriteTime = File.GetLastWriteTimeUtc(file);
                            if (rel == "VERIFY.sh")
                            {
                                entry.ExternalAttributes = 0b111_101_101 << 16;
                            }

                            await using var source = File.OpenRead(file);
                            await using var target = entry.Open();
                            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            return new EvidenceExport(full, Digests.Sha256Hex(full), updated);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
