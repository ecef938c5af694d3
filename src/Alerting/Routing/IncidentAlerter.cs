using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Escalation;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Routing;

/// <summary>
/// Grades an incident that changed and tells its route: a new level raises an alert (alert, messages and timers, keyed
/// so a replay sends nothing twice), later posts are batched into updates once per group interval, and a person's
/// action (a merge) is told once. Held updates are swept out when no further post arrives to carry them.
/// </summary>
internal sealed class IncidentAlerter(
    IIncidentStore incidents,
    IAlertStore alerts,
    Grader grader,
    Router router,
    AckLinks ackLinks,
    EscalationTimers escalation,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    ILogger<IncidentAlerter> logger)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(15);

    private readonly AlertingOptions _o = options.Value;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// Posts that joined an incident inside its group interval are held for the next update; when no further post
    /// arrives to trigger it, this sweep sends that update once the interval has passed — held news is late, never
    /// dropped. Runs at most every <see cref="SweepEvery"/> and looks at incidents active in the last day.
    /// </summary>
    public async Task FlushHeldUpdatesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < SweepEvery)
        {
            return;
        }

        _lastSweep = now;
        foreach (var incident in await incidents.ListAsync(now - TimeSpan.FromDays(1), 500, cancellationToken).ConfigureAwait(false))
        {
            if (incident.State != IncidentStates.Open || incident.Level == IncidentLevel.None || router.RouteFor(incident.Level) is not { } route)
            {
                continue;
            }

            var last = await alerts.LastEnqueuedAsync($"incident:{incident.Id}", cancellationToken).ConfigureAwait(false);
            if (last is { } l && incident.LastSeenUtc > l && now - l >= GroupInterval(route))
            {
                await EvaluateAsync(incident.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Re-analyses and re-grades an incident; raises an alert when its level is new, or batches an update.</summary>
    public Task EvaluateAsync(long incidentId, CancellationToken cancellationToken) => EvaluateAsync(incidentId, null, cancellationToken);

    /// <summary>
    /// As <see cref="EvaluateAsync(long, CancellationToken)"/>; with a <paramref name="notice"/> (a merge), responders get
    /// exactly one message about it: the upgrade when the level rose, else the notice itself instead of a batched update.
    /// </summary>
    public async Task EvaluateAsync(long incidentId, IncidentNotice? notice, CancellationToken cancellationToken)
    {
        // A merge, close or downgrade may land between reading the incident and writing its new grade; the write is
        // then refused and the grade is computed again from what is stored, so a stale level never overwrites theirs.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryEvaluateAsync(incidentId, notice, cancellationToken).ConfigureAwait(false) || attempt == 3)
            {
                return;
            }
        }
    }

    /// <returns>False when the incident changed under the evaluation and nothing was written or sent.</returns>
    private async Task<bool> TryEvaluateAsync(long incidentId, IncidentNotice? notice, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var posts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        // Closed and merged incidents are not re-graded or notified: a closed one comes back only through a re-open.
        if (incident is null || posts.Count == 0 || incident.State != IncidentStates.Open)
        {
            return true;
        }

        var levelRead = incident.Level;
        var now = time.GetUtcNow();
        var analysis = IncidentAnalysis.Analyze(posts, now, _o.Incidents);
        var text = analysis.FirstSource.Text + "\n" + posts[^1].Text;
        var grade = grader.Grade(new GradingInput(analysis.Labels, analysis.Metrics, text, now));
        var decision = LevelPolicy.Apply(incident.Level, grade.Level);
        var reasons = decision.HeldReason is null ? grade.Reasons : [decision.HeldReason, .. grade.Reasons];
        incident = incident with
        {
            // Named after the post that sets the level (a harmful reply, not the harmless thread starter it answered).
            Title = IncidentAnalysis.TitleOf(grader.LeadPost(posts, now)),
            Level = decision.Level,
            Reasons = decision.Level == grade.Level ? reasons : (reasons.Count > 0 ? reasons : incident.Reasons),
            FirstSeenUtc = analysis.FirstSource.At,
            LastSeenUtc = posts.Max(p => p.At),
            PostCount = posts.Count,
            Platforms = analysis.Platforms,
            Labels = analysis.Labels,
            Sites = incident.Sites.Union(grade.Sites, StringComparer.Ordinal).ToList(),
            Trend = analysis.Trend.ToString().ToLowerInvariant(),
            Burst = analysis.Burst,
        };
        if (!await incidents.UpdateGradedAsync(incident, levelRead, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (incident.Level == IncidentLevel.None || router.RouteFor(incident.Level) is not { } route)
        {
            return true;
        }

        var silence = (await alerts.GetActiveSilencesAsync(now, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.IncidentId == incidentId);
        if (silence is not null)
        {
            PipelineLog.Silenced(logger, incidentId, silence.ExpiresUtc, silence.CreatedBy);
            return true;
        }

        // Each re-opening is a new generation of alerts: the closed incident's alerts are resolved and stay so.
        var generation = incident.Reopened == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $":reopen:{incident.Reopened}");
        var key = $"incident:{incidentId}:level:{incident.Level}{generation}";
        var existing = await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var current = existing.FirstOrDefault(a => a.Key == key);
        // A crash between raising the alert and enqueueing its messages leaves an alert without messages: raising
        // again is idempotent (same keys) and repairs it.
        if (current is null || (await alerts.GetMessagesAsync(current.Id, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            var kind = generation.Length > 0 && !existing.Any(a => a.Key.EndsWith(generation, StringComparison.Ordinal)) ? "reopen"
                : existing.Count > 0 ? "upgrade" : "new";
            await RaiseIncidentAlertAsync(incident, analysis, route, key, kind, upgrade: existing.Count > 0, now, cancellationToken).ConfigureAwait(false);
        }
        else if (current.State == "open" || current.State == "acknowledged")
        {
            if (notice is not null)
            {
                await NotifyAsync(incident, analysis, route, current, notice, now, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await BatchUpdateAsync(incident, analysis, route, current, now, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>One message per responder about a person's action (a merge), on the incident's current alert.</summary>
    private async Task NotifyAsync(IncidentRecord incident, IncidentAnalysisResult analysis, RouteOptions route, AlertRecord alert, IncidentNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recipients = router.Resolve(route.Targets, incident.Sites, now);
        var messages = recipients.Select(r =>
        {
            var n = NotificationComposer.Incident(notice.Kind, incident, analysis, route, r, l => ackLinks.Create(alert.Id, r.ResponderId, l), alert.Id, notice.Text);
            return OutboxMessages.For($"{alert.Key}:{notice.KeyPart}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"incident:{incident.Id}", n, now, now);
        }).ToList();
        await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        // Alerts that came with the merge are now inhibited by the current one: their escalations stop.
        await alerts.SupersedeAsync(incident.Id, alert.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task RaiseIncidentAlertAsync(IncidentRecord incident, IncidentAnalysisResult analysis, RouteOptions route, string key, string kind, bool upgrade, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var draft = new AlertRecord(0, key, "incident", incident.Id, incident.Level, incident.Title,
            $"{incident.Level.Roman()}级 · {incident.PostCount} 条 · {string.Join("、", analysis.Platforms)}", incident.Reasons, now, "open", null, null, null);

        // The alert id goes into the ack links, so reserve it first: raise with no messages, then enqueue them.
        // Both steps are keyed; a crash in between is repaired by the replay below (messages keyed by alert key).
        var (alert, created) = await alerts.RaiseAsync(draft, [], escalation.Plan(incident.Level, now), cancellationToken).ConfigureAwait(false);
        var recipients = router.Resolve(route.Targets, incident.Sites, now);
        if (recipients.Count == 0)
        {
            PipelineLog.NoRecipients(logger, alert.Id);
            recipients = router.Resolve(_o.Routing.DutyDesk, [], now);
        }

        // An upgrade re-notifies at once; a first alert waits group_wait (capped for Ⅰ–Ⅲ: first reports without delay).
        var due = upgrade ? now : now + router.FirstNoticeWait(incident.Level, route);
        var messages = recipients.Select(r =>
        {
            var n = NotificationComposer.Incident(kind, incident, analysis, route, r, l => ackLinks.Create(alert.Id, r.ResponderId, l), alert.Id);
            return OutboxMessages.For($"{key}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"incident:{incident.Id}", n, due, now);
        }).ToList();
        if (_o.FreezeEvidence)
        {
            messages.Add(new OutboxMessage(0, $"{key}|evidence", alert.Id, EvidenceSender.Channel, "evidence", analysis.FirstSource.PostId.ToString(CultureInfo.InvariantCulture),
                $"evidence:{incident.Id}", "证据固定", string.Empty, null, EvidenceSender.Payload(analysis.FirstSource.PostId, key, _o.EvidenceOperator), 0, now, "pending", null, now, null));
        }

        var added = await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        await alerts.SupersedeAsync(incident.Id, alert.Id, cancellationToken).ConfigureAwait(false);
        if (created || added > 0)
        {
            PipelineLog.AlertRaised(logger, incident.Id, incident.Level.Roman(), alert.Id, added, string.Join("; ", incident.Reasons.Select(r => r.Rule)));
        }
    }

    private async Task BatchUpdateAsync(IncidentRecord incident, IncidentAnalysisResult analysis, RouteOptions route, AlertRecord alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var interval = GroupInterval(route);
        var last = await alerts.LastEnqueuedAsync($"incident:{incident.Id}", cancellationToken).ConfigureAwait(false);
        if (last is { } l && now - l < interval)
        {
            return;
        }

        if (!analysis.SpreadPath.Any() || (last is { } since && !(await incidents.GetPostsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Any(p => p.At > since)))
        {
            return;
        }

        // One update per group interval since the alert: the bucket number makes a replay produce the same keys.
        var bucket = (now - alert.CreatedUtc).Ticks / interval.Ticks;
        var recipients = router.Resolve(route.Targets, incident.Sites, now);
        var messages = recipients.Select(r =>
        {
            var n = NotificationComposer.Incident("update", incident, analysis, route, r, l => ackLinks.Create(alert.Id, r.ResponderId, l), alert.Id);
            return OutboxMessages.For(string.Create(CultureInfo.InvariantCulture, $"{alert.Key}:update:{bucket}|{r.ResponderId}|{r.Channel}"), alert.Id, r, $"incident:{incident.Id}", n, now, now);
        }).ToList();
        await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan GroupInterval(RouteOptions route) => route.GroupInterval > TimeSpan.FromSeconds(1) ? route.GroupInterval : TimeSpan.FromSeconds(1);
}

/// <summary>A person's action on an incident that responders are told about once (see <see cref="IncidentAlerter.EvaluateAsync(long, IncidentNotice?, CancellationToken)"/>).</summary>
/// <param name="Kind">Composer kind, e.g. <c>merge</c>.</param>
/// <param name="KeyPart">Makes the message keys unique per action, e.g. <c>merge:7</c>.</param>
/// <param name="Text">What happened, in Chinese, shown at the top of the message.</param>
internal sealed record IncidentNotice(string Kind, string KeyPart, string Text);
