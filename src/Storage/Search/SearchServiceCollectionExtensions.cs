using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Search;

namespace SentimentWatch.Storage.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded search (section <c>Search</c>): <see cref="IPostSearch"/> and <see cref="IPostSearchIndex"/>
    /// on the store's FTS5 index. Needs the store (<see cref="StorageServiceCollectionExtensions.AddStorage"/>) and an
    /// <see cref="Core.Segmentation.ISearchTokenizer"/> (the Classifier stage registers the segmenter's). TryAdd, so
    /// tests can override. The background indexer is added separately by <see cref="AddSearchIndexer"/>.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteSearchIndex>();
        services.TryAddSingleton<IPostSearchIndex>(sp => sp.GetRequiredService<SqliteSearchIndex>());
        services.TryAddSingleton<IPostSearch, SqlitePostSearch>();
        services.TryAddSingleton<ISearchFeed, SqliteSearchFeed>();
        services.TryAddSingleton<PipelineGauges>();
        if (!string.Equals(configuration[$"{SearchOptions.Section}:Provider"], "elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IReadinessCheck, SqliteSearchReadiness>();
        }

        return services;
    }

    /// <summary>
    /// Adds the background indexer (woken by <see cref="PipelineSignals"/>, polling as the fallback) unless
    /// <c>Search:Indexer:Enabled</c> is false. Call from the verb that runs the pipeline.
    /// </summary>
    public static IServiceCollection AddSearchIndexer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Another provider brings its own indexer.
        if (configuration.GetValue($"{SearchOptions.Section}:Indexer:Enabled", true)
            && !string.Equals(configuration[$"{SearchOptions.Section}:Provider"], "elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton<PipelineSignals>();
            services.AddHostedService<SearchIndexWorker>();
        }

        return services;
    }
}
