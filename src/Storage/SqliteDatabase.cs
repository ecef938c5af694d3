using System.Reflection;
using Microsoft.Data.Sqlite;

namespace SentimentWatch.Storage;

/// <summary>
/// The embedded SQLite database: opens connections with the pragmas the product relies on (WAL, foreign keys,
/// busy timeout) and brings the schema up to date with the versioned migrations embedded in this assembly.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private int _migrated;

    public SqliteDatabase(string path, TimeSpan? busyTimeout = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _busyTimeoutMs = (int)(busyTimeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, _busyTimeoutMs / 1000),
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens a connection, creating the file and applying pending migrations on first use.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _migrated) == 0)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={_busyTimeoutMs};";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Applies every embedded migration not yet recorded in <c>schema_migrations</c>, each in its own transaction.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, sql) in EmbeddedMigrations())
        {
            // BEGIN IMMEDIATE serialises concurrent migrators (two processes starting at once).
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            await using var check = connection.CreateCommand();
            check.Transaction = tx;
            check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE id = $id";
            check.Parameters.AddWithValue("$id", id);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                continue;
            }

            await using var apply = connection.CreateCommand();
            apply.Transaction = tx;
            apply.CommandText = sql;
            await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_migrations (id, applied_at) VALUES ($id, $at)";
            record.Parameters.AddWithValue("$id", id);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _migrated, 1);
    }

    /// <summary>Embedded <c>Migrations/NNNN_name.sql</c> resources in file-name order.</summary>
    public static IReadOnlyList<(string Id, string Sql)> EmbeddedMigrations()
    {
        var assembly = typeof(SqliteDatabase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (System.IO.Path.GetFileNameWithoutExtension(n), Read(assembly, n)))
            .ToList();

        static string Read(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
