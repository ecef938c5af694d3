using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SentimentWatch.Crawler.Collection;

/// <summary>The source runner and its parts, each taking what it needs in its constructor.</summary>
internal static class CollectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISourceRunner"/> and the parts it composes (TryAdd, so tests can override). The stores, fetcher,
    /// renderer and parser they take come from the other stages' <c>AddXxx</c>; the host validates the container when it is
    /// built, so a missing one stops start-up naming it.
    /// </summary>
    public static IServiceCollection AddCollection(this IServiceCollection services)
    {
        Type[] parts = [typeof(PageIo), typeof(DeletionRecorder), typeof(ThreadReader), typeof(DetailPlanner), typeof(ListWalker),
            typeof(Recrawler), typeof(SourceSessions), typeof(RunHealth)];
        foreach (var part in parts)
        {
            services.TryAdd(ServiceDescriptor.Singleton(part, part));
        }

        services.TryAddSingleton<ISourceRunner, SourceRunner>();
        return services;
    }
}
