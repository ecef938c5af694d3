using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Delivery;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>Runs the alerting pass every <see cref="AlertingOptions.PollSeconds"/>; a failed pass is logged and retried.</summary>
internal sealed class AlertingWorker(AlertingPipeline pipeline, IOptions<AlertingOptions> options, TimeProvider time, ILogger<AlertingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var consumed = 0;
            try
            {
                consumed = await pipeline.RunOnceAsync(stoppingToken).ConfigureAwait(false);
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
                    await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

/// <summary>Drains the outbox every <see cref="DeliveryOptions.PollSeconds"/>, independently of the alerting pass.</summary>
internal sealed class DeliveryWorker(OutboxDispatcher dispatcher, IOptions<AlertingOptions> options, IOptions<DeliveryOptions> delivery, TimeProvider time, ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                PipelineLog.PassFailed(logger, ex);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(delivery.Value.PollSeconds), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
