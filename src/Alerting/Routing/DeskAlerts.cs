using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Storage;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Routing;

/// <summary>
/// Alerts for the duty desk that are not about an incident: collector-health events (checkpoint <c>alerting-health</c>)
/// and dead letters — a source going dark or a bounce is never silently dropped.
/// </summary>
internal sealed class DeskAlerts(
    IAlertStore alerts,
    ISourceStateStore sources,
    ICheckpointStore checkpoints,
    Router router,
    AckLinks ackLinks,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    ILogger<DeskAlerts> logger)
{
    public const string HealthCheckpoint = "alerting-health";

    private readonly RoutingOptions _routing = options.Value.Routing;

    /// <summary>Every dead letter becomes an alert to the duty desk (and the shift leader): a bounce is never silently dropped.</summary>
    public async Task ReportDeadLettersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var dead in await alerts.GetUnreportedDeadAsync(100, cancellationToken).ConfigureAwait(false))
        {
            var recipients = router.Resolve(_routing.DutyDesk.Append("roster:shift_leader"), [], now)
                .Where(r => !(r.Channel == dead.Channel && r.Address == dead.Recipient)).ToList();
            var body = $"以下通知无法送达（已尝试 {dead.Attempts} 次）：\n渠道：{dead.Channel}\n收件人：{dead.ResponderId} {dead.Recipient}\n标题：{dead.Subject}\n原因：{dead.LastError}\n请改用电话等方式通知，并核对联系方式。";
            var draft = new AlertRecord(0, $"dead:{dead.Id}", "dead_letter", null, IncidentLevel.None, "通知无法送达：" + dead.Subject, body, [], now, "open", null, null, null);
            var (alert, _) = await alerts.RaiseAsync(draft, [], [], cancellationToken).ConfigureAwait(false);
            var messages = recipients.Select(r => OutboxMessages.For($"dead:{dead.Id}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"desk:{r.ResponderId}",
                NotificationComposer.Desk("【投递失败】" + dead.Subject, body, r, ackLinks.Create(alert.Id, r.ResponderId), new { kind = "dead_letter", message_id = dead.Id, channel = dead.Channel, recipient = dead.Recipient, error = dead.LastError }),
                now, now)).ToList();
            await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
            await alerts.MarkDeadReportedAsync(dead.Id, cancellationToken).ConfigureAwait(false);
            PipelineLog.DeadLetterReported(logger, dead.Id, dead.Channel, dead.Recipient, alert.Id);
        }
    }

    /// <summary>Collector-health events (a source failing or going dark) go to the duty desk.</summary>
    public async Task RouteHealthEventsAsync(CancellationToken cancellationToken)
    {
        var after = await checkpoints.GetAsync(HealthCheckpoint, cancellationToken).ConfigureAwait(false);
        var events = await sources.GetHealthEventsAfterAsync(after, 100, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            var (title, body) = e.Node is { } node
                ? ($"集群节点异常：{node}", $"集群节点 {node}（{e.Kind}），时间 {ChinaTime.FormatBeijing(e.AtUtc)}。\n{e.Message}\n节点配置错误时采集可能重复或漏采，请检查节点名称与时钟（NTP）。")
                : ($"采集源异常：{e.SourceId}", $"采集源 {e.SourceId} 异常（{e.Kind}），连续失败 {e.ConsecutiveFailures} 次，时间 {ChinaTime.FormatBeijing(e.AtUtc)}。\n{e.Message}\n该源的舆情可能漏报，请检查。");
            var draft = new AlertRecord(0, $"health:{e.Id}", "health", null, IncidentLevel.None, title, body, [], now, "open", null, null, null);
            var (alert, _) = await alerts.RaiseAsync(draft, [], [], cancellationToken).ConfigureAwait(false);
            var messages = router.Resolve(_routing.DutyDesk, [], now).Select(r => OutboxMessages.For($"health:{e.Id}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"health:{e.SourceId}",
                NotificationComposer.Desk(e.Node is null ? $"【采集异常】{e.SourceId}：{e.Kind}" : $"【集群异常】{e.Node}：{e.Kind}", body, r, ackLinks.Create(alert.Id, r.ResponderId), new { kind = "health", source = e.SourceId, event_kind = e.Kind, message = e.Message, consecutive_failures = e.ConsecutiveFailures }),
                now, now)).ToList();
            await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        }

        if (events.Count > 0)
        {
            await checkpoints.SetAsync(HealthCheckpoint, events[^1].Id, cancellationToken).ConfigureAwait(false);
        }
    }
}
