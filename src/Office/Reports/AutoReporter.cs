using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;

namespace SentimentWatch.Office.Reports;

/// <summary>One report the drafter wrote: which, for which incident, and how long after the development it was ready.</summary>
public sealed record AutoDraft(ReportRecord Report, IncidentDevelopment Trigger, TimeSpan ReadyAfter);

/// <summary>
/// Drafts the 快报 when a Ⅰ/Ⅱ/Ⅲ incident is confirmed (one of its alerts acknowledged) and a 续报 (numbered by the
/// store) on each later development — a new alert (level change), console work that hands it to the police, a
/// takedown requested or confirmed removed. It follows the store's journals past a durable checkpoint
/// (<see cref="IReportQueries.DevelopmentsAsync"/>), so each read is bounded by what is new. Each draft is logged in the
/// incident's action log (<c>report_drafted</c>, with the seconds from the development), which the console's /reports
/// shows to the office as a notice until the report is marked sent.
/// </summary>
public sealed class AutoReporter(
    IReportQueries queries,
    ICheckpointStore checkpoints,
    IIncidentStore incidents,
    IReportStore reports,
    IIncidentActionStore actions,
    ReportService service,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<AutoReporter> logger)
{
    /// <summary>The drafter's account in reports' and actions' "by".</summary>
    public const string Actor = "system:auto-report";

    private const int Batch = 500;
    private const string Started = "office.auto.started";
    private static readonly string[] Names = ["office.auto.actions", "office.auto.alerts", "office.auto.work", "office.auto.takedowns", "office.auto.removed"];

    /// <summary>Reads what is new since the checkpoint, drafts, and moves the checkpoint. Returns what it drafted.</summary>
    public async Task<IReadOnlyList<AutoDraft>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var drafted = new List<AutoDraft>();
        if (!options.Value.AutoDraft)
        {
            return drafted;
        }

        var cursor = await CursorAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var (developments, next) = await queries.DevelopmentsAsync(cursor, Batch, cancellationToken).ConfigureAwait(false);
            // One report per incident and batch: several developments read together give one 续报 that covers them all.
            foreach (var group in developments.Where(Counts).GroupBy(d => d.IncidentId))
            {
                if (await DraftAsync(group.Key, [.. group], cancellationToken).ConfigureAwait(false) is { } draft)
                {
                    drafted.Add(draft);
                }
            }

            await SaveAsync(next, cancellationToken).ConfigureAwait(false);
            if (next == cursor)
            {
                return drafted;
            }

            cursor = next;
        }
    }

    /// <summary>Developments that call for a report; the drafter's own log entries and routine ones do not.</summary>
    private static bool Counts(IncidentDevelopment d) => d.Kind switch
    {
        DevelopmentKinds.Action => d.What is IncidentActionKinds.Acknowledge or IncidentActionKinds.Downgrade or IncidentActionKinds.MergeIn or IncidentActionKinds.Reopen,
        DevelopmentKinds.Work => d.What == IncidentWorkKinds.SharePolice,
        _ => true,
    };

    private async Task<AutoDraft?> DraftAsync(long incidentId, IReadOnlyList<IncidentDevelopment> developments, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { } incident
            || incident.State == IncidentStates.Merged || incident.Level is not (IncidentLevel.I or IncidentLevel.II or IncidentLevel.III))
        {
            return null;
        }

        var earlier = await reports.ListAsync(incidentId, 1000, cancellationToken).ConfigureAwait(false);
        var hasFlash = earlier.Any(r => r.Kind == ReportKinds.Flash);
        var confirmed = hasFlash || (await actions.GetActionsAsync(incidentId, cancellationToken).ConfigureAwait(false)).Any(a => a.Action == IncidentActionKinds.Acknowledge);
        if (!confirmed)
        {
            return null;
        }

        // The first development of the batch that this report answers: the confirmation for a 快报, else the earliest.
        var trigger = hasFlash ? developments[0] : developments.FirstOrDefault(d => d is { Kind: DevelopmentKinds.Action, What: IncidentActionKinds.Acknowledge }) ?? developments[0];
        var kind = hasFlash ? ReportKinds.FollowUp : ReportKinds.Flash;
        var (record, _) = await service.GenerateAsync(kind, incidentId, null, null, Actor, cancellationToken).ConfigureAwait(false);
        var ready = time.GetUtcNow() - trigger.AtUtc;
        var seconds = ready.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        await actions.RecordAsync(incidentId, IncidentActionKinds.ReportDrafted, Actor,
            $"{Words.Kind(kind)}第{record.Number}期自动起草完成，距{Describe(trigger)} {seconds} 秒", record.Id.ToString(CultureInfo.InvariantCulture), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        OfficeLog.AutoDrafted(logger, kind, record.Id, incidentId, Describe(trigger), ready.TotalMilliseconds);
        return new AutoDraft(record, trigger, ready);
    }

    private static string Describe(IncidentDevelopment d) => d.Kind switch
    {
        DevelopmentKinds.Action when d.What == IncidentActionKinds.Acknowledge => $"确认（{d.By} 签收）",
        DevelopmentKinds.Action => $"{Words.Action(d.What)}（{d.By}）",
        DevelopmentKinds.Alert => "新预警",
        DevelopmentKinds.Work => $"{Words.Work(d.What)}（{d.By}）",
        DevelopmentKinds.Takedown => $"申请删帖（{d.By}）",
        _ => "确认删帖",
    };

    private async Task<DevelopmentCursor> CursorAsync(CancellationToken cancellationToken)
    {
        if (await checkpoints.GetAsync(Started, cancellationToken).ConfigureAwait(false) == 0)
        {
            // Never run on this store: start at its present, so switching the drafter on does not draft for history.
            var latest = await queries.LatestCursorAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(latest, cancellationToken).ConfigureAwait(false);
            await checkpoints.SetAsync(Started, 1, cancellationToken).ConfigureAwait(false);
            return latest;
        }

        var saved = new long[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            saved[i] = await checkpoints.GetAsync(Names[i], cancellationToken).ConfigureAwait(false);
        }

        return new DevelopmentCursor(saved[0], saved[1], saved[2], saved[3], saved[4]);
    }

    private async Task SaveAsync(DevelopmentCursor c, CancellationToken cancellationToken)
    {
        long[] values = [c.Action, c.Alert, c.Work, c.Takedown, c.Removed];
        for (var i = 0; i < Names.Length; i++)
        {
            await checkpoints.SetAsync(Names[i], values[i], cancellationToken).ConfigureAwait(false);
        }
    }
}
