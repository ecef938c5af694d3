using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Core.Storage;
using SentimentWatch.Office.Exercise;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Evaluation;

/// <summary>
/// Builds an incident's evaluation from the store: the timeline of its handling against the plan's targets, who was
/// notified and acknowledged when, what people did, and what the classifier got wrong. Reads only; every entry
/// names the record it comes from.
/// </summary>
public sealed class EvaluationReader(
    IIncidentStore incidents,
    IAlertStore alerts,
    IIncidentActionStore actions,
    IIncidentWorkStore work,
    IPostStore posts,
    IClassificationStore classifications,
    IPressLineStore pressLines,
    IOptions<EvaluationOptions> options,
    DrillMarker drill,
    TimeProvider time,
    IServiceProvider services)
{
    /// <summary>Posts read for first-stored times (the incident's first post is always among them).</summary>
    private const int PostsRead = 200;

    /// <summary>Incidents read for one sitting's evaluation.</summary>
    private const int MaxIncidents = 5000;

    public async Task<IncidentEvaluation?> EvaluateAsync(long incidentId, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var steps = new Dictionary<string, (DateTimeOffset? At, string? By, List<SourceRef> Sources, string Note)>(StringComparer.Ordinal);
        void Set(string step, DateTimeOffset? at, string? by, IEnumerable<SourceRef> sources, string note = "") => steps[step] = (at, by, sources.ToList(), note);

        var incidentPosts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var firstPost = incidentPosts.OrderBy(p => p.At).FirstOrDefault();
        Set(EvaluationSteps.FirstPost, firstPost?.At, firstPost?.AuthorName ?? firstPost?.AuthorId, firstPost is null ? [] : [Refs.Post(firstPost)], firstPost?.Platform ?? string.Empty);

        (DateTimeOffset At, long Id, SourceRef Ref)? stored = null;
        foreach (var p in incidentPosts.Take(PostsRead).Append(incidentPosts.FirstOrDefault(p => p.PostId == incident.FirstPostId)).OfType<IncidentPost>())
        {
            if (await posts.GetPostAsync(p.PostId, cancellationToken).ConfigureAwait(false) is { } s && (stored is null || s.FirstSeenAtUtc < stored.Value.At))
            {
                stored = (s.FirstSeenAtUtc, p.PostId, Refs.Post(p));
            }
        }

        Set(EvaluationSteps.FirstStored, stored?.At, "system", stored is { } st ? [st.Ref] : []);
        var classified = await classifications.GetLatestAsync(stored?.Id ?? incident.FirstPostId, cancellationToken).ConfigureAwait(false);
        Set(EvaluationSteps.Classified, classified?.AtUtc, classified?.Result.ModelVersion, classified is null ? [] : [Refs.Classification(classified)], classified?.Result.Label ?? string.Empty);

        var incidentAlerts = await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var firstAlert = incidentAlerts.OrderBy(a => a.CreatedUtc).FirstOrDefault();
        Set(EvaluationSteps.Alerted, firstAlert?.CreatedUtc, "system", firstAlert is null ? [] : [Refs.Alert(firstAlert)]);
        var ack = incidentAlerts.Where(a => a.AcknowledgedUtc is not null).OrderBy(a => a.AcknowledgedUtc).FirstOrDefault();
        var responders = await RespondersAsync(incidentAlerts, cancellationToken).ConfigureAwait(false);
        Set(EvaluationSteps.Acknowledged, ack?.AcknowledgedUtc, ack?.AcknowledgedBy, ack is null ? [] : [Refs.Alert(ack)],
            ack is null && responders.Count > 0 ? "已通知未签收：" + string.Join("、", responders.Select(r => r.Responder).Distinct(StringComparer.Ordinal)) : string.Empty);

        var versions = await pressLines.ListAsync(incidentId, cancellationToken).ConfigureAwait(false);
        (PressLineStep Step, PressLineStep? Submitted)? approved = null;
        foreach (var v in versions)
        {
            var vs = await pressLines.GetStepsAsync(v.Id, cancellationToken).ConfigureAwait(false);
            if (vs.FirstOrDefault(s => s.Step == "approved") is { } a && (approved is null || a.AtUtc < approved.Value.Step.AtUtc))
            {
                approved = (a, vs.LastOrDefault(s => s.Step == "submitted" && s.AtUtc <= a.AtUtc));
            }
        }

        Set(EvaluationSteps.LineApproved, approved?.Step.AtUtc, approved?.Step.Actor, approved is { } ap ? [Refs.PressLine(ap.Step)] : [],
            approved is { Submitted: { } sub } ? $"送审 {Show(sub.AtUtc)}（{sub.Actor}），审定等待 {Minutes(sub.AtUtc, approved.Value.Step.AtUtc):0.#} 分钟" : string.Empty);

        if (services.GetService<IEvidenceStore>() is { } evidence)
        {
            var packets = await evidence.FindByAlertOrIncidentAsync(incidentId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            var firstPacket = packets.OrderBy(p => p.CreatedAtUtc).FirstOrDefault();
            Set(EvaluationSteps.EvidenceFrozen, firstPacket?.CreatedAtUtc, firstPacket?.Operator, firstPacket is null ? [] : [Refs.Evidence(firstPacket)]);
        }

        var items = await work.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var shared = items.FirstOrDefault(w => w.Kind == IncidentWorkKinds.SharePolice);
        Set(EvaluationSteps.Police, shared?.AtUtc, shared?.Actor, shared is null ? [] : [Refs.Work(shared)]);

        if (services.GetService<ITakedownStore>() is { } takedowns)
        {
            var removed = (await takedowns.ListForPostsAsync([.. incidentPosts.Select(p => p.PostId).Distinct()], [], cancellationToken).ConfigureAwait(false))
                .Where(t => t.RemovedAtUtc is not null).OrderBy(t => t.RemovedAtUtc).FirstOrDefault();
            Set(EvaluationSteps.Takedown, removed?.RemovedAtUtc, removed?.RequestedBy, removed is null ? [] : [Refs.Takedown(removed)]);
        }

        var log = await actions.GetActionsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        // The 快报's draft (automatic, or the first report anyone generated is not logged: only the drafter's entry counts)
        // and the first report sent up the chain, with who sent it and how.
        var drafted = log.FirstOrDefault(a => a.Action == IncidentActionKinds.ReportDrafted);
        Set(EvaluationSteps.ReportDrafted, drafted?.AtUtc, drafted?.By, drafted is null ? [] : [Refs.Action(drafted)], drafted?.Reason ?? string.Empty);
        var sent = log.FirstOrDefault(a => a.Action == IncidentActionKinds.ReportSent);
        Set(EvaluationSteps.ReportSent, sent?.AtUtc, sent?.By, sent is null ? [] : [Refs.Action(sent)], sent?.Reason ?? "未标记报送");
        var closed = incident.State == IncidentStates.Closed ? log.LastOrDefault(a => a.Action == IncidentActionKinds.Close) : null;
        Set(EvaluationSteps.Closed, closed?.AtUtc, closed?.By, closed is null ? [] : [Refs.Action(closed)], closed?.Reason ?? string.Empty);

        var timeline = EvaluationSteps.All.Select(step => Judge(step, steps, incident, closed?.AtUtc ?? now)).ToList();
        var people = items.Select(w => new PersonAction(w.AtUtc, w.Actor, WorkName(w.Kind), w.Url is null ? w.Value : $"{w.Value} {w.Url}", Refs.Work(w)))
            .Concat(log.Where(a => a.Action is IncidentActionKinds.Feedback or IncidentActionKinds.Acknowledge or IncidentActionKinds.Downgrade)
                .Select(a => new PersonAction(a.AtUtc, a.By, a.Action, a.Reason, Refs.Action(a))))
            .OrderBy(a => a.AtUtc).ToList();
        var mistakes = new List<ClassifierMistake>();
        foreach (var decision in log.Where(a => a.Action == IncidentActionKinds.Feedback && a.Detail is not null))
        {
            mistakes.AddRange(incidentPosts.Where(p => p.Label != decision.Detail && p.At <= decision.AtUtc)
                .Select(p => new ClassifierMistake(p.PostId, p.Label, decision.Detail!, decision.By, [Refs.Post(p), Refs.Action(decision)])));
        }

        return new IncidentEvaluation(incident, timeline, responders, people, mistakes.DistinctBy(m => m.PostId).Take(100).ToList(), await MarkerAsync(cancellationToken).ConfigureAwait(false), now);
    }

    /// <summary>The sittings of the exam calendar (<c>Calendar:Sittings</c>), for choosing one.</summary>
    public IReadOnlyList<ExamSitting> Sittings => services.GetService<ExamSchedule>()?.Sittings ?? [];

    /// <summary>
    /// The evaluation of a sitting (by name; default the latest that has started): every incident first seen from the
    /// sensitive days before its first session to the sensitive days after its last. Null when there is no such sitting.
    /// </summary>
    public async Task<OfficeDocument?> SittingAsync(string? name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sitting = string.IsNullOrWhiteSpace(name)
            ? Sittings.Where(s => s.FirstStart <= now).MaxBy(s => s.FirstStart) ?? Sittings.FirstOrDefault()
            : Sittings.FirstOrDefault(s => s.Name == name);
        if (sitting is null)
        {
            return null;
        }

        var from = sitting.FirstStart.AddDays(-sitting.SensitiveDaysBefore);
        var to = sitting.LastEnd.AddDays(sitting.SensitiveDaysAfter);
        return await RangeAsync(sitting.Name, from, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The evaluation of every incident first seen in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) as one document.</summary>
    public async Task<OfficeDocument> RangeAsync(string name, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var list = await EvaluateRangeAsync(fromUtc, toUtc, MaxIncidents, cancellationToken).ConfigureAwait(false);
        return EvaluationDocuments.Sitting(name, fromUtc, toUtc, list, await MarkerAsync(cancellationToken).ConfigureAwait(false), time.GetUtcNow());
    }

    /// <summary>Incidents first seen inside [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), each evaluated.</summary>
    public async Task<IReadOnlyList<IncidentEvaluation>> EvaluateRangeAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, int limit, CancellationToken cancellationToken)
    {
        var list = new List<IncidentEvaluation>();
        foreach (var incident in (await incidents.ListAsync(fromUtc, limit, cancellationToken).ConfigureAwait(false))
                 .Where(i => i.FirstSeenUtc >= fromUtc && i.FirstSeenUtc < toUtc && i.State != IncidentStates.Merged).OrderBy(i => i.FirstSeenUtc))
        {
            if (await EvaluateAsync(incident.Id, cancellationToken).ConfigureAwait(false) is { } e)
            {
                list.Add(e);
            }
        }

        return list;
    }

    /// <summary>【演练】 when this process runs a drill or the store is a drill's store; empty for real incidents.</summary>
    private Task<string> MarkerAsync(CancellationToken cancellationToken) => drill.OfAsync(cancellationToken);

    private TimelineStep Judge(string step, Dictionary<string, (DateTimeOffset? At, string? By, List<SourceRef> Sources, string Note)> steps, IncidentRecord incident, DateTimeOffset horizon)
    {
        var (at, by, sources, note) = steps.GetValueOrDefault(step, (null, null, [], "无此项记录（该环节所需模块未启用）"));
        if (!options.Value.Targets.TryGetValue(step, out var target) || !target.Within.TryGetValue(incident.Level.ToString(), out var within)
            || steps.GetValueOrDefault(target.From).At is not { } from)
        {
            // No target: still show how long after first storage it came, so the sitting's medians cover every step.
            var since = steps.GetValueOrDefault(EvaluationSteps.FirstStored).At;
            var after = at is { } done && since is { } stored && EvaluationSteps.All.ToList().IndexOf(step) > 1 ? Minutes(stored, done) : (double?)null;
            return new TimelineStep(step, at, by, sources, after is null ? null : EvaluationSteps.FirstStored, null, after, false, note);
        }

        var minutes = within.TotalMinutes;
        var taken = Minutes(from, at ?? horizon);
        var late = taken > minutes;
        var basis = target.Basis.Length > 0 ? target.Basis + "：" : string.Empty;
        var flag = !late ? note : at is null ? $"{basis}超时未完成（已过 {taken:0.#} 分钟，时限 {minutes:0.#} 分钟）{Join(note)}" : $"{basis}超时 {taken - minutes:0.#} 分钟{Join(note)}";
        return new TimelineStep(step, at, by, sources, target.From, minutes, at is null ? null : taken, late, flag);
    }

    private async Task<IReadOnlyList<ResponderAck>> RespondersAsync(IReadOnlyList<AlertRecord> incidentAlerts, CancellationToken cancellationToken)
    {
        var list = new List<ResponderAck>();
        foreach (var alert in incidentAlerts)
        {
            // "evidence" is alerting's internal channel for freeze requests, not a person.
            foreach (var m in (await alerts.GetMessagesAsync(alert.Id, cancellationToken).ConfigureAwait(false)).Where(m => m.Channel != "evidence")
                         .GroupBy(m => (m.ResponderId, m.Channel)).Select(g => g.OrderBy(m => m.Id).First()))
            {
                var notified = m.SentUtc ?? m.HandedUtc ?? m.CreatedUtc;
                list.Add(new ResponderAck(m.ResponderId, m.Channel, alert.Id, notified, alert.AcknowledgedBy, alert.AcknowledgedUtc,
                    alert.AcknowledgedUtc is { } a ? Minutes(notified, a) : null, Refs.Alert(alert)));
            }
        }

        return list;
    }

    private static string Join(string note) => note.Length > 0 ? "；" + note : string.Empty;

    internal static double Minutes(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalMinutes);

    internal static string Show(DateTimeOffset t) => Core.Time.ChinaTime.ToBeijing(t).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string WorkName(string kind) => kind switch
    {
        IncidentWorkKinds.Assign => "分派",
        IncidentWorkKinds.SharePolice => "共享公安",
        IncidentWorkKinds.Guidance => "网上跟帖 / 正面评述",
        _ => "备注",
    };
}
