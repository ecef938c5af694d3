using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SentimentWatch.Crawler;

public static class CrawlerServiceCollectionExtensions
{
    /// <summary>Registers the Crawler stage's services and options (TryAdd, so tests can override).</summary>
    public static IServiceCollection AddCrawler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
