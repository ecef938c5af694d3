using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Images;
using SentimentWatch.Crawler.Scheduling;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler;

public static class CrawlerServiceCollectionExtensions
{
    /// <summary>Registers the crawler: sources, fetching, parsing, the source runner (TryAdd, so tests can override).</summary>
    public static IServiceCollection AddCrawler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSources(configuration);
        services.AddFetching(configuration);
        services.AddOptions<CollectionOptions>().BindConfiguration(CollectionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectionOptions>, CollectionOptionsValidator>());
        services.TryAddSingleton<Core.Storage.StorageFaults>();
        services.AddCollection();
        services.AddOptions<ImageOptions>().BindConfiguration(ImageOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImageOptions>, ImageOptionsValidator>());
        services.TryAddSingleton<ImageAnalyser>();
        services.TryAddSingleton<ImageFiles>();
        return services;
    }

    /// <summary>
    /// Adds the image reader (OCR and QR codes of the images found in posts, off the collection path). Call from the verb
    /// that runs the pipeline, beside the crawl schedule.
    /// </summary>
    public static IServiceCollection AddImageReader(this IServiceCollection services)
    {
        services.AddHostedService<ImageReader>();
        return services;
    }

    /// <summary>
    /// Schedules every enabled source as its own Quartz job (cron or interval, no overlapping runs of one source).
    /// The host adds Quartz's hosted service that runs the scheduler; <paramref name="store"/> chooses where Quartz keeps
    /// the schedule (in memory when null; the cluster's PostgreSQL job store from <c>SentimentWatch.Cluster</c>).
    /// </summary>
    public static IServiceCollection AddCrawlScheduling(this IServiceCollection services, Action<IQuartzBuilder>? store = null)
    {
        services.AddQuartz(q =>
        {
            // Shutdown asks this node's running crawls to stop (they stop between atomic page commits).
            q.ConfigureScheduler(s => s.ShutdownJobInterruption = ShutdownJobInterruption.Always);
            store?.Invoke(q);
        });
        services.AddSingleton<IHostedService, CrawlScheduleService>();
        services.AddSingleton<Core.Operations.IReadinessCheck, SchedulerReadiness>();
        return services;
    }
}
