using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.PostgreSql.Posts;

namespace SentimentWatch.Storage.PostgreSql;

public static class PostgreSqlStorageServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Storage:Provider</c> is <c>postgresql</c>: registers the PostgreSQL stores ported so far, ahead of
    /// <c>AddStorage</c> (which only TryAdds), and a start-up check that refuses to start while any store the host
    /// composes is still a SQLite one, naming them. Call before <c>AddStorage</c>. Does nothing for <c>sqlite</c>.
    /// </summary>
    public static IServiceCollection AddPostgreSqlStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new StorageProviderRegistration(StorageOptions.PostgreSql));
        if (!string.Equals(configuration[$"{StorageOptions.Section}:Provider"], StorageOptions.PostgreSql, StringComparison.Ordinal))
        {
            return services;
        }

        services.AddOptions<PostgreSqlOptions>().BindConfiguration(PostgreSqlOptions.Section).ValidateOnStart();
        // The check reads the composed collection at validation time, when every stage has registered its services.
        services.AddSingleton<IValidateOptions<PostgreSqlOptions>>(new PostgreSqlStartupCheck(configuration, services));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgreSqlOptions>>().Value;
            return new PostgreSqlDatabase(PostgreSqlStartupCheck.Resolve(configuration, options.ConnectionString));
        });
        services.TryAddSingleton<IPostStore, PostgreSqlPostStore>();
        services.TryAddSingleton<ISourceStateStore, PostgreSqlSourceStateStore>();
        services.TryAddSingleton<Core.Fetching.IUrlValidatorStore, PostgreSqlUrlValidatorStore>();
        services.TryAddSingleton<Core.Collection.IRecrawlStore, PostgreSqlRecrawlStore>();
        services.TryAddSingleton<Core.Images.IPostImageStore, PostgreSqlPostImageStore>();
        services.TryAddSingleton<Core.Classification.IClassificationStore, Classification.PostgreSqlClassificationStore>();
        services.TryAddSingleton<Core.Classification.ICheckpointStore, Classification.PostgreSqlCheckpointStore>();
        services.TryAddSingleton<Core.Classification.IClassificationFeedbackStore, Classification.PostgreSqlClassificationFeedbackStore>();
        services.TryAddSingleton<Core.Alerting.IIncidentStore, Alerting.PostgreSqlIncidentStore>();
        services.TryAddSingleton<Core.Alerting.IAlertStore, Alerting.PostgreSqlAlertStore>();
        services.TryAddSingleton<Core.Alerting.IIncidentActionStore, Alerting.PostgreSqlIncidentActionStore>();
        services.TryAddSingleton<Core.Alerting.IAckLinkLedger, Alerting.PostgreSqlAckLinkLedger>();
        services.TryAddSingleton<Core.Evidence.IEvidenceStore, Evidence.PostgreSqlEvidenceStore>();
        services.TryAddSingleton<Core.Evidence.ITakedownStore, Evidence.PostgreSqlTakedownStore>();
        // Duty console, office and reports (issue 18, pg18b).
        services.TryAddSingleton<Core.Accounts.IAccountStore, Accounts.PostgreSqlAccountStore>();
        services.TryAddSingleton<Core.Accounts.IAuditLog, Accounts.PostgreSqlAuditLog>();
        services.TryAddSingleton<Core.Alerting.IIncidentWorkStore, Accounts.PostgreSqlIncidentWorkStore>();
        services.TryAddSingleton<Core.Alerting.IQueueChanges, Accounts.PostgreSqlQueueChanges>();
        services.TryAddSingleton<Core.PressLines.IPressLineStore, Office.PostgreSqlPressLineStore>();
        services.TryAddSingleton<Core.Exercise.IExerciseStore, Office.PostgreSqlExerciseStore>();
        services.TryAddSingleton<Core.Reports.IReportStore, Office.PostgreSqlReportStore>();
        services.TryAddSingleton<Core.Reports.IReportQueries, Office.PostgreSqlReportQueries>();
        services.TryAddSingleton<Core.Search.ISearchFeed, Search.PostgreSqlSearchFeed>();
        services.AddSingleton<Core.Operations.IReadinessCheck, PostgreSqlStoreReadiness>();
        services.TryAddSingleton<Core.Operations.IPipelineGaugeReader, PostgreSqlPipelineGaugeReader>();
        return services;
    }

    /// <summary>
    /// <c>Storage:PostgreSql:ConnectionString</c> resolved with the rules the start-up check applies (a <c>secret:</c> or
    /// <c>env:</c> reference; a literal password refused; host required), whatever <c>Storage:Provider</c> says: for
    /// commands that reach PostgreSQL from an SQLite configuration (<c>sw store migrate</c>). Null with the problems otherwise.
    /// </summary>
    public static string? ResolveConnectionString(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new ConfigErrors();
        var value = PostgreSqlStartupCheck.Check(configuration, errors, configuration[$"{PostgreSqlOptions.Section}:ConnectionString"] ?? "");
        problems = errors.Errors;
        return value;
    }
}

/// <summary>
/// Start-up refusal for <c>Storage:Provider=postgresql</c>, every problem at once: the connection string (unresolvable
/// reference, a literal password, not a connection string), the server (unreachable → host and port; a schema newer
/// than this binary or older than it can migrate → both versions), and each store the host composes that is still
/// SQLite's — listed by interface, because this build never runs part of the pipeline on a local file unannounced.
/// </summary>
internal sealed class PostgreSqlStartupCheck(IConfiguration configuration, IServiceCollection services) : IValidateOptions<PostgreSqlOptions>
{
    private const string Key = PostgreSqlOptions.Section + ":ConnectionString";

    public ValidateOptionsResult Validate(string? name, PostgreSqlOptions options)
    {
        var errors = new ConfigErrors();
        var connectionString = Check(configuration, errors, options.ConnectionString);
        if (connectionString is not null && options.CheckOnStart)
        {
            CheckServer(errors, connectionString);
        }

        var sqlite = StillOnSqlite();
        // SQLite's search is FTS5 inside the local file (with its readiness probe; the store's is PostgreSQL's here);
        // there is no PostgreSQL search provider: search is Elasticsearch's.
        if (sqlite.RemoveAll(n => n is nameof(Core.Search.IPostSearch) or nameof(Core.Search.IPostSearchIndex)) > 0)
        {
            sqlite.Remove(nameof(Core.Operations.IReadinessCheck));
            errors.Add("Search:Provider", configuration["Search:Provider"] ?? "sqlite",
                $"keeps the search index in a local SQLite file (FTS5): with {StorageOptions.Section}:Provider '{StorageOptions.PostgreSql}' set Search:Provider to 'elasticsearch' (there is no PostgreSQL search provider)");
        }

        if (sqlite.Count > 0)
        {
            errors.Add($"{StorageOptions.Section}:Provider", StorageOptions.PostgreSql,
                $"composes stores that have no PostgreSQL implementation, and none falls back to SQLite: {string.Join(", ", sqlite)}. Every store `sw run` composes is ported (src/Storage.PostgreSql/README.md); a stage added since must register its PostgreSQL store in AddPostgreSqlStorage, or run with '{StorageOptions.Sqlite}'");
        }

        return errors.ToResult();
    }

    /// <summary>The resolved connection string, or null with the problem added.</summary>
    internal static string? Check(IConfiguration configuration, ConfigErrors errors, string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            errors.Add(Key, "must be set (secret:KEY or env:NAME naming an Npgsql connection string) when Storage:Provider is 'postgresql'");
            return null;
        }

        var isReference = ConfigReference.IsReference(raw);
        if (!ConfigReference.TryResolve(raw, configuration, out var value, out var problem))
        {
            errors.Add(Key, problem!);
            return null;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // Never echo the value: it may hold the password.
            errors.Add(Key, "is not an Npgsql connection string (Host=…;Port=…;Database=…;Username=…;Password=…)");
            return null;
        }

        if (!isReference && !string.IsNullOrEmpty(builder.Password))
        {
            errors.Add(Key, "holds a password written in the configuration: put the connection string in config/secrets.json and write secret:KEY (or env:NAME)");
            return null;
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            errors.Add(Key, "names no Host");
            return null;
        }

        return value;
    }

    private static void CheckServer(ConfigErrors errors, string connectionString)
    {
        using var database = new PostgreSqlDatabase(connectionString);
        try
        {
            database.CheckAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is StoreUnavailableException or SchemaVersionException or NpgsqlException)
        {
            errors.Add(Key, ex is NpgsqlException ? $"PostgreSQL at {database.Host}:{database.Port} refused the connection: {ex.Message}" : ex.Message);
        }
    }

    /// <summary>The Core interfaces the host composes whose implementation is still in the SQLite assembly.</summary>
    private List<string> StillOnSqlite()
    {
        var sqliteAssembly = typeof(StorageOptions).Assembly;
        return services
            .Where(d => !d.IsKeyedService && d.ServiceType.Namespace?.StartsWith("SentimentWatch.Core", StringComparison.Ordinal) == true)
            .Where(d => (d.ImplementationType ?? d.ImplementationInstance?.GetType() ?? d.ImplementationFactory?.Method.DeclaringType)?.Assembly == sqliteAssembly)
            .Select(d => d.ServiceType.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Resolves the connection string for the database factory (the check above has reported any problem).</summary>
    public static string Resolve(IConfiguration configuration, string raw) =>
        ConfigReference.TryResolve(raw, configuration, out var value, out var problem)
            ? value
            : throw new InvalidOperationException($"{Key}: {problem}");
}
