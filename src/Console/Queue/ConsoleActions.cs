using Microsoft.AspNetCore.Http;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Queue;

/// <summary>
/// The console's state changes on alerts and incidents, shared by the queue and the incident page: each one goes through
/// the same alerting services as the CLI (<see cref="IAlertingAdmin"/>: feedback, incident log) and is audited.
/// </summary>
internal sealed class ConsoleActions(
    IAlertingAdmin admin,
    IAlertStore alerts,
    IIncidentStore incidents,
    IIncidentWorkStore work,
    IClassificationStore classifications,
    QueueReader queue,
    Auditor audit,
    TimeProvider time)
{
    /// <summary>
    /// Acknowledges an alert and records the decision: <c>confirm</c> (the incident's predicted label), <c>false_positive</c>
    /// (<c>normal</c>), <c>relabel</c> (<paramref name="label"/>), or <c>ack</c> (no label). Null for an unknown alert;
    /// otherwise the message for the person.
    /// </summary>
    public async Task<string?> TriageAsync(HttpContext http, long alertId, string action, string? label, CancellationToken cancellationToken)
    {
        var alert = await alerts.GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false);
        if (alert is null)
        {
            return null;
        }

        if (action == "confirm")
        {
            label = await PredictedLabelAsync(alert, cancellationToken).ConfigureAwait(false);
        }

        if (label is not null && (!Labels.All.Contains(label) || alert.IncidentId is null))
        {
            await audit.RecordAsync(http, action, $"alert:{alertId}", Auditor.Refused, $"label '{label}' not applicable").ConfigureAwait(false);
            return $"类别“{label}”无效或该告警不涉及事件，未签收。";
        }

        var outcome = await admin.AcknowledgeAsync(alertId, http.User.Signature(), "console", label, cancellationToken).ConfigureAwait(false);
        queue.Invalidate();
        await audit.RecordAsync(http, action, $"alert:{alertId}" + (alert.IncidentId is { } i ? $" incident:{i}" : string.Empty), Auditor.Ok,
            (label is null ? string.Empty : $"label {label}; feedback posts {outcome.FeedbackPosts}; ") + (outcome.Acknowledged ? "acknowledged" : "was not open")).ConfigureAwait(false);
        var what = action switch
        {
            "confirm" => $"已确认（{Rendering.Show.Label(label)}）",
            "false_positive" => "已标为误报",
            "relabel" => $"已改判为“{Rendering.Show.Label(label)}”",
            _ => "已签收",
        };
        return $"告警 #{alertId}：{what}" + (outcome.Acknowledged ? "。" : "（此前已签收）。");
    }

    public async Task<string> AssignAsync(HttpContext http, long incidentId, string assignee, CancellationToken cancellationToken)
    {
        await work.AddAsync(incidentId, IncidentWorkKinds.Assign, http.User.Signature(), time.GetUtcNow(), assignee, null, null, cancellationToken).ConfigureAwait(false);
        queue.Invalidate();
        await audit.RecordAsync(http, "assign", $"incident:{incidentId}", Auditor.Ok, "to " + assignee).ConfigureAwait(false);
        return $"事件 #{incidentId} 已分派给 {assignee}。";
    }

    /// <summary>Records an assignment, police sharing, guidance reply or note, audited.</summary>
    public async Task<string> RecordWorkAsync(HttpContext http, long incidentId, string kind, string value, Uri? url, DateTimeOffset? postedAtUtc, CancellationToken cancellationToken)
    {
        await work.AddAsync(incidentId, kind, http.User.Signature(), time.GetUtcNow(), value, url, postedAtUtc, cancellationToken).ConfigureAwait(false);
        queue.Invalidate();
        await audit.RecordAsync(http, kind, $"incident:{incidentId}", Auditor.Ok, url?.AbsoluteUri ?? string.Empty).ConfigureAwait(false);
        return kind switch
        {
            IncidentWorkKinds.SharePolice => $"事件 #{incidentId} 已共享给公安联络员。",
            IncidentWorkKinds.Guidance => "已记录网上跟帖/正面评述。",
            _ => "已记录备注。",
        };
    }

    /// <summary>A duty leader's decision through <see cref="IAlertingAdmin"/> (downgrade, close, re-open, merge), audited; ArgumentException passes through.</summary>
    public async Task<string> DecideAsync(HttpContext http, long incidentId, string action, string detail, Func<IAlertingAdmin, Task<IncidentRecord>> decide)
    {
        var after = await decide(admin).ConfigureAwait(false);
        queue.Invalidate();
        await audit.RecordAsync(http, action, $"incident:{incidentId}", Auditor.Ok, detail).ConfigureAwait(false);
        return $"事件 #{after.Id}：{action switch { "downgrade" => "已降级", "close" => "已关闭", "reopen" => "已重新打开", _ => "已合并" }}，当前 {Rendering.Show.Level(after.Level)}、{Rendering.Show.IncidentState(after.State)}。";
    }

    /// <summary>The label the classifier gave the incident's first post; null when none is harmful (then confirm is a plain ack).</summary>
    private async Task<string?> PredictedLabelAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        if (alert.IncidentId is not { } id || await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        var verdict = await classifications.GetLatestAsync(incident.FirstPostId, cancellationToken).ConfigureAwait(false);
        return verdict?.Result.Label ?? incident.Labels.FirstOrDefault(Labels.IsHarmful);
    }
}

/// <summary>Whether the signed-in person may see an incident: everyone with the permission, except roles limited to incidents shared with the police.</summary>
internal sealed class IncidentVisibility(IIncidentWorkStore work, Microsoft.Extensions.Options.IOptions<Hosting.ConsoleOptions> options)
{
    public async Task<bool> CanSeeAsync(System.Security.Claims.ClaimsPrincipal user, long incidentId, CancellationToken cancellationToken) =>
        !user.SeesSharedOnly(options.Value) || (await work.GetSharedWithPoliceAsync(cancellationToken).ConfigureAwait(false)).Contains(incidentId);

    /// <summary>Null when the person sees every incident; else the incidents they may see.</summary>
    public async Task<IReadOnlySet<long>?> LimitAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.SeesSharedOnly(options.Value) ? await work.GetSharedWithPoliceAsync(cancellationToken).ConfigureAwait(false) : null;
}
