using System.Data.Common;
using Npgsql;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PostgreSql;

/// <summary>
/// Sessions on PostgreSQL: a pooled connection from the data source per unit of work (Npgsql keeps the connections
/// and, with <c>Max Auto Prepare</c>, their prepared statements). A failure that means the server is out of reach is
/// rethrown as <see cref="Core.Storage.StoreUnavailableException"/> naming host and port.
/// </summary>
internal sealed class PostgreSqlSessions(PostgreSqlDatabase database) : IStoreSessions
{
    public async Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var session = new PostgreSqlSession(connection);
        try
        {
            return await work(session).ConfigureAwait(false);
        }
        catch (Exception ex) when (database.Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>The data source belongs to <see cref="PostgreSqlDatabase"/>, which the host disposes.</summary>
    public void Dispose()
    {
    }

    private sealed class PostgreSqlSession(NpgsqlConnection connection) : IStoreSession, IDisposable
    {
        private readonly List<NpgsqlCommand> _commands = [];

        public DbConnection Connection => connection;

        public DbCommand Command(string sql, DbTransaction? transaction = null)
        {
            var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)transaction);
            _commands.Add(command);
            return command;
        }

        public void Dispose()
        {
            foreach (var c in _commands)
            {
                c.Dispose();
            }
        }
    }
}
