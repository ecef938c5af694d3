using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Escalation;

/// <summary>
/// The timers of an alert (escalation steps, 首报 and 快报 deadlines, <c>Alerting:Escalation</c>) and their firing:
/// an unacknowledged alert reaches the next people on the roster; a report deadline reminds the desk.
/// </summary>
internal sealed class EscalationTimers(
    IAlertStore alerts,
    IIncidentStore incidents,
    Router router,
    AckLinks ackLinks,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    ILogger<EscalationTimers> logger)
{
    private readonly AlertingOptions _o = options.Value;

    /// <summary>The timers a new alert of <paramref name="level"/> raised at <paramref name="now"/> starts.</summary>
    public List<AlertTimer> Plan(IncidentLevel level, DateTimeOffset now)
    {
        var timers = new List<AlertTimer>();
        if (!_o.Escalation.Levels.TryGetValue(level.ToString(), out var policy))
        {
            return timers;
        }

        var at = now;
        for (var i = 0; i < policy.Steps.Count; i++)
        {
            at += policy.Steps[i].After;
            timers.Add(new AlertTimer(0, 0, "escalate", i, at, "pending"));
        }

        if (policy.FirstReportDue > TimeSpan.Zero)
        {
            timers.Add(new AlertTimer(0, 0, "first_report", 0, now + policy.FirstReportDue, "pending"));
        }

        if (policy.WrittenReportDue > TimeSpan.Zero)
        {
            timers.Add(new AlertTimer(0, 0, "written_report", 0, now + policy.WrittenReportDue, "pending"));
        }

        return timers;
    }

    /// <summary>Fires due timers: escalations reach the next people on the roster; report deadlines remind the desk.</summary>
    public async Task FireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var timer in await alerts.GetDueTimersAsync(now, 200, cancellationToken).ConfigureAwait(false))
        {
            var alert = await alerts.GetAlertAsync(timer.AlertId, cancellationToken).ConfigureAwait(false);
            var produced = new List<OutboxMessage>();
            if (alert is not null && timer.Kind == "escalate" && alert.State == "open"
                && _o.Escalation.Levels.TryGetValue(alert.Level.ToString(), out var policy) && timer.Step < policy.Steps.Count)
            {
                var already = (await alerts.GetMessagesAsync(alert.Id, cancellationToken).ConfigureAwait(false)).Select(m => (m.ResponderId, m.Channel)).ToHashSet();
                var sites = alert.IncidentId is { } iid && await incidents.GetAsync(iid, cancellationToken).ConfigureAwait(false) is { } inc ? inc.Sites : [];
                foreach (var r in router.Resolve(policy.Steps[timer.Step].Targets, sites, now).Where(r => !already.Contains((r.ResponderId, r.Channel))))
                {
                    var body = $"告警 #{alert.Id}（{alert.Level.Roman()}级）“{alert.Title}”自 {ChinaTime.FormatBeijing(alert.CreatedUtc)} 起未被签收，按预案升级通知您。\n{alert.Summary}\n定级依据：\n"
                        + string.Join('\n', alert.Reasons.Select(x => $"  - [{x.Level.Roman()}] {x.Rule}: {x.Detail}"));
                    var n = NotificationComposer.Desk($"【催办】【{alert.Level.Roman()}级舆情】{alert.Title}（未签收）", body, r, ackLinks.Create(alert.Id, r.ResponderId),
                        new { kind = "escalation", alert_id = alert.Id, step = timer.Step, level = alert.Level.ToString() });
                    produced.Add(OutboxMessages.For($"{alert.Key}:escalate:{timer.Step}|{r.ResponderId}|{r.Channel}", alert.Id, r, OutboxMessages.OrderKeyOf(alert), n, now, now));
                }

                PipelineLog.Escalated(logger, alert.Id, timer.Step, produced.Count);
            }
            else if (alert is not null && timer.Kind is "first_report" or "written_report" && alert.State is "open" or "acknowledged")
            {
                var what = timer.Kind == "first_report" ? "首报" : "书面快报";
                foreach (var r in router.Resolve(_o.Routing.DutyDesk.Append("roster:shift_leader"), [], now))
                {
                    var body = $"告警 #{alert.Id}（{alert.Level.Roman()}级）“{alert.Title}”的{what}时限已到（{ChinaTime.FormatBeijing(timer.DueUtc)}）。如尚未报送，即为迟报，请立即报送并记录。";
                    var n = NotificationComposer.Desk($"【{what}时限】【{alert.Level.Roman()}级舆情】{alert.Title}", body, r, null,
                        new { kind = timer.Kind, alert_id = alert.Id, due = timer.DueUtc });
                    produced.Add(OutboxMessages.For($"{alert.Key}:{timer.Kind}|{r.ResponderId}|{r.Channel}", alert.Id, r, OutboxMessages.OrderKeyOf(alert), n, now, now));
                }
            }

            await alerts.CompleteTimerAsync(timer.Id, produced, cancellationToken).ConfigureAwait(false);
        }
    }
}
