using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Crawler.Fetching;

public static class FetchingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPageFetcher"/> (HTTP, polite, resilient) with options <c>Crawler:Fetching</c> and the
    /// per-source headers/cookies of <c>Crawler:Sources</c>, all validated at start-up. TryAdd, so tests can override.
    /// </summary>
    public static IServiceCollection AddFetching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(FetchingOptionsSetup)))
        {
            // Already added (AddFetching is idempotent: a second HttpClient pipeline or validator would double up).
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(configuration);
        services.AddOutboundPolicy();

        services.AddSingleton(new FetchingOptionsSetup(configuration));
        services.AddSingleton<IConfigureOptions<FetchingOptions>>(sp => sp.GetRequiredService<FetchingOptionsSetup>());
        services.AddSingleton<IValidateOptions<FetchingOptions>>(sp => sp.GetRequiredService<FetchingOptionsSetup>());
        services.AddOptions<FetchingOptions>().ValidateOnStart();

        services.AddSingleton<IValidateOptions<SourceHeaderSettings>>(new SourceHeaderSettingsValidator(configuration));
        services.AddOptions<SourceHeaderSettings>().Bind(configuration.GetSection("Crawler")).ValidateOnStart();

        services.TryAddSingleton<HostPoliteness>();
        services.TryAddSingleton<RobotsCache>();
        services.TryAddSingleton<RemoteAddressTracker>();
        services.TryAddSingleton(sp => new SourceRequestHeaders(sp.GetRequiredService<IOptions<SourceHeaderSettings>>(), configuration));
        services.TryAddSingleton<IPageFetcher, HttpPageFetcher>();
        services.TryAddSingleton<IUrlValidatorStore, InMemoryUrlValidatorStore>();

        // Browser sources (Fetch: Browser): Chromium renders, the fetcher above fetches every request it makes.
        services.AddOptions<Browser.BrowserOptions>().BindConfiguration(Browser.BrowserOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Browser.BrowserOptions>, Browser.BrowserOptionsValidator>());
        services.TryAddSingleton<Browser.IPageRenderer, Browser.ChromiumPageRenderer>();

        // The fetcher logs its own events (1100–1108, retries included); Polly's one-line-per-request Information
        // telemetry would drown them in a crawl log. Its warnings and errors still show.
        // A level configured for "Polly" (Logging:LogLevel:Polly) is left as the operator set it.
        services.Configure<LoggerFilterOptions>(o =>
        {
            if (!o.Rules.Any(r => string.Equals(r.CategoryName, "Polly", StringComparison.OrdinalIgnoreCase)))
            {
                o.AddFilter("Polly", LogLevel.Warning);
            }
        });

        services.AddHttpClient(HttpPageFetcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Connections are pooled and recycled by the handler itself, so the factory need not rotate it.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Redirects are followed by the fetcher, hop by hop, so each is recorded, checked against robots.txt and capped.
                AllowAutoRedirect = false,
                // Cookies come only from the source's configuration; a shared jar would leak sessions between sources.
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = sp.GetRequiredService<RemoteAddressTracker>().ConnectAsync,
            })
            .AddResilienceHandler("fetch", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<FetchingOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<HttpPageFetcher>();
                pipeline.TimeProvider = time;
                if (options.Retry.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.Retry.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.Retry.BaseDelay,
                        MaxDelay = options.Retry.MaxDelay,
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = args => ValueTask.FromResult(
                            !args.Context.CancellationToken.IsCancellationRequested &&
                            RetryPolicy.ShouldRetry(args.Outcome.Result, args.Outcome.Exception, options, time)),
                        // Retry-After is a minimum and timers can fire a tick early, so a small margin keeps the retry on the right side of it.
                        DelayGenerator = args => ValueTask.FromResult(RetryPolicy.RetryAfter(args.Outcome.Result, time) + RetryPolicy.RetryAfterMargin),
                        OnRetry = args =>
                        {
                            var reason = args.Outcome.Exception?.Message ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}";
                            FetchLog.Retrying(logger, args.Outcome.Result?.RequestMessage?.RequestUri, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, reason);
                            return default;
                        },
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });

        return services;
    }
}
