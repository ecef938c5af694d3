using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Pipeline;

/// <inheritdoc />
internal sealed class AlertingAdmin(
    IAlertStore alerts,
    IIncidentStore incidents,
    IIncidentActionStore actions,
    IncidentAlerter alerter,
    IncidentFeedback feedback,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<AlertingAdmin> logger) : IAlertingAdmin
{
    public async Task<bool> AcknowledgeAsync(long alertId, string by, string via, CancellationToken cancellationToken) =>
        (await AcknowledgeAsync(alertId, by, via, null, cancellationToken).ConfigureAwait(false)).Acknowledged;

    public async Task<AckOutcome> AcknowledgeAsync(long alertId, string by, string via, string? label, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("An acknowledgement needs the name of the person.");
        }

        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (label is not null && !Labels.All.Contains(label))
        {
            throw new ArgumentException($"label '{label}' is not one of {string.Join(", ", Labels.All)}");
        }

        var alert = await alerts.GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false);
        if (label is not null && alert?.IncidentId is null)
        {
            throw new ArgumentException(alert is null ? $"No alert {alertId}." : $"alert {alertId} is not about an incident: a label has no posts to apply to");
        }

        var now = time.GetUtcNow();
        var acknowledged = await alerts.AcknowledgeAsync(alertId, by.Trim(), via, now, cancellationToken).ConfigureAwait(false);
        var posts = 0;
        if (alert?.IncidentId is { } incidentId)
        {
            if (acknowledged)
            {
                await actions.RecordAsync(incidentId, IncidentActionKinds.Acknowledge, by, "签收 via " + via, alertId.ToString(CultureInfo.InvariantCulture), now, cancellationToken).ConfigureAwait(false);
            }

            if (label is not null)
            {
                posts = await feedback.RecordAsync(incidentId, label, by.Trim(), $"alert #{alertId} acknowledged via {via}", cancellationToken).ConfigureAwait(false);
                await actions.RecordAsync(incidentId, IncidentActionKinds.Feedback, by, $"label {label} for {posts} post(s)", label, now, cancellationToken).ConfigureAwait(false);
                PipelineLog.FeedbackRecorded(logger, incidentId, posts, label == Labels.Normal ? FeedbackDecisions.FalsePositive : "label", label, by);
            }
        }

        return new AckOutcome(acknowledged, posts);
    }

    public async Task<Silence> SilenceAsync(long incidentId, string by, string reason, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A silence needs who sets it and why (the false positive reviewed).");
        }

        var max = routing.Value.MaxSilence;
        if (duration <= TimeSpan.Zero || duration > max)
        {
            throw new ArgumentException($"A silence lasts between 1 minute and {max.TotalMinutes:0} minutes (Alerting:Routing:MaxSilence).");
        }

        if (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ArgumentException($"No incident {incidentId}.");
        }

        var now = time.GetUtcNow();
        var silence = await alerts.AddSilenceAsync(incidentId, by.Trim(), reason.Trim(), now, now + duration, cancellationToken).ConfigureAwait(false);
        await actions.RecordAsync(incidentId, IncidentActionKinds.Silence, by, reason, "until " + silence.ExpiresUtc.ToString("O", CultureInfo.InvariantCulture), now, cancellationToken).ConfigureAwait(false);

        // A silence is only for a reviewed false positive: that review is exactly the decision the classifier learns from.
        var posts = await feedback.RecordAsync(incidentId, Labels.Normal, by.Trim(), "silenced as false positive: " + reason.Trim(), cancellationToken).ConfigureAwait(false);
        await actions.RecordAsync(incidentId, IncidentActionKinds.Feedback, by, $"false positive for {posts} post(s)", Labels.Normal, now, cancellationToken).ConfigureAwait(false);
        PipelineLog.FeedbackRecorded(logger, incidentId, posts, FeedbackDecisions.FalsePositive, Labels.Normal, by);

        return silence;
    }

    public async Task<IncidentRecord> DowngradeAsync(long incidentId, IncidentLevel target, string by, string reason, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) ?? throw new ArgumentException($"No incident {incidentId}.");
        var decision = LevelPolicy.Downgrade(incident.Level, target, by, reason);
        var updated = incident with { Level = decision.Level, Reasons = [decision.HeldReason!, .. incident.Reasons.Where(r => r.Rule != "manual_downgrade")] };
        await incidents.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        await actions.RecordAsync(incidentId, IncidentActionKinds.Downgrade, by, reason, $"{incident.Level}->{target}", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public async Task<IncidentRecord> CloseAsync(long incidentId, string by, string reason, string? stage, CancellationToken cancellationToken)
    {
        var closed = await actions.CloseAsync(incidentId, by, reason, stage, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        PipelineLog.IncidentAction(logger, incidentId, IncidentActionKinds.Close, by, reason);
        return closed;
    }

    public async Task<IncidentRecord> ReopenAsync(long incidentId, string by, string reason, CancellationToken cancellationToken)
    {
        var reopened = await actions.ReopenAsync(incidentId, by, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        PipelineLog.IncidentAction(logger, incidentId, IncidentActionKinds.Reopen, by, reason);
        await alerter.EvaluateAsync(incidentId, cancellationToken).ConfigureAwait(false);
        return await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) ?? reopened;
    }

    public async Task<IncidentRecord> MergeAsync(long targetId, long sourceId, string by, string reason, CancellationToken cancellationToken)
    {
        var merged = await actions.MergeAsync(targetId, sourceId, by, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        PipelineLog.IncidentAction(logger, targetId, IncidentActionKinds.MergeIn + " #" + sourceId.ToString(CultureInfo.InvariantCulture), by, reason);
        var notice = new IncidentNotice("merge", "merge:" + sourceId.ToString(CultureInfo.InvariantCulture),
            $"事件 #{sourceId} 已由 {by.Trim()} 并入本事件（原因：{reason.Trim()}），以下为合并后的情况；此前关于 #{sourceId} 的通知以本通知为准。");
        await alerter.EvaluateAsync(targetId, notice, cancellationToken).ConfigureAwait(false);
        return await incidents.GetAsync(targetId, cancellationToken).ConfigureAwait(false) ?? merged;
    }
}
