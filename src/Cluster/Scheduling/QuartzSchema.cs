using Npgsql;

namespace SentimentWatch.Cluster.Scheduling;

/// <summary>
/// Quartz's tables on the shared database: created from Quartz's own PostgreSQL script (embedded, see the header of
/// <c>quartz_tables_postgres.sql</c>) when they are missing. Nodes starting together serialise on a transaction-level
/// advisory lock, so one creates and the others find the tables. An existing schema is left as it is: Quartz
/// validates it at start-up and names any column a newer Quartz needs.
/// </summary>
internal static class QuartzSchema
{
    private const string Resource = "SentimentWatch.Cluster.quartz_tables_postgres.sql";

    /// <summary>Creates Quartz's tables when <c>qrtz_job_details</c> is missing; returns whether it created them.</summary>
    public static async Task<bool> EnsureAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
        {
            lockCommand.Parameters.AddWithValue("key", LockKeys.Of("quartz-schema"));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var exists = new NpgsqlCommand("SELECT to_regclass('qrtz_job_details') IS NOT NULL", connection, tx))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return false;
            }
        }

        await using (var create = new NpgsqlCommand(Script(), connection, tx))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal static string Script()
    {
        using var stream = typeof(QuartzSchema).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded resource {Resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
