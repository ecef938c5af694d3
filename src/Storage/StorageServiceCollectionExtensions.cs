using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Classification;
using SentimentWatch.Storage.Evidence;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the embedded SQLite store (section <c>Storage</c>) and its stores (TryAdd, so tests can override).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var paths = sp.GetRequiredService<IOptions<PathsOptions>>().Value;
            return new SqliteDatabase(Path.IsPathRooted(storage.Database) ? storage.Database : paths.DataPath(storage.Database), storage.BusyTimeout);
        });
        services.TryAddSingleton<IPostStore, SqlitePostStore>();
        services.TryAddSingleton<ISourceStateStore, SqliteSourceStateStore>();
        services.TryAddSingleton<Core.Fetching.IUrlValidatorStore, SqliteUrlValidatorStore>();
        services.TryAddSingleton<Core.Collection.IRecrawlStore, Recrawl.SqliteRecrawlStore>();
        services.TryAddSingleton<Core.Images.IPostImageStore, Images.SqlitePostImageStore>();
        services.AddClassificationStorage();
        services.AddAlertingStores();
        services.AddEvidenceStorage(configuration);
        services.TryAddSingleton<Core.Accounts.IAccountStore, Accounts.SqliteAccountStore>();
        services.TryAddSingleton<Core.Accounts.IAuditLog, Accounts.SqliteAuditLog>();
        services.TryAddSingleton<Core.Alerting.IIncidentWorkStore, Accounts.SqliteIncidentWorkStore>();
        services.TryAddSingleton<Core.Alerting.IQueueChanges, Accounts.SqliteQueueChanges>();
        if (!string.Equals(configuration[$"{StorageOptions.Section}:Provider"], StorageOptions.PostgreSql, StringComparison.Ordinal))
        {
            // With postgresql the store's readiness is PostgreSQL's (AddPostgreSqlStorage); never a probe of a local file.
            services.AddSingleton<Core.Operations.IReadinessCheck, SqliteStoreReadiness>();
        }

        services.TryAddSingleton<Core.Operations.IPipelineGaugeReader, SqlitePipelineGaugeReader>();
        services.TryAddSingleton<Core.PressLines.IPressLineStore, PressLines.SqlitePressLineStore>();
        services.TryAddSingleton<Core.Exercise.IExerciseStore, Exercise.SqliteExerciseStore>();
        services.TryAddSingleton<Core.Reports.IReportStore, Reports.SqliteReportStore>();
        services.TryAddSingleton<Core.Reports.IReportQueries, Reports.SqliteReportQueries>();
        return services;
    }
}

internal sealed class StorageOptionsValidator(IEnumerable<StorageProviderRegistration> providers) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new ConfigErrors();
        if (!string.Equals(options.Provider, StorageOptions.Sqlite, StringComparison.Ordinal)
            && !string.Equals(options.Provider, StorageOptions.PostgreSql, StringComparison.Ordinal))
        {
            errors.Add($"{StorageOptions.Section}:Provider", options.Provider, $"must be '{StorageOptions.Sqlite}' or '{StorageOptions.PostgreSql}'");
        }
        else if (options.Provider != StorageOptions.Sqlite && !providers.Any(p => p.Name == options.Provider))
        {
            errors.Add($"{StorageOptions.Section}:Provider", options.Provider, "is not part of this program (its host does not register that store provider); it never falls back to SQLite");
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            errors.Add($"{StorageOptions.Section}:Database", options.Database, "must name a database file");
        }
        else if (options.Database.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{StorageOptions.Section}:Database", options.Database, "is not a valid path");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{StorageOptions.Section}:BusyTimeout", options.BusyTimeout, "must be between 00:00:00.001 and 00:10:00");
        }

        return errors.ToResult();
    }
}
