using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Fetching;

namespace SentimentWatch.Crawler.Tests.Fetching.Support;

/// <summary>
/// The real fetcher as <c>AddFetching</c> composes it, with test-sized defaults (no politeness delay, short backoff and
/// timeouts) that each test overrides through configuration keys.
/// </summary>
internal sealed class FetcherHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    private FetcherHarness(ServiceProvider provider) => _provider = provider;

    public IPageFetcher Fetcher => _provider.GetRequiredService<IPageFetcher>();

    public IServiceProvider Services => _provider;

    public static FetcherHarness Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Test servers run on 127.0.0.1, refused by default (docs/security.md).
            ["Outbound:AllowLoopback"] = "true",
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00",
            ["Crawler:Fetching:Retry:BaseDelay"] = "00:00:00.020",
            ["Crawler:Fetching:Retry:MaxRetries"] = "2",
            ["Crawler:Fetching:Timeout"] = "00:00:20",
            ["Crawler:Fetching:AttemptTimeout"] = "00:00:10",
            ["Crawler:Fetching:ContactUrl"] = "https://watch.example.org/crawler",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFetching(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new FetcherHarness(provider);
    }

    /// <summary>Every start-up validation failure of the fetching options, as the host would report them.</summary>
    public static IReadOnlyList<string> StartupErrors(IReadOnlyDictionary<string, string?> settings)
    {
        using var harness = Create(settings);
        var errors = new List<string>();
        try
        {
            _ = harness._provider.GetRequiredService<IOptions<FetchingOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }

        try
        {
            _ = harness._provider.GetRequiredService<IOptions<SourceHeaderSettings>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }

        return errors;
    }

    public void Dispose() => _provider.Dispose();
}

internal static class Some
{
    public static FetchRequest Request(Uri url, string sourceId = "test", bool respectRobots = true) =>
        new(url, sourceId, RespectRobotsTxt: respectRobots);
}
