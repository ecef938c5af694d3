using System.Data.Common;

namespace SentimentWatch.Storage.Relational;

/// <summary>
/// What differs between the SQL engines behind the shared stores (<see cref="Posts.RelationalPostStore"/> and its
/// siblings): how a time is bound and read, and how writers that SQLite serialises by its single write lock are
/// serialised on an engine with concurrent writers. The SQL text itself is shared: both engines take <c>@name</c>
/// parameters, <c>RETURNING</c>, <c>ON CONFLICT … DO UPDATE</c> and <c>LIMIT</c>.
/// </summary>
public abstract class StoreDialect
{
    // Only this assembly and its friend (the PostgreSQL store) implement a dialect: every member is internal.
    private protected StoreDialect()
    {
    }

    /// <summary>The value bound for a time column.</summary>
    internal abstract object Time(DateTimeOffset t);

    internal object? Time(DateTimeOffset? t) => t is { } v ? Time(v) : null;

    /// <summary>Reads a time column written through <see cref="Time(DateTimeOffset)"/>.</summary>
    internal abstract DateTimeOffset ReadTime(DbDataReader r, int i);

    internal DateTimeOffset? ReadTimeOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : ReadTime(r, i);

    /// <summary>A condition: <paramref name="column"/> is one of the ids bound to <paramref name="parameter"/> through <see cref="Ids"/>.</summary>
    internal abstract string IdIn(string column, string parameter);

    /// <summary>The value bound for a list of ids used by <see cref="IdIn"/>.</summary>
    internal abstract object Ids(IReadOnlyCollection<long> ids);

    /// <summary>An integer SQL expression: whole seconds since 1970 of the time column <paramref name="column"/> (the fraction cut).</summary>
    internal abstract string EpochSeconds(string column);

    /// <summary>
    /// Inside a write transaction, before the posts of <paramref name="sourceId"/> are looked up: makes sure no other
    /// writer decides the identity of a post of that source at the same time (two inserts of one post).
    /// </summary>
    internal virtual Task LockSourceAsync(IStoreSession session, DbTransaction tx, string sourceId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The statement that takes <see cref="LockSourceAsync"/>'s lock for the source bound to <paramref name="parameter"/>,
    /// to send ahead of the lookup that needs it in one round trip (its result set is skipped), or null when the engine
    /// needs no lock.
    /// </summary>
    internal virtual string? LockSourceStatement(string parameter) => null;

    /// <summary>
    /// Inside a write transaction, just before rows are appended to the change feed <paramref name="feed"/> (its table:
    /// <c>post_changes</c>, <c>classifications</c>): the feed's sequence numbers must be handed out in commit order, or a
    /// follower that has read past a number never sees a smaller one committed later.
    /// </summary>
    internal virtual Task LockChangeFeedAsync(IStoreSession session, DbTransaction tx, string feed, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A condition: <paramref name="column"/> is one of the strings bound to <paramref name="parameter"/> through <see cref="Texts"/>.</summary>
    internal virtual string TextIn(string column, string parameter) => IdIn(column, parameter);

    /// <summary>The value bound for a list of strings used by <see cref="TextIn"/>.</summary>
    internal abstract object Texts(IReadOnlyCollection<string> values);

    /// <summary>
    /// Inside a write transaction: makes the check-then-write that follows one writer's at a time for
    /// <paramref name="name"/> (an alert key, incident creation), as SQLite's single write lock already does.
    /// </summary>
    internal virtual Task SerializeAsync(IStoreSession session, DbTransaction tx, string name, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Appended to a <c>SELECT</c> of rows a write transaction reads and then changes (an incident it closes or merges):
    /// nothing on SQLite (one writer), <c>FOR UPDATE</c> on an engine with concurrent writers.
    /// </summary>
    internal virtual string ForUpdate => "";

    /// <summary>
    /// Whether several processes (nodes) write the same database at once. The outbox then fences its state changes: a
    /// node settles (sent, failed) only a message that is still pending or that it handed over itself.
    /// </summary>
    internal virtual bool SharedByNodes => false;

    /// <summary>
    /// A read transaction in which every statement sees the same committed state of the store (a feed batch and the
    /// documents it reads): SQLite's deferred transaction, PostgreSQL's <c>REPEATABLE READ</c>. Takes no write lock.
    /// </summary>
    internal abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);
}

/// <summary>SQLite: times as fixed-width UTC text; one writer at a time already (<c>BEGIN IMMEDIATE</c>), so no locks.</summary>
internal sealed class SqliteDialect : StoreDialect
{
    public static readonly SqliteDialect Instance = new();

    internal override object Time(DateTimeOffset t) => Internal.Sql.Time(t);

    internal override DateTimeOffset ReadTime(DbDataReader r, int i) => Internal.Sql.ParseTime(r.GetString(i));

    internal override string IdIn(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    internal override object Ids(IReadOnlyCollection<long> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    internal override object Texts(IReadOnlyCollection<string> values) => System.Text.Json.JsonSerializer.Serialize(values);

    internal override string EpochSeconds(string column) => $"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)";

    internal override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: true));
}
