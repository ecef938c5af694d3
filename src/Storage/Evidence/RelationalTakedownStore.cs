using System.Data.Common;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Evidence;

/// <summary><see cref="ITakedownStore"/> on a SQL engine (tables <c>takedowns</c>, <c>takedown_checks</c>), shared by the SQLite and PostgreSQL stores.</summary>
public abstract class RelationalTakedownStore(IStoreSessions sessions, StoreDialect dialect, Core.Pipeline.PipelineSignals? signals = null)
    : RelationalStore(sessions, dialect), ITakedownStore
{
    private const string Columns = "id, post_id, url, requested_at, deadline_at, requested_by, note, state, last_checked_at, removed_at, overdue_alerted_at";

    public async Task<long> AddAsync(long? postId, Uri url, DateTimeOffset requestedAtUtc, DateTimeOffset deadlineUtc, string requestedBy, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var id = await Sessions.RunAsync(session => session.Command(
            "INSERT INTO takedowns (post_id, url, requested_at, deadline_at, requested_by, note, state) VALUES (@post, @url, @req, @deadline, @by, @note, 'Open') RETURNING id")
            .With("@post", postId).With("@url", url.AbsoluteUri).With("@req", Dialect.Time(requestedAtUtc)).With("@deadline", Dialect.Time(deadlineUtc))
            .With("@by", requestedBy).With("@note", note)
            .ScalarLongAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        signals?.IncidentsChanged.Notify();
        return id;
    }

    public async Task<TakedownRequest?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM takedowns WHERE id = @id", c => c.With("@id", id), Read, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<TakedownRequest>> ListAsync(bool openOnly, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM takedowns {(openOnly ? "WHERE state = 'Open'" : "")} ORDER BY id DESC", _ => { }, Read, cancellationToken);

    public Task<IReadOnlyList<TakedownRequest>> ListForPostsAsync(IReadOnlyCollection<long> postIds, IReadOnlyCollection<string> urls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        ArgumentNullException.ThrowIfNull(urls);
        return QueryAsync(
            $"SELECT {Columns} FROM takedowns WHERE {Dialect.IdIn("post_id", "@id")} OR {Dialect.TextIn("url", "@urls")} ORDER BY requested_at, id",
            c => c.With("@id", Dialect.Ids(postIds)).With("@urls", Dialect.Texts(urls)), Read, cancellationToken);
    }

    public async Task RecordCheckAsync(TakedownCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        await Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // The request first: a check of an unknown takedown is refused before anything is written.
            var update = check.Observation == TakedownObservation.Removed
                ? "UPDATE takedowns SET last_checked_at = @at, state = 'Removed', removed_at = COALESCE(removed_at, @at) WHERE id = @id"
                : "UPDATE takedowns SET last_checked_at = @at WHERE id = @id";
            if (await session.Command(update, tx).With("@id", check.TakedownId).With("@at", Dialect.Time(check.CheckedAtUtc))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new KeyNotFoundException($"No takedown {check.TakedownId}.");
            }

            await session.Command("INSERT INTO takedown_checks (takedown_id, checked_at, observation, evidence_id, detail) VALUES (@id, @at, @obs, @evidence, @detail)", tx)
                .With("@id", check.TakedownId).With("@at", Dialect.Time(check.CheckedAtUtc)).With("@obs", check.Observation.ToString())
                .With("@evidence", check.EvidenceId).With("@detail", check.Detail)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (check.Observation == TakedownObservation.Removed)
        {
            signals?.IncidentsChanged.Notify();
        }
    }

    public Task<IReadOnlyList<TakedownCheck>> GetChecksAsync(long takedownId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT takedown_id, checked_at, observation, evidence_id, detail FROM takedown_checks WHERE takedown_id = @id ORDER BY id",
            c => c.With("@id", takedownId),
            r => new TakedownCheck(r.GetInt64(0), Dialect.ReadTime(r, 1), Enum.Parse<TakedownObservation>(r.GetString(2)), r.GetString(3), r.GetString(4)),
            cancellationToken);

    public Task MarkOverdueAlertedAsync(long takedownId, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("UPDATE takedowns SET overdue_alerted_at = @at WHERE id = @id").With("@id", takedownId).With("@at", Dialect.Time(atUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private TakedownRequest Read(DbDataReader r) => new(
        r.GetInt64(0), r.LongOrNull(1), new Uri(r.GetString(2)), Dialect.ReadTime(r, 3), Dialect.ReadTime(r, 4), r.GetString(5), r.StringOrNull(6),
        Enum.Parse<TakedownState>(r.GetString(7)), Dialect.ReadTimeOrNull(r, 8), Dialect.ReadTimeOrNull(r, 9), Dialect.ReadTimeOrNull(r, 10));
}
