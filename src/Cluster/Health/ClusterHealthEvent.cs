using SentimentWatch.Core.Storage;

namespace SentimentWatch.Cluster.Health;

/// <summary>
/// One misconfiguration of this node (a duplicate name, clock skew) as collector-health events in the store, under the
/// source <c>node:NAME</c>: one event when it is first seen and one when it ends, none in between however many checks
/// still find it, so the duty desk is told once and <c>sw status</c> and the console list it. A write that fails is
/// tried again at the next check (the caller reports the failure).
/// </summary>
internal sealed class ClusterHealthEvent(string kind, string endedKind)
{
    private bool _recorded;

    /// <summary>Records the condition's start or end if it changed since the last recorded event.</summary>
    public async Task UpdateAsync(
        ISourceStateStore store, string node, bool holds, Func<string> message, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        if (holds == _recorded)
        {
            return;
        }

        await store.RaiseHealthEventAsync(
            Core.Collection.CollectorHealthEvent.NodeSource(node), atUtc, holds ? kind : endedKind, message(), holds ? 1 : 0, cancellationToken).ConfigureAwait(false);
        _recorded = holds;
    }
}
