using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Storage.Search;
using SentimentWatch.Storage.PostgreSql;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>Readiness of the PostgreSQL store (<c>/readyz</c>'s "store" line) and what its start-up check says of the console's, office's and search's stores, against the real server the tests start.</summary>
public sealed class PostgreSqlOperationsTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Readiness_TakesWrites_NamesTheSchema_BeforeAndAfterFirstUse()
    {
        using var database = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync());
        var readiness = new PostgreSqlStoreReadiness(database);
        var beforeFirstUse = await readiness.CheckAsync(Ct);
        await database.MigrateAsync(Ct);

        var result = await readiness.CheckAsync(Ct);

        Assert.True(beforeFirstUse.Ready, beforeFirstUse.Detail);
        Assert.Contains("schema none yet", beforeFirstUse.Detail, StringComparison.Ordinal);
        Assert.True(result.Ready, result.Detail);
        Assert.Equal("store", result.Name);
        Assert.Contains($"takes writes; schema {PostgreSqlDatabase.KnownIds[^1]}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_DatabaseReadOnly_NotReady_SaysWhy()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        using (var first = new PostgreSqlDatabase(connectionString))
        {
            await first.MigrateAsync(Ct);
            await using var connection = await first.OpenAsync(Ct);
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{first.DatabaseName}\" SET default_transaction_read_only = on", connection);
            await alter.ExecuteNonQueryAsync(Ct);
        }

        using var database = new PostgreSqlDatabase(connectionString);
        var result = await new PostgreSqlStoreReadiness(database).CheckAsync(Ct);

        Assert.False(result.Ready);
        Assert.Contains("cannot take writes: transactions are read-only", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_SchemaNewerThanTheBinary_NotReady_NamesBothVersions()
    {
        using var database = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync());
        await database.MigrateAsync(Ct);
        await using (var connection = await database.OpenAsync(Ct))
        await using (var insert = new NpgsqlCommand("INSERT INTO schema_migrations (id, applied_at) VALUES ('9999_from_the_future', now())", connection))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var result = await new PostgreSqlStoreReadiness(database).CheckAsync(Ct);

        Assert.False(result.Ready);
        Assert.Contains("version 9999 (9999_from_the_future), newer than this binary knows", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_ServerUnreachable_NotReady_NamesHostAndPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var database = new PostgreSqlDatabase($"Host=127.0.0.1;Port={port};Database=sw;Username=sw;Timeout=5");

        var result = await new PostgreSqlStoreReadiness(database).CheckAsync(Ct);

        Assert.False(result.Ready);
        Assert.Contains($"127.0.0.1:{port}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupCheck_WithSqliteSearch_SaysSearchMustBeElasticsearch_AndListsNoStoreAsMissing()
    {
        Environment.SetEnvironmentVariable("SW_TEST_PG_OPERATIONS", await PostgresServer.Shared.CreateDatabaseAsync());
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgresql",
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG_OPERATIONS",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddOptions<PathsOptions>();
        services.AddPostgreSqlStorage(config).AddStorage(config).AddSearch(config);
        using var provider = services.BuildServiceProvider();

        var errors = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlOptions>>().Value).Failures.ToList();

        Assert.Contains(errors, e => e.StartsWith("Search:Provider 'sqlite' keeps the search index in a local SQLite file", StringComparison.Ordinal)
            && e.Contains("set Search:Provider to 'elasticsearch'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("Storage:Provider 'postgresql' composes stores", StringComparison.Ordinal));
        string[] ported = ["IAccountStore", "IAuditLog", "IIncidentWorkStore", "IQueueChanges", "IPressLineStore", "IExerciseStore", "IReportStore", "IPipelineGaugeReader", "IReportQueries", "ISearchFeed", "IReadinessCheck", "IPostSearch", "IPostSearchIndex"];
        Assert.DoesNotContain(errors, e => ported.Any(n => e.Contains(n, StringComparison.Ordinal)));
        var readiness = services.Where(d => d.ServiceType == typeof(Core.Operations.IReadinessCheck)).Select(d => d.ImplementationType).ToList();
        Assert.Contains(typeof(PostgreSqlStoreReadiness), readiness);
        Assert.DoesNotContain(typeof(SqliteStoreReadiness), readiness);
    }
}
