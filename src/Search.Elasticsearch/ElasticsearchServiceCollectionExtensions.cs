using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Search;
using SentimentWatch.Search.Elasticsearch.Indexing;
using SentimentWatch.Search.Elasticsearch.Querying;

namespace SentimentWatch.Search.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>True when <c>Search:Provider</c> is <c>elasticsearch</c>.</summary>
    public static bool IsSelected(IConfiguration configuration) =>
        string.Equals(configuration?["Search:Provider"], "elasticsearch", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// When <c>Search:Provider</c> is <c>elasticsearch</c>: registers <see cref="IPostSearch"/> and
    /// <see cref="IPostSearchIndex"/> on Elasticsearch (section <c>Search:Elasticsearch</c>, validated at start-up),
    /// replacing the embedded provider. Needs the store's <see cref="ISearchFeed"/> and an
    /// <see cref="Core.Segmentation.ISearchTokenizer"/>. Does nothing for another provider.
    /// </summary>
    public static IServiceCollection AddElasticsearchSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!IsSelected(configuration))
        {
            return services;
        }

        services.AddOptions<ElasticsearchOptions>().BindConfiguration(ElasticsearchOptions.Section).ValidateOnStart();
        services.AddOptions<SearchLimits>().BindConfiguration(SearchLimitRules.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SearchLimits>, SearchLimitsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchOptions>, ElasticsearchOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ElasticsearchConnection(
            sp.GetRequiredService<IOptions<ElasticsearchOptions>>(), sp.GetRequiredService<IConfiguration>(), sp.GetService<Elastic.Transport.IRequestInvoker>()));
        services.TryAddSingleton<ElasticsearchIndex>();
        services.Replace(ServiceDescriptor.Singleton<IPostSearchIndex>(sp => sp.GetRequiredService<ElasticsearchIndex>()));
        services.Replace(ServiceDescriptor.Singleton<IPostSearch, ElasticsearchPostSearch>());
        services.AddSingleton<Core.Operations.IReadinessCheck, ElasticsearchReadiness>();
        return services;
    }

    /// <summary>Adds the background indexer when the provider is Elasticsearch and <c>Search:Indexer:Enabled</c> is not false.</summary>
    public static IServiceCollection AddElasticsearchIndexer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsSelected(configuration) && configuration.GetValue("Search:Indexer:Enabled", true))
        {
            services.TryAddSingleton<PipelineSignals>();
            services.AddHostedService<ElasticsearchIndexWorker>();
        }

        return services;
    }
}
