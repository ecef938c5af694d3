using System.Data.Common;

namespace SentimentWatch.Storage.Relational;

/// <summary>
/// Base of the stores written once for both engines: the sessions they run on and the engine's dialect. Disposing the
/// store closes the connections its sessions keep.
/// </summary>
public abstract class RelationalStore(IStoreSessions sessions, StoreDialect dialect) : IDisposable
{
    private protected IStoreSessions Sessions { get; } = sessions;

    private protected StoreDialect Dialect { get; } = dialect;

    /// <summary>Runs a query on a session and maps every row with <paramref name="read"/>.</summary>
    private protected Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        Sessions.RunAsync<IReadOnlyList<T>>(async session =>
        {
            var command = session.Command(sql);
            bind(command);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<T>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(read(r));
            }

            return list;
        }, cancellationToken);

    /// <summary>Closes the connections the store keeps open.</summary>
    public void Dispose()
    {
        Sessions.Dispose();
        GC.SuppressFinalize(this);
    }
}
