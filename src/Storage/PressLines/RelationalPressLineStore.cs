using System.Data.Common;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PressLines;

/// <summary>
/// <see cref="IPressLineStore"/> on a SQL engine (tables <c>office_press_lines</c>, <c>office_press_line_steps</c>,
/// <c>office_media_interviews</c>), shared by the SQLite and PostgreSQL stores. A version's number is the next one of its
/// incident and kind, taken inside the insert's transaction with writers serialised (SQLite's write lock, PostgreSQL's
/// advisory lock on the table), so two drafts at once never get one number.
/// </summary>
public abstract class RelationalPressLineStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IPressLineStore
{
    private const string Columns = "id, incident_id, kind, version, template, source, text, facts, state, author, created_at, based_on, updated_at";

    public async Task<PressLineVersion> AddAsync(long incidentId, string kind, string template, string source, string text, string facts, string author, string role, DateTimeOffset atUtc, long? basedOn, CancellationToken cancellationToken)
    {
        var id = await Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.LockChangeFeedAsync(session, tx, "office_press_lines", cancellationToken).ConfigureAwait(false);
            var id = await session.Command(
                    "INSERT INTO office_press_lines (incident_id, kind, version, template, source, text, facts, state, author, created_at, based_on, updated_at) " +
                    "VALUES (@i, @k, (SELECT COALESCE(MAX(version), 0) + 1 FROM office_press_lines WHERE incident_id = @i AND kind = @k), @t, @s, @x, @f, 'draft', @a, @at, @b, @at) RETURNING id", tx)
                .With("@i", incidentId).With("@k", kind).With("@t", template).With("@s", source).With("@x", text).With("@f", facts)
                .With("@a", author).With("@at", Dialect.Time(atUtc)).With("@b", basedOn)
                .ScalarLongAsync(cancellationToken).ConfigureAwait(false);
            await AddStepAsync(session, tx, id, "created", author, role, basedOn is { } b ? $"based on #{b}" : string.Empty, atUtc, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return id;
        }, cancellationToken).ConfigureAwait(false);
        return (await GetAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<PressLineVersion?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM office_press_lines WHERE id = @v", c => c.With("@v", id), Read, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<PressLineVersion>> ListAsync(long incidentId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM office_press_lines WHERE incident_id = @v ORDER BY id", c => c.With("@v", incidentId), Read, cancellationToken);

    public Task<IReadOnlyList<PressLineVersion>> ListInStatesAsync(IReadOnlyList<string> states, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var names = states.Select((_, i) => "@s" + i).ToList();
        return QueryAsync($"SELECT {Columns} FROM office_press_lines WHERE state IN ({string.Join(", ", names)}) ORDER BY id DESC LIMIT @limit", c =>
        {
            c.With("@limit", limit);
            for (var i = 0; i < states.Count; i++)
            {
                c.With(names[i], states[i]);
            }
        }, Read, cancellationToken);
    }

    public Task<bool> UpdateTextAsync(long id, string expectedState, string source, string text, string facts, string actor, string role, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        UpdateWithStepAsync(
            "UPDATE office_press_lines SET source = @s, text = @x, facts = @f, updated_at = @at WHERE id = @id AND state = @state AND state IN ('draft', 'returned')",
            c => c.With("@s", source).With("@x", text).With("@f", facts).With("@state", expectedState),
            id, "edited", actor, role, string.Empty, atUtc, cancellationToken);

    public Task<bool> TransitionAsync(long id, string from, string to, string step, string actor, string role, string comment, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        UpdateWithStepAsync("UPDATE office_press_lines SET state = @to, updated_at = @at WHERE id = @id AND state = @from",
            c => c.With("@to", to).With("@from", from),
            id, step, actor, role, comment, atUtc, cancellationToken);

    public Task<IReadOnlyList<PressLineStep>> GetStepsAsync(long versionId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, version_id, step, actor, role, at, comment FROM office_press_line_steps WHERE version_id = @v ORDER BY id", c => c.With("@v", versionId),
            r => new PressLineStep(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), Dialect.ReadTime(r, 5), r.GetString(6)), cancellationToken);

    public Task<long> AddInterviewAsync(MediaInterview interview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interview);
        return Sessions.RunAsync(session => session.Command(
                "INSERT INTO office_media_interviews (incident_id, outlet, reporter, request, decision, decided_by, at) VALUES (@i, @o, @r, @q, @d, @b, @at) RETURNING id")
            .With("@i", interview.IncidentId).With("@o", interview.Outlet).With("@r", interview.Reporter).With("@q", interview.Request)
            .With("@d", interview.Decision).With("@b", interview.By).With("@at", Dialect.Time(interview.AtUtc))
            .ScalarLongAsync(cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<MediaInterview>> ListInterviewsAsync(long? incidentId, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT id, incident_id, outlet, reporter, request, decision, decided_by, at FROM office_media_interviews WHERE @all OR incident_id = @i ORDER BY id DESC LIMIT @limit",
            c => c.With("@all", incidentId is null).With("@i", incidentId ?? 0).With("@limit", limit),
            r => new MediaInterview(r.GetInt64(0), r.LongOrNull(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), Dialect.ReadTime(r, 7)),
            cancellationToken);

    /// <summary>Runs a guarded update of version <paramref name="id"/> (binding <c>@id</c>, <c>@at</c>) and, when it changed the row, appends its step, in one transaction.</summary>
    private Task<bool> UpdateWithStepAsync(string sql, Action<DbCommand> bind, long id, string step, string actor, string role, string comment, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var update = session.Command(sql, tx).With("@id", id).With("@at", Dialect.Time(atUtc));
            bind(update);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await AddStepAsync(session, tx, id, step, actor, role, comment, atUtc, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private Task AddStepAsync(IStoreSession session, DbTransaction tx, long id, string step, string actor, string role, string comment, DateTimeOffset atUtc, CancellationToken cancellationToken) =>
        session.Command("INSERT INTO office_press_line_steps (version_id, step, actor, role, at, comment) VALUES (@v, @s, @a, @r, @at, @c)", tx)
            .With("@v", id).With("@s", step).With("@a", actor).With("@r", role).With("@at", Dialect.Time(atUtc)).With("@c", comment)
            .ExecuteNonQueryAsync(cancellationToken);

    private PressLineVersion Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.GetString(8), r.GetString(9), Dialect.ReadTime(r, 10), r.LongOrNull(11), Dialect.ReadTime(r, 12));
}
