using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting;
using SentimentWatch.Classifier;
using SentimentWatch.Cluster;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.DutyConsole;
using SentimentWatch.Evidence;
using SentimentWatch.Office;
using SentimentWatch.Storage;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Search.Elasticsearch;
using SentimentWatch.Storage.Search;

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
        // A missing registration stops start-up naming the service, instead of a stage that logs on every pass while
        // the process looks alive.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        AddConfiguration(builder.Configuration, configDir, overrides);
        builder.Logging.AddSimpleConsoleLogging(builder.Configuration);
        builder.Services.AddPathsOptions();
        builder.Services.AddOptions<Core.Operations.NodeOptions>().BindConfiguration(Core.Operations.NodeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Core.Operations.NodeOptions>, Core.Operations.NodeOptionsValidator>();
        builder.Services
            .AddPostgreSqlStorage(builder.Configuration) // before AddStorage: Storage:Provider=postgresql registers its stores first
            .AddStorage(builder.Configuration)
            .AddSearch(builder.Configuration)
            .AddElasticsearchSearch(builder.Configuration)
            .AddCrawler(builder.Configuration)
            .AddCluster(builder.Configuration)
            .AddClassifier(builder.Configuration)
            .AddAlerting(builder.Configuration)
            .AddEvidence(builder.Configuration)
            .AddConsole(builder.Configuration)
            .AddPressLinesAndEvaluation(builder.Configuration)
            .AddOffice();
        return builder;
    }

    public static void AddConfiguration(IConfigurationBuilder config, string configDir, IReadOnlyDictionary<string, string?>? overrides)
    {
        var dir = Path.GetFullPath(configDir);
        var confD = Path.Combine(dir, "conf.d");
        // One source for the main file and conf.d: Crawler:Sources merge by Id across files, never by list position
        // (a second file's list would otherwise lend its first source the keys of the first file's first source).
        config.AddSourceMergingJsonFiles([Path.Combine(dir, "sentimentwatch.json"),
            .. Directory.Exists(confD) ? Directory.GetFiles(confD, "*.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>()]);

        config.AddJsonFile(Path.Combine(dir, "secrets.json"), optional: true, reloadOnChange: false);
        config.AddEnvironmentVariables("SW_");
        if (overrides is not null)
        {
            config.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>
    /// Validates every options class registered with <c>ValidateOnStart</c> without starting hosted services.
    /// Returns every problem (key, value, reason); empty when the configuration is sound.
    /// </summary>
    public static IReadOnlyList<string> Validate(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception ex) when (ConfigProblems(ex) is { Count: > 0 } problems)
        {
            return problems;
        }
    }

    /// <summary>Prints the one start-up refusal message naming every bad key and value; returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int RefuseStart(IReadOnlyList<string> problems)
    {
        Console.Error.WriteLine($"Configuration is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}); not starting:\n  - " + string.Join("\n  - ", problems));
        return ExitCodes.Usage;
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
