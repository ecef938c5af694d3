using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SentimentWatch.Classifier;

public static class ClassifierServiceCollectionExtensions
{
    /// <summary>Registers the Classifier stage's services and options (TryAdd, so tests can override).</summary>
    public static IServiceCollection AddClassifier(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
