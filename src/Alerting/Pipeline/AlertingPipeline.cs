using SentimentWatch.Alerting.Escalation;
using SentimentWatch.Alerting.Routing;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// One pass of alerting, in this order: follow the classification stream into incidents and alert the ones that
/// changed (<see cref="ClassificationFeed"/>), send updates held past their group interval (<see cref="IncidentAlerter"/>),
/// route collector-health events and dead letters to the desk (<see cref="DeskAlerts"/>), fire due escalation and
/// report timers (<see cref="EscalationTimers"/>), and send the daily digest when due. Every write is keyed so a crash
/// anywhere replays the pass without sending anything twice.
/// </summary>
internal sealed class AlertingPipeline(
    ClassificationFeed feed,
    IncidentAlerter alerter,
    DeskAlerts desk,
    EscalationTimers escalation,
    DailyDigest digest)
{
    /// <summary>Runs one pass; returns the number of classifications consumed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var consumed = await feed.ReadAsync(cancellationToken).ConfigureAwait(false);
        await alerter.FlushHeldUpdatesAsync(cancellationToken).ConfigureAwait(false);
        await desk.RouteHealthEventsAsync(cancellationToken).ConfigureAwait(false);
        await escalation.FireDueAsync(cancellationToken).ConfigureAwait(false);
        await desk.ReportDeadLettersAsync(cancellationToken).ConfigureAwait(false);
        await digest.RunDueAsync(cancellationToken).ConfigureAwait(false);
        return consumed;
    }
}
