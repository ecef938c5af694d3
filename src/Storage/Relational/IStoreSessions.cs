using System.Data.Common;

namespace SentimentWatch.Storage.Relational;

/// <summary>One open connection lent to one caller for one unit of work (plumbing of the relational stores).</summary>
public interface IStoreSession
{
    DbConnection Connection { get; }

    /// <summary>A command for <paramref name="sql"/> with no parameters bound, owned by the session (callers never dispose it).</summary>
    DbCommand Command(string sql, DbTransaction? transaction = null);
}

/// <summary>Lends sessions: the SQLite pool of open connections with compiled statements, or PostgreSQL's pooled data source.</summary>
public interface IStoreSessions : IDisposable
{
    /// <summary>Runs <paramref name="work"/> on a session; a session whose work failed is not reused.</summary>
    Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken);
}

internal static class StoreSessionsExtensions
{
    /// <inheritdoc cref="IStoreSessions.RunAsync{T}"/>
    public static Task RunAsync(this IStoreSessions sessions, Func<IStoreSession, Task> work, CancellationToken cancellationToken) =>
        sessions.RunAsync(async s =>
        {
            await work(s).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
