using Microsoft.Extensions.Logging;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Collector-health events after a recorded run: selector drift (a role that stopped matching on most items) and a
/// streak of failed or dark runs reaching <see cref="SourceOptions.DarkAfterRuns"/> (then every further multiple).
/// </summary>
internal sealed class RunHealth(ISourceStateStore state, ILogger<RunHealth> logger)
{
    /// <summary>A role is drifting when it yields a value on fewer than half of at least this many items of a run.</summary>
    internal const int DriftMinItems = 5;

    public async Task RaiseIfDueAsync(SourceOptions source, SourceRunReport report, CancellationToken cancellationToken)
    {
        // A layout change often leaves the list matching while a field's selector silently stops: posts without
        // authors or times are still posts, so the run is Ok — the drift is named here instead.
        var drifting = report.RoleMatches.Where(kv => kv.Value.Items >= DriftMinItems && kv.Value.Matched * 2 < kv.Value.Items)
            .Select(kv => $"role '{kv.Key}' ({source.Selectors.GetValueOrDefault(kv.Key)}) matched {kv.Value.Matched} of {kv.Value.Items} items")
            .ToList();
        if (drifting.Count > 0)
        {
            var drift = "selector drift: " + string.Join("; ", drifting);
            await state.RaiseHealthEventAsync(source.Id, report.FinishedAtUtc, "drift", drift, 1, cancellationToken).ConfigureAwait(false);
            CollectionLog.HealthEvent(logger, source.Id, "drift", 1, drift);
        }

        if (report.Status == SourceRunStatus.Ok)
        {
            return;
        }

        // The run was recorded before this check, so the streak includes it. Raise once when the streak reaches the
        // threshold, then on every further multiple, so a long outage keeps reminding the duty desk.
        var runs = await state.GetRecentRunsAsync(source.Id, 1000, cancellationToken).ConfigureAwait(false);
        var streak = runs.TakeWhile(r => r.Status != SourceRunStatus.Ok).Count();
        if (streak < source.DarkAfterRuns || streak % source.DarkAfterRuns != 0)
        {
            return;
        }

        var kind = report.Failures.All(f => f.Kind == SourceFailureKind.ZeroItems) ? "dark" : "failed";
        var first = report.Failures.FirstOrDefault();
        var message = first is null
            ? $"{report.Status} run"
            : $"{first.Kind} at {first.Url?.AbsoluteUri ?? "(source)"}: {first.Reason}" + (report.Failures.Count > 1 ? $" (+{report.Failures.Count - 1} more)" : "");
        await state.RaiseHealthEventAsync(source.Id, report.FinishedAtUtc, kind, message, streak, cancellationToken).ConfigureAwait(false);
        CollectionLog.HealthEvent(logger, source.Id, kind, streak, message);
    }
}
