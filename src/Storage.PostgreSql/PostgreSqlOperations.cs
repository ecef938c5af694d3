using System.Globalization;
using Npgsql;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PostgreSql;

/// <summary>
/// Readiness of the PostgreSQL store, on every <c>/readyz</c>: the server answers, its schema is one this binary runs
/// against (not newer, not too old: the same comparison as start-up, so a node left behind by a rolling upgrade says so),
/// and it takes writes (not a standby in recovery, not read-only by <c>default_transaction_read_only</c>).
/// </summary>
internal sealed class PostgreSqlStoreReadiness(PostgreSqlDatabase database) : IReadinessCheck
{
    public string Name => "store";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.CheckAsync(cancellationToken).ConfigureAwait(false);
            // Never migrates: a probe only looks (a database nobody has migrated yet has no schema to name).
            await using var connection = await database.OpenRawAsync(cancellationToken).ConfigureAwait(false);
            bool recovery, readOnly, migrated;
            await using (var probe = new NpgsqlCommand(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on', to_regclass('schema_migrations') IS NOT NULL", connection))
            await using (var r = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await r.ReadAsync(cancellationToken).ConfigureAwait(false);
                (recovery, readOnly, migrated) = (r.GetBoolean(0), r.GetBoolean(1), r.GetBoolean(2));
            }

            if (recovery || readOnly)
            {
                return new ReadinessResult(Name, false,
                    $"postgresql store at {database.Where} cannot take writes: {(recovery ? "the server is a standby in recovery" : "transactions are read-only (default_transaction_read_only)")}");
            }

            var schema = "none yet (migrated at first use)";
            if (migrated)
            {
                await using var version = new NpgsqlCommand("SELECT max(id) FROM schema_migrations", connection);
                schema = await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? schema;
            }

            var binary = PostgreSqlDatabase.KnownIds.Count == 0 ? "none" : PostgreSqlDatabase.KnownIds[^1];
            return new ReadinessResult(Name, true, string.Create(CultureInfo.InvariantCulture,
                $"postgresql store at {database.Where} takes writes; schema {schema} (this binary's newest {binary})"));
        }
        catch (Exception ex) when (ex is StoreUnavailableException or SchemaVersionException or NpgsqlException)
        {
            return new ReadinessResult(Name, false, ex is NpgsqlException ? $"postgresql store at {database.Where}: {ex.Message}" : ex.Message);
        }
    }
}

/// <summary>PostgreSQL's gauges (shared logic: <see cref="RelationalPipelineGaugeReader"/>; the outbox is the alerting band's table).</summary>
internal sealed class PostgreSqlPipelineGaugeReader(PostgreSqlDatabase database)
    : RelationalPipelineGaugeReader(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
