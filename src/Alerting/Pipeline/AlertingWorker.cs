using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// Runs the alerting pass as soon as the classifier signals new classifications, and at the latest every
/// <see cref="AlertingOptions.PollInterval"/> (timers, health events, classifications from another process); a failed
/// pass is logged and retried. After a pass it wakes the delivery worker, which finds whatever the pass queued.
/// </summary>
internal sealed class AlertingWorker(
    AlertingPipeline pipeline, IncidentAssigner assigner, PipelineSignals signals, IOptions<AlertingOptions> options, TimeProvider time,
    ILogger<AlertingWorker> logger, IStageLeadership? leadership = null) : BackgroundService
{
    private readonly IStageLeadership _leadership = leadership ?? SingleNodeLeadership.Instance;

    /// <summary>Whether the last pass found this node leading; a lease regained means the incident index is stale.</summary>
    private bool _led = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var consumed = 0;
            signals.Classified.Reset();
            try
            {
                // Incidents are clustered by one node at a time: two nodes clustering at once could open two incidents
                // for one story.
                var leads = await _leadership.LeadsAsync(Stages.Alerting, stoppingToken).ConfigureAwait(false);
                if (leads && !_led)
                {
                    // Another node led meanwhile and may have opened incidents this node's index has never seen.
                    assigner.ForgetIndex();
                }

                _led = leads;
                if (leads)
                {
                    consumed = await pipeline.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    signals.OutboxQueued.Notify();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                PipelineLog.PassFailed(logger, ex);
            }

            // A full batch means more is waiting: go again at once.
            if (consumed < 500)
            {
                try
                {
                    await signals.Classified.WaitAsync(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

/// <summary>
/// Drains the outbox when the alerting pass signals queued messages, and at the latest every
/// <see cref="DeliveryOptions.PollInterval"/> (messages coming due after group wait or backoff), independently of the
/// alerting pass.
/// </summary>
internal sealed class DeliveryWorker(
    OutboxDispatcher dispatcher, PipelineSignals signals, IOptions<AlertingOptions> options, IOptions<DeliveryOptions> delivery, TimeProvider time,
    ILogger<DeliveryWorker> logger, IStageLeadership? leadership = null) : BackgroundService
{
    private readonly IStageLeadership _leadership = leadership ?? SingleNodeLeadership.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            signals.OutboxQueued.Reset();
            try
            {
                // One sender for the whole outbox: a message is never handed over by two nodes.
                if (await _leadership.LeadsAsync(Stages.Delivery, stoppingToken).ConfigureAwait(false))
                {
                    await dispatcher.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                PipelineLog.PassFailed(logger, ex);
            }

            try
            {
                await signals.OutboxQueued.WaitAsync(delivery.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
