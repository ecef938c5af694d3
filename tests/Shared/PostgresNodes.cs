using SentimentWatch.Storage.PostgreSql;

namespace SentimentWatch.Testing;

/// <summary>
/// Two "nodes" on one fresh database of the tests' PostgreSQL, as two machines would have them: each its own
/// <see cref="PostgreSqlDatabase"/> (its own pool), the schema migrated.
/// </summary>
internal sealed class PostgresNodes : IAsyncDisposable
{
    private PostgresNodes(string connectionString)
    {
        ConnectionString = connectionString;
        Node1 = new PostgreSqlDatabase(connectionString);
        Node2 = new PostgreSqlDatabase(connectionString);
    }

    public string ConnectionString { get; }

    public PostgreSqlDatabase Node1 { get; }

    public PostgreSqlDatabase Node2 { get; }

    public static async Task<PostgresNodes> CreateAsync()
    {
        var nodes = new PostgresNodes(await PostgresServer.Shared.CreateDatabaseAsync());
        await nodes.Node1.MigrateAsync(CancellationToken.None);
        await nodes.Node2.MigrateAsync(CancellationToken.None);
        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        await Node1.DisposeAsync();
        await Node2.DisposeAsync();
    }
}
