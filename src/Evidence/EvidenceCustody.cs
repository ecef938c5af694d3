using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence;

/// <summary>Appends post-seal custody events (the continuation log stays outside the manifest, chained to the sealed head).</summary>
internal sealed class EvidenceCustody(IEvidenceStore store, IOptions<EvidenceOptions> options, IOptions<PathsOptions> paths, TimeProvider time) : IEvidenceCustody
{
    private static readonly System.Buffers.SearchValues<char> Allowed = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    public async Task<string> RecordAsync(string evidenceId, string actor, string action, string obj, string? objectSha256, string note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        if (action.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException($"custody action '{action}' must be upper-case letters and '_'", nameof(action));
        }

        var item = await store.GetAsync(evidenceId, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"no evidence packet '{evidenceId}'");
        var dir = Directory.Exists(item.PacketPath) ? item.PacketPath : Path.Combine(EvidencePaths.Root(options.Value, paths.Value), item.Id);
        var head = PacketSealer.AppendContinuation(dir, time.GetUtcNow(), actor, action, obj, objectSha256, note);
        await store.UpdateContinuationHeadAsync(item.Id, head, cancellationToken).ConfigureAwait(false);
        return head;
    }
}
