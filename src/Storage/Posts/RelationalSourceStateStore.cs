using SentimentWatch.Core.Configuration;
using System.Globalization;
using System.Text.Json;
using System.Data.Common;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// <see cref="ISourceStateStore"/> on a SQL engine, shared by the SQLite and PostgreSQL stores: cursors, run reports,
/// collector-health events, pauses. Failure URLs, notes, health-event messages and pause reasons are stored through
/// the redactor (the host's, which also masks the parameters named in <c>Redaction:Parameters</c>; the common ones
/// without a host). Disposing the store closes the connections it keeps.
/// </summary>
public abstract class RelationalSourceStateStore(IStoreSessions sessions, StoreDialect dialect, TimeProvider time, SecretRedactor? redactor)
    : RelationalStore(sessions, dialect), ISourceStateStore
{
    private readonly TimeProvider _time = time;
    private readonly SecretRedactor _redactor = redactor ?? SecretRedactor.Common;

    public Task<string?> GetCursorAsync(string sourceId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
            await session.Command("SELECT cursor FROM source_cursors WHERE source_id = @src").With("@src", sourceId)
                .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string, cancellationToken);

    public Task SetCursorAsync(string sourceId, string? cursor, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => SetCursor(session, Dialect, null, sourceId, cursor, _time.GetUtcNow()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    /// <summary>The bound upsert of a source's cursor, to run alone or inside the transaction that stores a page.</summary>
    internal static DbCommand SetCursor(IStoreSession session, StoreDialect dialect, DbTransaction? tx, string sourceId, string? cursor, DateTimeOffset at) =>
        session.Command(SetCursorSql, tx).With("@src", sourceId).With("@cursor", cursor).With("@at", dialect.Time(at));

    /// <summary>The upsert of a source's cursor: <c>@src</c>, <c>@cursor</c>, <c>@at</c>.</summary>
    internal const string SetCursorSql =
        "INSERT INTO source_cursors (source_id, cursor, updated_at) VALUES (@src, @cursor, @at) " +
        "ON CONFLICT (source_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at";

    public Task RecordRunAsync(SourceRunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Sessions.RunAsync(session => session.Command(
            "INSERT INTO source_runs (source_id, started_at, finished_at, status, pages_fetched, items_parsed, new_posts, updated_posts, deleted_posts, http_status_counts, failures, notes, role_matches) " +
            "VALUES (@src, @start, @end, @status, @pages, @items, @new, @upd, @del, @codes, @fail, @notes, @roles)")
            .With("@src", report.SourceId).With("@start", Dialect.Time(report.StartedAtUtc)).With("@end", Dialect.Time(report.FinishedAtUtc))
            .With("@status", report.Status.ToString()).With("@pages", report.PagesFetched).With("@items", report.ItemsParsed)
            .With("@new", report.NewPosts).With("@upd", report.UpdatedPosts).With("@del", report.DeletedPosts)
            .With("@codes", JsonSerializer.Serialize(report.HttpStatusCounts.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value)))
            .With("@fail", JsonSerializer.Serialize(report.Failures.Select(f => new FailureRow(_redactor.Redact(f.Url?.AbsoluteUri), f.Kind.ToString(), _redactor.Redact(f.Reason)!))))
            .With("@notes", JsonSerializer.Serialize(report.Notes.Select(n => _redactor.Redact(n)!)))
            .With("@roles", JsonSerializer.Serialize(report.RoleMatches.ToDictionary(kv => kv.Key, kv => new RoleRow(kv.Value.Matched, kv.Value.Items))))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<SourceRunReport>> GetRecentRunsAsync(string sourceId, int limit, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => ReadRunsAsync(session, sourceId, limit, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<SourceRunReport>> ReadRunsAsync(IStoreSession session, string sourceId, int limit, CancellationToken cancellationToken)
    {
        var command = session.Command(
            "SELECT started_at, finished_at, status, pages_fetched, items_parsed, new_posts, updated_posts, deleted_posts, http_status_counts, failures, notes, role_matches " +
            "FROM source_runs WHERE source_id = @src ORDER BY id DESC LIMIT @limit")
            .With("@src", sourceId).With("@limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<SourceRunReport>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var codes = JsonSerializer.Deserialize<Dictionary<string, int>>(r.GetString(8))!
                .ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value);
            var failures = JsonSerializer.Deserialize<FailureRow[]>(r.GetString(9))!
                .Select(f => new SourceFailure(f.Url is null ? null : new Uri(f.Url), Enum.Parse<SourceFailureKind>(f.Kind), f.Reason))
                .ToList();
            list.Add(new SourceRunReport(sourceId, Dialect.ReadTime(r, 0), Dialect.ReadTime(r, 1), Enum.Parse<SourceRunStatus>(r.GetString(2)),
                r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), codes, failures)
            {
                Notes = JsonSerializer.Deserialize<string[]>(r.GetString(10))!,
                RoleMatches = JsonSerializer.Deserialize<Dictionary<string, RoleRow>>(r.GetString(11))!
                    .ToDictionary(kv => kv.Key, kv => new RoleMatch(kv.Value.Matched, kv.Value.Items), StringComparer.Ordinal),
            });
        }

        return list;
    }

    public Task<long> RaiseHealthEventAsync(string sourceId, DateTimeOffset atUtc, string kind, string message, int consecutiveFailures, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command(
            "INSERT INTO collector_health_events (source_id, at, kind, message, consecutive_failures) VALUES (@src, @at, @kind, @msg, @n) RETURNING id")
            .With("@src", sourceId).With("@at", Dialect.Time(atUtc)).With("@kind", kind).With("@msg", _redactor.Redact(message)).With("@n", consecutiveFailures)
            .ScalarLongAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<CollectorHealthEvent>> GetHealthEventsAfterAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => ReadHealthEventsAsync(session, afterId, limit, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<CollectorHealthEvent>> ReadHealthEventsAsync(IStoreSession session, long afterId, int limit, CancellationToken cancellationToken)
    {
        var command = session.Command(
            "SELECT id, source_id, at, kind, message, consecutive_failures FROM collector_health_events WHERE id > @after ORDER BY id LIMIT @limit")
            .With("@after", afterId).With("@limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<CollectorHealthEvent>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new CollectorHealthEvent(r.GetInt64(0), r.GetString(1), Dialect.ReadTime(r, 2), r.GetString(3), r.GetString(4), r.GetInt32(5)));
        }

        return list;
    }

    public Task<SourcePause?> GetPauseAsync(string sourceId, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var r = await session.Command("SELECT since, reason, credential_fingerprint FROM source_pauses WHERE source_id = @src")
                .With("@src", sourceId).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new SourcePause(Dialect.ReadTime(r, 0), r.GetString(1), r.GetString(2))
                : null;
        }, cancellationToken);

    public Task SetPauseAsync(string sourceId, SourcePause? pause, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => (pause is null
            ? session.Command("DELETE FROM source_pauses WHERE source_id = @src").With("@src", sourceId)
            : session.Command(
                "INSERT INTO source_pauses (source_id, since, reason, credential_fingerprint) VALUES (@src, @since, @reason, @fp) " +
                "ON CONFLICT (source_id) DO UPDATE SET since = excluded.since, reason = excluded.reason, credential_fingerprint = excluded.credential_fingerprint")
                .With("@src", sourceId).With("@since", Dialect.Time(pause.SinceUtc)).With("@reason", _redactor.Redact(pause.Reason)).With("@fp", pause.CredentialFingerprint))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private sealed record FailureRow(string? Url, string Kind, string Reason);

    private sealed record RoleRow(int Matched, int Items);
}
