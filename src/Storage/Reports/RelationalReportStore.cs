using System.Data.Common;
using System.Globalization;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Reports;

/// <summary>
/// <see cref="IReportStore"/> on a SQL engine (tables <c>reports</c>, <c>report_versions</c>), shared by the SQLite and
/// PostgreSQL stores. A report's number is the next one of its kind (and incident), taken in the insert's transaction
/// with writers serialised (SQLite's write lock, PostgreSQL's advisory lock on the table).
/// </summary>
public abstract class RelationalReportStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IReportStore
{
    private const string Columns = "id, kind, incident_id, from_at, to_at, number, title, created_by, created_at, version";

    // "by" is quoted: a reserved word in PostgreSQL (SQLite takes the quoted name too).
    private const string VersionColumns = "report_id, version, body, \"by\", at, note";

    public Task<ReportRecord> CreateAsync(string kind, long? incidentId, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, string title, string bodyJson, string by, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.LockChangeFeedAsync(session, tx, "reports", cancellationToken).ConfigureAwait(false);
            var number = await NextNumberAsync(session, tx, kind, incidentId, cancellationToken).ConfigureAwait(false);
            var id = await session.Command(
                    "INSERT INTO reports (kind, incident_id, from_at, to_at, number, title, created_by, created_at, version) VALUES (@k, @i, @f, @t, @n, @title, @by, @at, 1) RETURNING id", tx)
                .With("@k", kind).With("@i", incidentId).With("@f", Dialect.Time(fromUtc)).With("@t", Dialect.Time(toUtc)).With("@n", number)
                .With("@title", title).With("@by", by).With("@at", Dialect.Time(atUtc))
                .ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            await InsertVersionAsync(session, tx, id, 1, bodyJson, by, "drafted from the store", atUtc, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ReportRecord(id, kind, incidentId, fromUtc, toUtc, number, title, by, atUtc, 1);
        }, cancellationToken);

    public Task<int> NextNumberAsync(string kind, long? incidentId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => NextNumberAsync(session, null, kind, incidentId, cancellationToken), cancellationToken);

    public Task<int> AddVersionAsync(long reportId, string bodyJson, string by, string note, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var bumped = await session.Command("UPDATE reports SET version = version + 1 WHERE id = @id RETURNING version", tx).With("@id", reportId)
                .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            var version = bumped is null or DBNull
                ? throw new ArgumentException($"no report {reportId}", nameof(reportId))
                : Convert.ToInt32(bumped, CultureInfo.InvariantCulture);
            await InsertVersionAsync(session, tx, reportId, version, bodyJson, by, note, atUtc, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return version;
        }, cancellationToken);

    public async Task<ReportRecord?> GetAsync(long reportId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM reports WHERE id = @id", c => c.With("@id", reportId), Read, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<ReportVersion?> GetVersionAsync(long reportId, int? version, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {VersionColumns} FROM report_versions WHERE report_id = @id AND (@latest OR version = @v) ORDER BY version DESC LIMIT 1",
            c => c.With("@id", reportId).With("@latest", version is null).With("@v", version ?? 0), ReadVersion, cancellationToken).ConfigureAwait(false))
        .FirstOrDefault();

    public Task<IReadOnlyList<ReportVersion>> ListVersionsAsync(long reportId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {VersionColumns} FROM report_versions WHERE report_id = @id ORDER BY version", c => c.With("@id", reportId), ReadVersion, cancellationToken);

    public Task<IReadOnlyList<ReportRecord>> ListAsync(long? incidentId, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM reports WHERE @all OR incident_id = @i ORDER BY id DESC LIMIT @limit",
            c => c.With("@all", incidentId is null).With("@i", incidentId ?? 0).With("@limit", limit), Read, cancellationToken);

    private static async Task<int> NextNumberAsync(IStoreSession session, DbTransaction? tx, string kind, long? incidentId, CancellationToken cancellationToken) =>
        (int)await session.Command("SELECT COALESCE(MAX(number), 0) + 1 FROM reports WHERE kind = @k AND COALESCE(incident_id, 0) = @i", tx)
            .With("@k", kind).With("@i", incidentId ?? 0)
            .ScalarLongAsync(cancellationToken).ConfigureAwait(false);

    private Task InsertVersionAsync(IStoreSession session, DbTransaction tx, long reportId, int version, string body, string by, string note, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        session.Command($"INSERT INTO report_versions ({VersionColumns}) VALUES (@r, @v, @b, @by, @at, @n)", tx)
            .With("@r", reportId).With("@v", version).With("@b", body).With("@by", by).With("@at", Dialect.Time(atUtc)).With("@n", note)
            .ExecuteNonQueryAsync(cancellationToken);

    private ReportRecord Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.LongOrNull(2), Dialect.ReadTimeOrNull(r, 3), Dialect.ReadTimeOrNull(r, 4), r.GetInt32(5), r.GetString(6), r.GetString(7),
        Dialect.ReadTime(r, 8), r.GetInt32(9));

    private ReportVersion ReadVersion(DbDataReader r) => new(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Dialect.ReadTime(r, 4), r.GetString(5));
}
