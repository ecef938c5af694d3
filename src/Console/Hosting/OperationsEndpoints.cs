using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.DutyConsole.Hosting;

/// <summary>
/// The operators' view on the console's host, without a session (a load balancer or Prometheus has none):
/// <c>/healthz</c> (the process serves requests), <c>/readyz</c> (every <see cref="IReadinessCheck"/> of the worker:
/// store, scheduler, search index and how many posts it is behind; 503 when one is not ready) and <c>/metrics</c>
/// (the <see cref="SentimentWatchMetrics"/> meter in Prometheus text format, through OpenTelemetry's exporter; the
/// store-backed gauges are read just before each scrape).
/// </summary>
internal static class OperationsEndpoints
{
    /// <summary>One check may take this long before it counts as not ready (a locked store must not hang a probe).</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static void AddOperations(IServiceCollection services, IServiceProvider worker)
    {
        services.AddSingleton<IReadOnlyList<IReadinessCheck>>(worker.GetServices<IReadinessCheck>().ToList());
        if (worker.GetService<PipelineGauges>() is { } gauges)
        {
            services.AddSingleton(gauges);
        }

        SentimentWatchMetrics.Touch();
        // No response cache: a scrape always shows the counters as they are (the default would serve one copy for 300 ms).
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(SentimentWatchMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain")).AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous();
        // The gauges read the store before the exporter collects (observable gauges are read synchronously).
        app.UseWhen(http => http.Request.Path == "/metrics", branch => branch.Use(async (http, next) =>
        {
            if (http.RequestServices.GetService<PipelineGauges>() is { } gauges)
            {
                try
                {
                    await gauges.RefreshAsync(http.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The counters are still worth scraping; the gauges keep their last values and /readyz says why.
                }
            }

            await next(http).ConfigureAwait(false);
        }));
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, IReadOnlyList<IReadinessCheck> checks)
    {
        var results = await Task.WhenAll(checks.Select(c => CheckAsync(c, http.RequestAborted))).ConfigureAwait(false);
        var ready = results.All(r => r.Ready);
        var body = JsonSerializer.Serialize(new { ready, checks = results }, Json);
        return Results.Text(body + "\n", "application/json", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<ReadinessResult> CheckAsync(IReadinessCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await check.CheckAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReadinessResult(check.Name, false, ex is OperationCanceledException ? $"no answer within {CheckTimeout.TotalSeconds:0} s" : ex.Message);
        }
    }
}
