using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Posts;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>Start-up and run-time faults of the PostgreSQL store, against the real server the tests start.</summary>
public sealed class PostgreSqlDatabaseTests
{
    private const string Password = "hunter2-never-printed";

    [Fact]
    public async Task Store_ServerUnreachable_FailsNamingHostAndPortButNotThePassword_AndCountsAsStorageFault()
    {
        var port = ClosedPort();
        using var database = new PostgreSqlDatabase($"Host=127.0.0.1;Port={port};Database=sw;Username=sw;Password={Password};Timeout=5");
        using var store = new PostgreSqlPostStore(database);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CountPostsAsync(CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        // The crawler's fault tracker pauses collection on it and resumes at the first write that succeeds.
        Assert.Equal("store unreachable", StorageFaults.Classify(ex));
    }

    [Fact]
    public void StartupCheck_ServerUnreachable_RefusesNamingHostAndPort()
    {
        var port = ClosedPort();
        Environment.SetEnvironmentVariable("SW_TEST_PG_UNREACHABLE", $"Host=127.0.0.1;Port={port};Database=sw;Username=sw;Password={Password};Timeout=5");
        var errors = StartupErrors(new() { ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG_UNREACHABLE" });

        var refusal = Assert.Single(errors, e => e.StartsWith("Storage:PostgreSql:ConnectionString", StringComparison.Ordinal));
        Assert.Contains($"PostgreSQL at 127.0.0.1:{port}", refusal, StringComparison.Ordinal);
        Assert.Contains("unreachable", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, string.Join("\n", errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupCheck_ReachableServer_EveryStoreAddStorageComposesIsPorted_NoRefusal()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync();

        var errors = StartupErrors(new() { ["Storage:PostgreSql:ConnectionString"] = "secret:pg", ["Secrets:pg"] = cs });

        Assert.Empty(errors);
    }

    [Fact]
    public async Task StartupCheck_AStageRegisteredASqliteStore_RefusedNamingItsInterface()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync();

        // A stage that registers a SQLite store itself, ahead of AddPostgreSqlStorage (whose TryAdd then leaves it).
        var errors = StartupErrors(
            new() { ["Storage:PostgreSql:ConnectionString"] = "secret:pg", ["Secrets:pg"] = cs },
            s => s.AddSingleton<Core.Reports.IReportQueries, Storage.Reports.SqliteReportQueries>());

        var refusal = Assert.Single(errors);
        Assert.StartsWith("Storage:Provider 'postgresql' composes stores that have no PostgreSQL implementation, and none falls back to SQLite: IReportQueries.", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupCheck_LiteralPasswordOrMissingSecret_RefusedWithoutEchoingIt()
    {
        var literal = StartupErrors(new() { ["Storage:PostgreSql:ConnectionString"] = $"Host=127.0.0.1;Username=sw;Password={Password}" });
        var missing = StartupErrors(new() { ["Storage:PostgreSql:ConnectionString"] = "secret:nope" });

        Assert.Contains(literal, e => e.Contains("holds a password written in the configuration", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, string.Join("\n", literal), StringComparison.Ordinal);
        Assert.Contains(missing, e => e.Contains("names secret 'nope', which is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void ProviderPostgreSql_HostWithoutThePostgreSqlAssembly_RefusesInsteadOfRunningOnSqlite()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "postgresql" }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(config).AddStorage(config).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Storage:Provider 'postgresql' is not part of this program", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_SchemaNewerThanBinary_RefusesNamingBothVersions()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync();
        using (var first = new PostgreSqlDatabase(cs))
        {
            await first.MigrateAsync(CancellationToken.None);
        }

        await ExecuteAsync(cs, "INSERT INTO schema_migrations (id, applied_at) VALUES ('0999_from_the_future', now())");
        using var database = new PostgreSqlDatabase(cs);

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => database.OpenAsync(CancellationToken.None));
        var binary = PostgreSqlDatabase.KnownIds.Max(id => int.Parse(id[..4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("version 0999 (0999_from_the_future), newer than this binary knows", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"(version {binary:0000})", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SchemaVersionException>(() => database.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_SchemaOlderThanBinaryCanMigrate_RefusesNamingBothVersions()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync();
        await ExecuteAsync(cs, "CREATE TABLE schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL); INSERT INTO schema_migrations VALUES ('0050_ancient', now())");
        using var database = new PostgreSqlDatabase(cs);

        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => database.MigrateAsync(CancellationToken.None));
        Assert.Contains("version 0050 (0050_ancient), older than this binary can migrate (oldest 0100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_TwoNodesAtOnce_EachMigrationAppliedOnce_ThenCheckPasses()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync();
        using var a = new PostgreSqlDatabase(cs);
        using var b = new PostgreSqlDatabase(cs);

        await Task.WhenAll(a.MigrateAsync(CancellationToken.None), b.MigrateAsync(CancellationToken.None));
        await a.MigrateAsync(CancellationToken.None);

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations", connection);
        Assert.Equal((long)PostgreSqlDatabase.KnownIds.Count, await count.ExecuteScalarAsync());
        await a.CheckAsync(CancellationToken.None);
    }

    private static List<string> StartupErrors(Dictionary<string, string?> keys, Action<IServiceCollection>? before = null)
    {
        keys["Storage:Provider"] = "postgresql";
        var config = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddOptions<PathsOptions>();
        before?.Invoke(services);
        services.AddPostgreSqlStorage(config).AddStorage(config);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<PostgreSqlOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A loopback port nothing listens on (taken from the OS, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
