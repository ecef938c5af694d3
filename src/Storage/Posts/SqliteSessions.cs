using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// A small pool of open connections that keep the statements they have compiled. The crawl runs the same dozen
/// statements for every page and every post; through <see cref="SqliteDatabase.OpenAsync"/> each call re-runs the
/// connection's pragmas and a new command compiles its SQL again, and together those cost more than the statements
/// themselves. Here a connection stays open while idle (at most <c>maxIdle</c> of them) and compiles each statement once.
/// Each write is still its own transaction on one connection, so crash safety and locking are SQLite's as before.
/// </summary>
internal sealed class SqliteSessions(SqliteDatabase database, int maxIdle) : IStoreSessions
{
    Task<T> IStoreSessions.RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync<T>(s => work(s), cancellationToken);

    private readonly ConcurrentQueue<SqliteSession> _idle = new();
    private int _idleCount;
    private int _disposed;

    /// <summary>Runs <paramref name="work"/> on a session; a session whose work failed is closed rather than reused.</summary>
    public async Task<T> RunAsync<T>(Func<SqliteSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var session = await RentAsync(cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await work(session).ConfigureAwait(false);
        }
        catch
        {
            // Whatever state the failure left (an interrupted statement, a half-read reader) goes with the connection.
            session.Dispose();
            throw;
        }

        Return(session);
        return result;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{SqliteSession, Task{T}}, CancellationToken)"/>
    public Task RunAsync(Func<SqliteSession, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(async s =>
        {
            await work(s).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>How many sessions wait idle (for tests: the pool is bounded).</summary>
    internal int IdleCount => Volatile.Read(ref _idleCount);

    private async Task<SqliteSession> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        return new SqliteSession(await database.OpenAsync(cancellationToken).ConfigureAwait(false));
    }

    private void Return(SqliteSession session)
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }

        session.Trim();
        _idle.Enqueue(session);
        if (Volatile.Read(ref _disposed) != 0)
        {
            // Disposed while returning: drain so no connection outlives the pool.
            Drain();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Drain();
        }
    }

    private void Drain()
    {
        while (_idle.TryDequeue(out var s))
        {
            Interlocked.Decrement(ref _idleCount);
            s.Dispose();
        }
    }

    /// <summary>
    /// One open connection and the commands it has compiled, keyed by SQL text. Used by one caller at a time. Commands
    /// it hands out belong to it: callers bind and execute them but never dispose them.
    /// </summary>
    internal sealed class SqliteSession(SqliteConnection connection) : IStoreSession, IDisposable
    {
        // The stores use a fixed set of statements; the bound only guards against a caller building SQL text per call.
        internal const int MaxStatements = 64;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteConnection Connection { get; } = connection;

        DbConnection IStoreSession.Connection => Connection;

        DbCommand IStoreSession.Command(string sql, DbTransaction? transaction) => Command(sql, (SqliteTransaction?)transaction);

        /// <summary>The command for <paramref name="sql"/>, compiled on first use, with no parameters bound and <paramref name="transaction"/> set.</summary>
        public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                _commands.Add(sql, command);
            }

            command.Parameters.Clear();
            command.Transaction = transaction;
            return command;
        }

        /// <summary>How many compiled commands the session holds (for tests).</summary>
        internal int CommandCount => _commands.Count;

        /// <summary>
        /// Between two uses: forgets every compiled command once there are more than the stores' fixed set, so SQL text
        /// built per call cannot grow the cache without bound. Never during a use, when a caller may hold a command.
        /// </summary>
        internal void Trim()
        {
            if (_commands.Count > MaxStatements)
            {
                DisposeCommands();
            }
        }

        private void DisposeCommands()
        {
            foreach (var c in _commands.Values)
            {
                c.Dispose();
            }

            _commands.Clear();
        }

        public void Dispose()
        {
            DisposeCommands();
            Connection.Dispose();
        }
    }
}
