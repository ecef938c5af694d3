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

    /// <summary>A condition: text <paramref name="column"/> is one of the strings bound to <paramref name="parameter"/> through <see cref="Texts"/>.</summary>
    internal abstract string TextIn(string column, string parameter);

    /// <summary>The value bound for a list of strings used by <see cref="TextIn"/>.</summary>
    internal abstract object Texts(IReadOnlyCollection<string> values);

    /// <summary>
    /// Inside a write transaction, before the posts of <paramref name="sourceId"/> are looked up: makes sure no other
    /// writer decides the identity of a post of that source at the same time (two inserts of one post).
    /// </summary>
    internal virtual Task LockSourceAsync(IStoreSession session, DbTransaction tx, string sourceId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Inside a write transaction, just before rows are appended to the change feed <paramref name="feed"/> (its table:
    /// <c>post_changes</c>, <c>classifications</c>): the feed's sequence numbers must be handed out in commit order, or a
    /// follower that has read past a number never sees a smaller one committed later.
    /// </summary>
    internal virtual Task LockChangeFeedAsync(IStoreSession session, DbTransaction tx, string feed, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>SQLite: times as fixed-width UTC text; one writer at a time already (<c>BEGIN IMMEDIATE</c>), so no locks.</summary>
internal sealed class SqliteDialect : StoreDialect
{
    public static readonly SqliteDialect Instance = new();

    internal override object Time(DateTimeOffset t) => Internal.Sql.Time(t);

    internal override DateTimeOffset ReadTime(DbDataReader r, int i) => Internal.Sql.ParseTime(r.GetString(i));

    internal override string IdIn(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    internal override object Ids(IReadOnlyCollection<long> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    internal override string TextIn(string column, string parameter) => IdIn(column, parameter);

    internal override object Texts(IReadOnlyCollection<string> values) => System.Text.Json.JsonSerializer.Serialize(values);
}
