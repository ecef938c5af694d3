using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Office.Reports;

/// <summary>
/// Runs <see cref="AutoReporter"/> when a store signals an incident development (<see cref="PipelineSignals.IncidentsChanged"/>),
/// or every <c>Office:Reports:AutoPollInterval</c> when nothing signalled (a store written by another process).
/// </summary>
internal sealed class AutoReportWorker(AutoReporter reporter, PipelineSignals signals, IOptions<ReportOptions> options, TimeProvider time, ILogger<AutoReportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AutoDraft)
        {
            return;
        }

        var interval = options.Value.AutoPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                signals.IncidentsChanged.Reset();
                await reporter.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await signals.IncidentsChanged.WaitAsync(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OfficeLog.AutoDraftFailed(logger, interval.TotalSeconds, ex);
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
