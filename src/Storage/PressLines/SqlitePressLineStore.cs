using Microsoft.Data.Sqlite;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.PressLines;

/// <summary>SQLite implementation of <see cref="IPressLineStore"/> (tables <c>office_press_lines</c>, <c>office_press_line_steps</c>, <c>office_media_interviews</c>).</summary>
public sealed class SqlitePressLineStore(SqliteDatabase database) : IPressLineStore
{
    private const string Columns = "id, incident_id, kind, version, template, source, text, facts, state, author, created_at, based_on, updated_at";

    public async Task<PressLineVersion> AddAsync(long incidentId, string kind, string template, string source, string text, string facts, string author, string role, DateTimeOffset atUtc, long? basedOn, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        long id;
        await using (var insert = connection.Command(
                   "INSERT INTO office_press_lines (incident_id, kind, version, template, source, text, facts, state, author, created_at, based_on, updated_at) " +
                   "VALUES ($i, $k, (SELECT COALESCE(MAX(version), 0) + 1 FROM office_press_lines WHERE incident_id = $i AND kind = $k), $t, $s, $x, $f, 'draft', $a, $at, $b, $at) RETURNING id", tx)
                   .With("$i", incidentId).With("$k", kind).With("$t", template).With("$s", source).With("$x", text).With("$f", facts)
                   .With("$a", author).With("$at", Sql.Time(atUtc)).With("$b", basedOn))
        {
            id = await insert.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        }

        await AddStepAsync(connection, tx, id, "created", author, role, basedOn is { } b ? $"based on #{b}" : string.Empty, atUtc, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<PressLineVersion?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM office_press_lines WHERE id = $v", id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<PressLineVersion>> ListAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM office_press_lines WHERE incident_id = $v ORDER BY id", incidentId, cancellationToken);

    public async Task<IReadOnlyList<PressLineVersion>> ListInStatesAsync(IReadOnlyList<string> states, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var names = states.Select((_, i) => "$s" + i).ToList();
        await using var command = connection.Command($"SELECT {Columns} FROM office_press_lines WHERE state IN ({string.Join(", ", names)}) ORDER BY id DESC LIMIT $limit").With("$limit", limit);
        for (var i = 0; i < states.Count; i++)
        {
            command.With(names[i], states[i]);
        }

        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateTextAsync(long id, string expectedState, string source, string text, string facts, string actor, string role, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var update = connection.Command(
                   "UPDATE office_press_lines SET source = $s, text = $x, facts = $f, updated_at = $at WHERE id = $id AND state = $state AND state IN ('draft', 'returned')", tx)
                   .With("$s", source).With("$x", text).With("$f", facts).With("$at", Sql.Time(atUtc)).With("$id", id).With("$state", expectedState))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await AddStepAsync(connection, tx, id, "edited", actor, role, string.Empty, atUtc, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> TransitionAsync(long id, string from, string to, string step, string actor, string role, string comment, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var update = connection.Command("UPDATE office_press_lines SET state = $to, updated_at = $at WHERE id = $id AND state = $from", tx)
                   .With("$to", to).With("$at", Sql.Time(atUtc)).With("$id", id).With("$from", from))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await AddStepAsync(connection, tx, id, step, actor, role, comment, atUtc, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<PressLineStep>> GetStepsAsync(long versionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT id, version_id, step, actor, role, at, comment FROM office_press_line_steps WHERE version_id = $v ORDER BY id").With("$v", versionId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PressLineStep>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PressLineStep(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), Sql.ParseTime(r.GetString(5)), r.GetString(6)));
        }

        return list;
    }

    public async Task<long> AddInterviewAsync(MediaInterview interview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interview);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "INSERT INTO office_media_interviews (incident_id, outlet, reporter, request, decision, decided_by, at) VALUES ($i, $o, $r, $q, $d, $b, $at) RETURNING id")
            .With("$i", interview.IncidentId).With("$o", interview.Outlet).With("$r", interview.Reporter).With("$q", interview.Request)
            .With("$d", interview.Decision).With("$b", interview.By).With("$at", Sql.Time(interview.AtUtc));
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MediaInterview>> ListInterviewsAsync(long? incidentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "SELECT id, incident_id, outlet, reporter, request, decision, decided_by, at FROM office_media_interviews WHERE $i IS NULL OR incident_id = $i ORDER BY id DESC LIMIT $limit")
            .With("$i", incidentId).With("$limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<MediaInterview>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new MediaInterview(r.GetInt64(0), r.LongOrNull(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), Sql.ParseTime(r.GetString(7))));
        }

        return list;
    }

    private static async Task AddStepAsync(SqliteConnection connection, SqliteTransaction tx, long id, string step, string actor, string role, string comment, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("INSERT INTO office_press_line_steps (version_id, step, actor, role, at, comment) VALUES ($v, $s, $a, $r, $at, $c)", tx)
            .With("$v", id).With("$s", step).With("$a", actor).With("$r", role).With("$at", Sql.Time(atUtc)).With("$c", comment);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PressLineVersion>> QueryAsync(string sql, long value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(sql).With("$v", value);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<PressLineVersion>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PressLineVersion>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PressLineVersion(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
                r.GetString(8), r.GetString(9), Sql.ParseTime(r.GetString(10)), r.LongOrNull(11), Sql.ParseTime(r.GetString(12))));
        }

        return list;
    }
}
