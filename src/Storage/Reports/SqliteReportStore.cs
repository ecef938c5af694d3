using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Reports;

/// <summary>SQLite implementation of <see cref="IReportStore"/> (tables <c>reports</c>, <c>report_versions</c>, migration 0700).</summary>
public sealed class SqliteReportStore(SqliteDatabase database) : IReportStore
{
    private const string Columns = "id, kind, incident_id, from_at, to_at, number, title, created_by, created_at, version";

    public async Task<ReportRecord> CreateAsync(string kind, long? incidentId, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, string title, string bodyJson, string by, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var number = await NextNumberAsync(connection, tx, kind, incidentId, cancellationToken).ConfigureAwait(false);
        long id;
        await using (var insert = connection.Command(
            "INSERT INTO reports (kind, incident_id, from_at, to_at, number, title, created_by, created_at, version) VALUES ($k, $i, $f, $t, $n, $title, $by, $at, 1) RETURNING id", tx)
            .With("$k", kind).With("$i", incidentId).With("$f", Sql.Time(fromUtc)).With("$t", Sql.Time(toUtc)).With("$n", number)
            .With("$title", title).With("$by", by).With("$at", Sql.Time(atUtc)))
        {
            id = await insert.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertVersionAsync(connection, tx, id, 1, bodyJson, by, "drafted from the store", atUtc, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ReportRecord(id, kind, incidentId, fromUtc, toUtc, number, title, by, atUtc, 1);
    }

    public async Task<int> NextNumberAsync(string kind, long? incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await NextNumberAsync(connection, null, kind, incidentId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> AddVersionAsync(long reportId, string bodyJson, string by, string note, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        int version;
        await using (var bump = connection.Command("UPDATE reports SET version = version + 1 WHERE id = $id RETURNING version", tx).With("$id", reportId))
        {
            version = await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long v
                ? (int)v
                : throw new ArgumentException($"no report {reportId}", nameof(reportId));
        }

        await InsertVersionAsync(connection, tx, reportId, version, bodyJson, by, note, atUtc, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    public async Task<ReportRecord?> GetAsync(long reportId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM reports WHERE id = $id").With("$id", reportId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(r) : null;
    }

    public async Task<ReportVersion?> GetVersionAsync(long reportId, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT report_id, version, body, by, at, note FROM report_versions WHERE report_id = $id AND ($v IS NULL OR version = $v) ORDER BY version DESC LIMIT 1")
            .With("$id", reportId).With("$v", version);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadVersion(r) : null;
    }

    public async Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(long reportId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT report_id, version, body, by, at, note FROM report_versions WHERE report_id = $id ORDER BY version").With("$id", reportId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ReportVersion>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadVersion(r));
        }

        return list;
    }

    public async Task<IReadOnlyList<ReportRecord>> ListAsync(long? incidentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM reports WHERE $i IS NULL OR incident_id = $i ORDER BY id DESC LIMIT $limit")
            .With("$i", incidentId).With("$limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ReportRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(r));
        }

        return list;
    }

    private static async Task<int> NextNumberAsync(SqliteConnection connection, SqliteTransaction? tx, string kind, long? incidentId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT IFNULL(MAX(number), 0) + 1 FROM reports WHERE kind = $k AND IFNULL(incident_id, 0) = IFNULL($i, 0)", tx)
            .With("$k", kind).With("$i", incidentId);
        return (int)await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertVersionAsync(SqliteConnection connection, SqliteTransaction tx, long reportId, int version, string body, string by, string note, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command("INSERT INTO report_versions (report_id, version, body, by, at, note) VALUES ($r, $v, $b, $by, $at, $n)", tx)
            .With("$r", reportId).With("$v", version).With("$b", body).With("$by", by).With("$at", Sql.Time(atUtc)).With("$n", note);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ReportRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.LongOrNull(2), r.TimeOrNull(3), r.TimeOrNull(4), r.GetInt32(5), r.GetString(6), r.GetString(7), Sql.ParseTime(r.GetString(8)), r.GetInt32(9));

    private static ReportVersion ReadVersion(SqliteDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Sql.ParseTime(r.GetString(4)), r.GetString(5));
}
