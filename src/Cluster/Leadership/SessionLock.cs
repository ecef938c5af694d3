using Npgsql;

namespace SentimentWatch.Cluster;

/// <summary>
/// One session-level PostgreSQL advisory lock held on a connection of its own (unpooled: a pooled connection would
/// go back to the pool still holding the lock). <see cref="TryHoldAsync"/> is called on every pass: while the lock is
/// held it proves the connection still answers; when the connection is gone, so is the lock — the server released it
/// when the session ended — and the next call tries to take it again on a new connection.
/// </summary>
internal sealed class SessionLock(string connectionString, long key, string applicationName, TimeSpan timeout) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;

    public bool Held { get; private set; }

    /// <summary>Whether this process holds the lock now; throws when the database cannot be reached (the lock is then not held).</summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            // Held: one round trip proves the session (and so the lock) is still there. Not held: try to take it.
            await using var command = new NpgsqlCommand(Held ? "SELECT true" : "SELECT pg_try_advisory_lock(@key)", _connection);
            command.Parameters.AddWithValue("key", key);
            command.CommandTimeout = Seconds(timeout);
            Held = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return Held;
        }
        catch (Exception)
        {
            Held = false;
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The server process id of the session holding (or trying for) the lock; tests end it to simulate a lost connection.</summary>
    public int? BackendProcessId => _connection?.ProcessID;

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = applicationName,
            Timeout = Seconds(timeout),
            // Npgsql's own keep-alive notices a dead server between passes; the server-side settings below make the
            // server notice a dead client (a machine that lost power sends no FIN), so its locks are released.
            KeepAlive = 10,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var setup = new NpgsqlCommand("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3", connection);
            setup.CommandTimeout = Seconds(timeout);
            await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } c)
        {
            _connection = null;
            try
            {
                await c.DisposeAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // A broken connection may throw on close; it is gone either way, and so is its lock.
            }
        }
    }

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Held = false;
            // Closing the session releases the lock at once, so another node takes over on its next pass.
            await DropConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
