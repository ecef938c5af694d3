using System.Globalization;
using System.Reflection;
using Npgsql;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Storage.PostgreSql;

/// <summary>
/// A PostgreSQL database holding the SentimentWatch schema: a pooled Npgsql data source, the versioned migrations
/// embedded in this assembly (recorded in <c>schema_migrations</c>), and the translation of "cannot reach the server"
/// into <see cref="StoreUnavailableException"/> naming host and port (never the password). Migrations run once per
/// process, at first use, under a session advisory lock so that several nodes starting at once apply each file once.
/// </summary>
public sealed class PostgreSqlDatabase : IDisposable, IAsyncDisposable
{
    // Advisory lock key of the migrations (bigint space; the stores' locks use the two-int space, see PostgreSqlDialect).
    internal const long MigrationLockKey = 0x5357_4D49_4752; // "SWMIGR"

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private int _migrated;

    public PostgreSqlDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The stores run a fixed set of statements for every post: let Npgsql prepare them once per connection.
            builder.MaxAutoPrepare = 64;
        }

        // A connection goes back to the pool after every store call. Npgsql's reset on return (a batch of RESET/CLOSE/
        // UNLISTEN/advisory-unlock statements before the next command) cost more than the statements themselves: one
        // find + upsert went from 17 ms to 3 ms on the loaded build machine without it. The stores leave no session
        // state behind: their advisory locks are transaction locks, the migration lock is released in a finally.
        builder.NoResetOnClose = true;

        Host = builder.Host ?? "localhost";
        Port = builder.Port;
        DatabaseName = builder.Database ?? builder.Username ?? "";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>The server's host (as configured) and port, for messages.</summary>
    public string Host { get; }

    public int Port { get; }

    public string DatabaseName { get; }

    /// <summary>"host:port/database", what every message about this store names.</summary>
    public string Where => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}/{DatabaseName}");

    /// <summary>Opens a pooled connection, applying pending migrations on first use.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _migrated) == 0)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a pooled connection without migrating (checks and probes).</summary>
    internal async Task<NpgsqlConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>
    /// Connects and compares the schema with this binary without changing anything: throws
    /// <see cref="StoreUnavailableException"/> when the server cannot be reached, <see cref="SchemaVersionException"/> when
    /// the schema is newer than this binary or older than it can migrate.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        var applied = await AppliedAsync(connection, cancellationToken).ConfigureAwait(false);
        SchemaVersion.Check(applied, KnownIds, Where);
    }

    /// <summary>Applies every embedded migration not yet recorded, each in its own transaction, after the version check.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _migrated) != 0)
            {
                return;
            }

            await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", connection))
            {
                lockCommand.Parameters.AddWithValue("k", MigrationLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL)", connection))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var applied = await AppliedAsync(connection, cancellationToken).ConfigureAwait(false);
                SchemaVersion.Check(applied, KnownIds, Where);
                foreach (var (id, sql) in EmbeddedMigrations().Where(m => !applied.Contains(m.Id)))
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (var apply = new NpgsqlCommand(sql, connection, tx))
                    {
                        await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (id, applied_at) VALUES (@id, now())", connection, tx))
                    {
                        record.Parameters.AddWithValue("id", id);
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
                unlock.Parameters.AddWithValue("k", MigrationLockKey);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Volatile.Write(ref _migrated, 1);
        }
        catch (Exception ex) when (Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }
        finally
        {
            _migrateGate.Release();
        }
    }

    /// <summary>The migrations recorded in the database (none when it has no schema yet).</summary>
    internal async Task<HashSet<string>> AppliedIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        return await AppliedAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return applied;
            }
        }

        await using var command = new NpgsqlCommand("SELECT id FROM schema_migrations", connection);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied.Add(r.GetString(0));
        }

        return applied;
    }

    /// <summary>
    /// The exception a caller should see for <paramref name="ex"/> when it means the server is out of reach (refused,
    /// timed out, connection broken, server shutting down), or null when it is something else (a constraint, bad SQL,
    /// a wrong password — those keep their own message).
    /// </summary>
    internal StoreUnavailableException? Unavailable(Exception ex)
    {
        if (ex is StoreUnavailableException or OperationCanceledException)
        {
            return null;
        }

        var npgsql = ex as NpgsqlException ?? ex.InnerException as NpgsqlException;
        var lost = npgsql switch
        {
            PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03",
            not null => true,
            _ => ex is System.Net.Sockets.SocketException or TimeoutException,
        };
        if (!lost)
        {
            return null;
        }

        var reason = (ex.InnerException ?? ex).Message;
        return new StoreUnavailableException($"PostgreSQL at {Host}:{Port} (database {DatabaseName}) is unreachable: {reason}", ex);
    }

    /// <summary>The ids (file names without extension) of the embedded migrations, in order.</summary>
    public static IReadOnlyList<string> KnownIds { get; } = EmbeddedMigrations().Select(m => m.Id).ToList();

    /// <summary>Embedded <c>Migrations/NNNN_name.sql</c> resources in file-name order.</summary>
    public static IReadOnlyList<(string Id, string Sql)> EmbeddedMigrations()
    {
        var assembly = typeof(PostgreSqlDatabase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (Path.GetFileNameWithoutExtension(n), Read(assembly, n)))
            .ToList();

        static string Read(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _migrateGate.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migrateGate.Dispose();
    }
}
