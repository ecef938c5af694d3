using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Sources;

/// <summary>Registers the configured sources and the page parsers.</summary>
public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CrawlerOptions"/> from <c>Crawler</c> with each source's profile merged in, validates every source
    /// at start-up (all problems in one message), and registers <see cref="IPageParser"/> (HTML, JSON and feed parsers,
    /// chosen by <see cref="SourceOptions.Kind"/>). This is the only place <see cref="CrawlerOptions"/> is bound.
    /// </summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<SourceBindErrors>();
        services.TryAddSingleton(new SourceConfiguration(configuration));
        services.AddOptions<CrawlerOptions>()
            .Configure<SourceBindErrors>((options, errors) =>
                SourceBinder.Bind(configuration.GetSection(CrawlerOptions.Section), options, errors))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrawlerOptions>, CrawlerOptionsValidator>());
        services.TryAddSingleton(sp => new Fetching.UnresolvedSourceSecrets(id =>
        {
            var sources = sp.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources;
            var i = sources.FindIndex(s => string.Equals(s.Id, id, StringComparison.Ordinal));
            var errors = new Core.Configuration.ConfigErrors();
            if (i >= 0)
            {
                Fetching.SourceHeaderSettingsValidator.Check(errors, configuration, $"{CrawlerOptions.Section}:Sources:{i}", id, sources[i].Headers, sources[i].Cookie, references: true);
            }

            return errors.Errors;
        }));
        services.AddOptions<ParsingOptions>().Bind(configuration.GetSection(ParsingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParsingOptions>, ParsingOptionsValidator>());
        services.TryAddSingleton<IPageParser>(sp => new SourcePageParser(sp.GetRequiredService<IOptions<ParsingOptions>>()));
        services.TryAddSingleton<Core.Collection.ISourceCatalog, ConfiguredSourceCatalog>();
        return services;
    }
}
