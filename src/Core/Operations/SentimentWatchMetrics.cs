using System.Diagnostics.Metrics;

namespace SentimentWatch.Core.Operations;

/// <summary>
/// The operators' metrics, one home for every stage (meter <c>SentimentWatch</c>, OpenTelemetry instrument names; a
/// Prometheus exporter writes them with dots as underscores and a unit suffix, e.g. <c>sw_crawl_runs_total</c>).
/// Counters and the histogram are recorded where the work happens; the gauges read the store when they are
/// collected (<see cref="PipelineGauges"/>, refreshed before every scrape).
/// </summary>
public static class SentimentWatchMetrics
{
    public const string MeterName = "SentimentWatch";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> CrawlRuns = Meter.CreateCounter<long>("sw.crawl.runs", "{run}", "Source runs finished, by source and status (ok, partial, failed)");

    private static readonly Counter<long> CrawlFailures = Meter.CreateCounter<long>("sw.crawl.failures", "{run}", "Source runs that did not fully succeed (partial or failed), by source");

    private static readonly Counter<long> PostsStored = Meter.CreateCounter<long>("sw.posts.stored", "{post}", "Posts written to the store, by source and outcome (new, edited)");

    private static readonly Histogram<double> AlertLatency = Meter.CreateHistogram<double>("sw.alert.latency", "s",
        "From an alert message being queued to its receiver confirming it, by channel", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900] });

    private static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("sw.delivery.failures", "{attempt}", "Failed delivery attempts, by channel and whether the message is now dead");

    /// <summary>A source run finished with <paramref name="status"/> (<c>Ok</c>, <c>Partial</c>, <c>Failed</c>).</summary>
    public static void CrawlRunFinished(string source, string status)
    {
        var s = status.ToLowerInvariant();
        CrawlRuns.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("status", s));
        if (s != "ok")
        {
            CrawlFailures.Add(1, new KeyValuePair<string, object?>("source", source));
        }
    }

    public static void PostStored(string source, string outcome) =>
        PostsStored.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));

    public static void AlertDelivered(string channel, TimeSpan sinceQueued) =>
        AlertLatency.Record(Math.Max(0, sinceQueued.TotalSeconds), new KeyValuePair<string, object?>("channel", channel));

    public static void DeliveryFailed(string channel, bool dead) =>
        DeliveryFailures.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("dead", dead ? "true" : "false"));

    static SentimentWatchMetrics()
    {
        Meter.CreateObservableGauge("sw.classify.lag", () => PipelineGauges.Current.ClassifyLag, "{post}", "Post changes stored but not yet classified");
        Meter.CreateObservableGauge("sw.outbox.depth", () => PipelineGauges.Current.OutboxDepth, "{message}", "Alert messages waiting to be delivered (pending or handed over)");
        Meter.CreateObservableGauge("sw.search.index.lag", () => PipelineGauges.Current.IndexLag, "{post}", "Stored posts not yet searchable (the search index is behind by this many)");
    }

    /// <summary>Makes sure the instruments exist (the static constructor ran) before a listener starts.</summary>
    public static void Touch()
    {
    }
}

/// <summary>Store-backed values behind the gauges.</summary>
public sealed record PipelineGaugeValues(long ClassifyLag, long OutboxDepth, long IndexLag);

/// <summary>Reads the store-backed gauge values (implemented by the store).</summary>
public interface IPipelineGaugeReader
{
    /// <summary>Classification lag and outbox depth; the index lag comes from the search provider.</summary>
    Task<(long ClassifyLag, long OutboxDepth)> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The latest gauge values. Observable gauges are read synchronously by a collector, so the values are read from the
/// store asynchronously just before (<see cref="RefreshAsync"/>, called by the scrape endpoint) and kept here.
/// </summary>
public sealed class PipelineGauges(IPipelineGaugeReader reader, Search.IPostSearch search)
{
    private static PipelineGaugeValues _current = new(0, 0, 0);

    public static PipelineGaugeValues Current => Volatile.Read(ref _current);

    public async Task<PipelineGaugeValues> RefreshAsync(CancellationToken cancellationToken)
    {
        var (classify, outbox) = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var values = new PipelineGaugeValues(classify, outbox, await search.LagAsync(cancellationToken).ConfigureAwait(false));
        Volatile.Write(ref _current, values);
        return values;
    }
}
