using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Evidence;

/// <summary>SQLite takedown requests and re-checks (migration 0400).</summary>
public sealed class SqliteTakedownStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null) : ITakedownStore
{
    private const string Columns = "id, post_id, url, requested_at, deadline_at, requested_by, note, state, last_checked_at, removed_at, overdue_alerted_at";

    public async Task<long> AddAsync(long? postId, Uri url, DateTimeOffset requestedAtUtc, DateTimeOffset deadlineUtc, string requestedBy, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO takedowns (post_id, url, requested_at, deadline_at, requested_by, note, state) VALUES ($post, $url, $req, $deadline, $by, $note, 'Open') RETURNING id";
        cmd.Parameters.AddWithValue("$post", (object?)postId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$url", url.AbsoluteUri);
        cmd.Parameters.AddWithValue("$req", Sql.Time(requestedAtUtc));
        cmd.Parameters.AddWithValue("$deadline", Sql.Time(deadlineUtc));
        cmd.Parameters.AddWithValue("$by", requestedBy);
        cmd.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
        var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        signals?.IncidentsChanged.Notify();
        return id;
    }

    public async Task<TakedownRequest?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM takedowns WHERE id = $id", id, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<TakedownRequest>> ListAsync(bool openOnly, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM takedowns {(openOnly ? "WHERE state = 'Open'" : "")} ORDER BY id DESC", null, cancellationToken);

    public async Task<IReadOnlyList<TakedownRequest>> ListForPostsAsync(IReadOnlyCollection<long> postIds, IReadOnlyCollection<string> urls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        ArgumentNullException.ThrowIfNull(urls);
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM takedowns WHERE post_id IN (SELECT value FROM json_each($id)) OR url IN (SELECT value FROM json_each($urls)) ORDER BY requested_at, id",
            System.Text.Json.JsonSerializer.Serialize(postIds), cancellationToken, ("$urls", System.Text.Json.JsonSerializer.Serialize(urls))).ConfigureAwait(false);
        return rows;
    }

    public async Task RecordCheckAsync(TakedownCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO takedown_checks (takedown_id, checked_at, observation, evidence_id, detail) VALUES ($id, $at, $obs, $evidence, $detail)";
            insert.Parameters.AddWithValue("$id", check.TakedownId);
            insert.Parameters.AddWithValue("$at", Sql.Time(check.CheckedAtUtc));
            insert.Parameters.AddWithValue("$obs", check.Observation.ToString());
            insert.Parameters.AddWithValue("$evidence", check.EvidenceId);
            insert.Parameters.AddWithValue("$detail", check.Detail);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var update = connection.CreateCommand())
        {
            update.Transaction = tx;
            update.CommandText = check.Observation == TakedownObservation.Removed
                ? "UPDATE takedowns SET last_checked_at = $at, state = 'Removed', removed_at = COALESCE(removed_at, $at) WHERE id = $id"
                : "UPDATE takedowns SET last_checked_at = $at WHERE id = $id";
            update.Parameters.AddWithValue("$id", check.TakedownId);
            update.Parameters.AddWithValue("$at", Sql.Time(check.CheckedAtUtc));
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new KeyNotFoundException($"No takedown {check.TakedownId}.");
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (check.Observation == TakedownObservation.Removed)
        {
            signals?.IncidentsChanged.Notify();
        }
    }

    public async Task<IReadOnlyList<TakedownCheck>> GetChecksAsync(long takedownId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT takedown_id, checked_at, observation, evidence_id, detail FROM takedown_checks WHERE takedown_id = $id ORDER BY id";
        cmd.Parameters.AddWithValue("$id", takedownId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var checks = new List<TakedownCheck>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checks.Add(new TakedownCheck(reader.GetInt64(0), Sql.ParseTime(reader.GetString(1)), Enum.Parse<TakedownObservation>(reader.GetString(2)), reader.GetString(3), reader.GetString(4)));
        }

        return checks;
    }

    public async Task MarkOverdueAlertedAsync(long takedownId, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "UPDATE takedowns SET overdue_alerted_at = $at WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", takedownId);
        cmd.Parameters.AddWithValue("$at", Sql.Time(atUtc));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<TakedownRequest>> QueryAsync(string sql, object? id, CancellationToken cancellationToken, params (string Name, object Value)[] more)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (id is not null)
        {
            cmd.Parameters.AddWithValue("$id", id);
        }

        foreach (var (name, value) in more)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<TakedownRequest>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TakedownRequest(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                new Uri(reader.GetString(2)),
                Sql.ParseTime(reader.GetString(3)),
                Sql.ParseTime(reader.GetString(4)),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Enum.Parse<TakedownState>(reader.GetString(7)),
                reader.IsDBNull(8) ? null : Sql.ParseTime(reader.GetString(8)),
                reader.IsDBNull(9) ? null : Sql.ParseTime(reader.GetString(9)),
                reader.IsDBNull(10) ? null : Sql.ParseTime(reader.GetString(10))));
        }

        return rows;
    }
}
