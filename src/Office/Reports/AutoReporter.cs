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
/// takedown requested or confirmed removed, a post from a new platform, growth past the configured thresholds. It
/// follows the store's journals past a durable checkpoint (<see cref="IReportQueries.DevelopmentsAsync"/>), so each read
/// is bounded by what is new; membership developments come from <see cref="IReportQueries.MembershipChangesAsync"/>. Each draft is logged in the
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

        // Membership developments (a new platform, growth) are not journal rows past a cursor but the difference between
        // an incident's membership now and what its last report covered, so one deferred by the quiet period is found
        // again on a later pass; read first, they join the journal developments of the same incident in one 续报.
        var membership = await MembershipDevelopmentsAsync(cancellationToken).ConfigureAwait(false);
        var cursor = await CursorAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var (developments, next) = await queries.DevelopmentsAsync(cursor, Batch, cancellationToken).ConfigureAwait(false);
            // One report per incident and batch: several developments read together give one 续报 that covers them all.
            foreach (var group in developments.Where(Counts).GroupBy(d => d.IncidentId))
            {
                var also = membership.Remove(group.Key, out var m) ? m : [];
                if (await DraftAsync(group.Key, [.. group, .. also], cancellationToken).ConfigureAwait(false) is { } draft)
                {
                    drafted.Add(draft);
                }
            }

            await SaveAsync(next, cancellationToken).ConfigureAwait(false);
            if (next == cursor)
            {
                break;
            }

            cursor = next;
        }

        foreach (var (incidentId, developments) in membership)
        {
            if (await DraftAsync(incidentId, developments, cancellationToken).ConfigureAwait(false) is { } draft)
            {
                drafted.Add(draft);
            }
        }

        return drafted;
    }

    /// <summary>
    /// Per incident, the membership developments due now: posts from platforms it had not reached, and growth past
    /// <c>Office:Reports:FollowUp</c>'s thresholds, each kind only when its quiet period since the last 续报 drafted for
    /// it has passed (until then it waits; a report drafted meanwhile for anything else covers it anyway).
    /// </summary>
    private async Task<Dictionary<long, List<IncidentDevelopment>>> MembershipDevelopmentsAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.FollowUp;
        var now = time.GetUtcNow();
        var quiet = o.QuietPeriod;
        bool Due(DateTimeOffset? last) => last is not { } at || now - at >= quiet;
        var due = new Dictionary<long, List<IncidentDevelopment>>();
        foreach (var change in await queries.MembershipChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = change.Covered.IncidentId;
            var list = new List<IncidentDevelopment>();
            if (o.NewPlatform && Due(change.LastNewPlatformReportUtc))
            {
                list.AddRange(change.NewPlatforms.Select(j =>
                    new IncidentDevelopment(DevelopmentKinds.NewPlatform, j.Seq, id, j.AtUtc, "system", j.Platform, j.PostId.ToString(CultureInfo.InvariantCulture))));
            }

            if (o.Grew(change.Covered.Posts, change.Now.Posts) && Due(change.LastGrowthReportUtc)
                && (await queries.JoinsAfterAsync(id, change.Now.LastSeq - 1, newPlatformsOnly: false, cancellationToken).ConfigureAwait(false)).FirstOrDefault() is { } last)
            {
                list.Add(new IncidentDevelopment(DevelopmentKinds.Growth, last.Seq, id, last.AtUtc, "system",
                    change.Now.Posts.ToString(CultureInfo.InvariantCulture), change.Covered.Posts.ToString(CultureInfo.InvariantCulture)));
            }

            if (list.Count > 0)
            {
                due[id] = list;
            }
        }

        return due;
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
        string[] membership = [.. developments.Select(d => d.Kind).Where(k => k is DevelopmentKinds.NewPlatform or DevelopmentKinds.Growth).Distinct()];
        var (record, _) = await service.GenerateAsync(kind, incidentId, null, null, Actor, membership, cancellationToken).ConfigureAwait(false);
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
        DevelopmentKinds.NewPlatform => $"传播至新平台 {d.What}（帖子 #{d.Detail}）",
        DevelopmentKinds.Growth => $"相关帖子由{d.Detail}条增至{d.What}条",
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
