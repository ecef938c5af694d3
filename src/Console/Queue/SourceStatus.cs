using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.DutyConsole.Queue;

/// <summary>One source's collection state: its last runs and health events.</summary>
public sealed record SourceState(SourceInfo Source, IReadOnlyList<SourceRunReport> Runs, IReadOnlyList<CollectorHealthEvent> Events)
{
    public SourceRunReport? Last => Runs.Count > 0 ? Runs[0] : null;

    /// <summary>The last run failed or yielded nothing: shown on the queue page too.</summary>
    public bool Failing => Source.Enabled && Last is { } last && (last.Status != SourceRunStatus.Ok || last.Failures.Count > 0);

    /// <summary>Enabled, run before, and every recent run parsed nothing.</summary>
    public bool Dark => Source.Enabled && Runs.Count >= 3 && Runs.Take(3).All(r => r.ItemsParsed == 0);
}

/// <summary>Reads <see cref="SourceState"/> for every configured source.</summary>
internal sealed class SourceStatusReader(ISourceStateStore states, ISourceCatalog? catalog = null)
{
    /// <summary>Runs read per source.</summary>
    public const int Runs = 10;

    /// <summary>Health events read (newest kept per source).</summary>
    public const int Events = 2000;

    public bool Available => catalog is not null;

    public async Task<IReadOnlyList<SourceState>> ReadAsync(CancellationToken cancellationToken)
    {
        if (catalog is null)
        {
            return [];
        }

        var events = await states.GetHealthEventsAfterAsync(0, Events, cancellationToken).ConfigureAwait(false);
        var list = new List<SourceState>();
        foreach (var source in catalog.Sources)
        {
            var runs = await states.GetRecentRunsAsync(source.Id, Runs, cancellationToken).ConfigureAwait(false);
            list.Add(new SourceState(source, runs, events.Where(e => e.SourceId == source.Id).OrderByDescending(e => e.Id).Take(10).ToList()));
        }

        return list;
    }
}
