using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting;
using SentimentWatch.Classifier;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Crawler;
using SentimentWatch.Storage;

namespace SentimentWatch.Host.Cli;

/// <summary>Builds the generic host every verb runs in: configuration, then each stage's services.</summary>
internal static class SwHost
{
    /// <summary>
    /// Configuration sources, later ones win: <c>{config}/sentimentwatch.json</c>, <c>{config}/conf.d/*.json</c> (sorted),
    /// <c>{config}/secrets.json</c> (never committed), environment variables prefixed <c>SW_</c>
    /// (<c>SW_Paths__Data=/var/lib/sw</c>), then <paramref name="overrides"/>.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string configDir, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        AddConfiguration(builder.Configuration, configDir, overrides);
        builder.Logging.AddSimpleConsoleLogging(builder.Configuration);
        builder.Services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section).ValidateOnStart();
        builder.Services
            .AddStorage(builder.Configuration)
            .AddCrawler(builder.Configuration)
            .AddClassifier(builder.Configuration)
            .AddAlerting(builder.Configuration);
        return builder;
    }

    public static void AddConfiguration(IConfigurationBuilder config, string configDir, IReadOnlyDictionary<string, string?>? overrides)
    {
        var dir = Path.GetFullPath(configDir);
        config.AddJsonFile(Path.Combine(dir, "sentimentwatch.json"), optional: true, reloadOnChange: false);
        var confD = Path.Combine(dir, "conf.d");
        if (Directory.Exists(confD))
        {
            foreach (var file in Directory.GetFiles(confD, "*.json").Order(StringComparer.Ordinal))
            {
                config.AddJsonFile(file, optional: false, reloadOnChange: false);
            }
        }

        config.AddJsonFile(Path.Combine(dir, "secrets.json"), optional: true, reloadOnChange: false);
        config.AddEnvironmentVariables("SW_");
        if (overrides is not null)
        {
            config.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>
    /// Starts <paramref name="host"/>; a configuration that fails validation is reported once, naming every
    /// bad key and value, and the verb exits with code 2.
    /// </summary>
    public static async Task<int> RunValidatedAsync(IHost host, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ConfigProblems(ex) is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync($"Configuration is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n  - " + string.Join("\n  - ", problems)).ConfigureAwait(false);
            return 2;
        }

        try
        {
            return await body(host.Services, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            using var stopCts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopCts.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Every failure message of every options validation inside <paramref name="ex"/>.</summary>
    public static IReadOnlyList<string> ConfigProblems(Exception ex)
    {
        var found = new List<string>();
        Collect(ex, found);
        return found.Distinct(StringComparer.Ordinal).ToList();

        static void Collect(Exception e, List<string> found)
        {
            switch (e)
            {
                case OptionsValidationException ove:
                    found.AddRange(ove.Failures);
                    break;
                case AggregateException ae:
                    foreach (var inner in ae.InnerExceptions)
                    {
                        Collect(inner, found);
                    }

                    break;
                default:
                    if (e.InnerException is not null)
                    {
                        Collect(e.InnerException, found);
                    }

                    break;
            }
        }
    }
}
