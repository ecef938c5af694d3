using System.Data.Common;
using System.Globalization;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PostgreSql;

/// <summary>
/// PostgreSQL: times as <c>timestamptz</c> (UTC, microseconds); concurrent writers, so what SQLite's single write lock
/// gave for free is taken with transaction advisory locks (released at commit or rollback):
/// <list type="bullet">
/// <item>per source, while a page decides which stored post each item is (two nodes or two runs never insert one post twice);</item>
/// <item>one lock per change feed (<c>post_changes</c>, <c>classifications</c>), taken just before its rows are appended, so sequence numbers are in commit order and a
/// follower that has read past a number never misses a smaller one committed later. Held only for the appends and the commit.</item>
/// <item>per name for a check-then-insert that must not run twice at once (an alert's key; creating an incident), and
/// <c>FOR UPDATE</c> on an incident a person closes, re-opens or merges.</item>
/// </list>
/// </summary>
internal sealed class PostgreSqlDialect : StoreDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    // Two-int advisory keys: (class, hashtext(source id)). The class is distinct from every bigint key of this schema.
    private const int SourceLockClass = 0x5357_5352; // "SWSR"
    private const int FeedLockClass = 0x5357_4644; // "SWFD": (class, hashtext(feed table))
    internal const int SerialLockClass = 0x5357_535A; // "SWSZ": (class, hashtext(name)) — alert keys, incident creation

    internal override object Time(DateTimeOffset t) => t.ToUniversalTime();

    internal override DateTimeOffset ReadTime(DbDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

    internal override string IdIn(string column, string parameter) => $"{column} = ANY({parameter})";

    internal override object Ids(IReadOnlyCollection<long> ids) => ids.ToArray();

    internal override object Texts(IReadOnlyCollection<string> values) => values.ToArray();

    internal override string ForUpdate => " FOR UPDATE";

    internal override bool SharedByNodes => true;

    internal override Task SerializeAsync(IStoreSession session, DbTransaction tx, string name, CancellationToken cancellationToken) =>
        XactLockAsync(session, tx, SerialLockClass, name, cancellationToken);

    internal override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    internal override string EpochSeconds(string column) => $"CAST(floor(extract(epoch FROM {column})) AS bigint)";

    internal override Task LockSourceAsync(IStoreSession session, DbTransaction tx, string sourceId, CancellationToken cancellationToken) =>
        XactLockAsync(session, tx, SourceLockClass, sourceId, cancellationToken);

    internal override string LockSourceStatement(string parameter) => LockStatement(SourceLockClass, parameter);

    internal override Task LockChangeFeedAsync(IStoreSession session, DbTransaction tx, string feed, CancellationToken cancellationToken) =>
        XactLockAsync(session, tx, FeedLockClass, feed, cancellationToken);

    /// <summary>A transaction advisory lock on (<paramref name="lockClass"/>, hashtext(<paramref name="name"/>)), released at commit or rollback.</summary>
    private static Task XactLockAsync(IStoreSession session, DbTransaction tx, int lockClass, string name, CancellationToken cancellationToken) =>
        session.Command(LockStatement(lockClass, "@name"), tx).With("@name", name).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The statement taking the transaction advisory lock of class <paramref name="lockClass"/> on the name bound to <paramref name="parameter"/>.</summary>
    internal static string LockStatement(int lockClass, string parameter) =>
        string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({lockClass}, hashtext({parameter}))");

    /// <summary>The statement taking a change feed's lock (<see cref="LockChangeFeedAsync"/>) on the feed bound to <paramref name="parameter"/>.</summary>
    internal static string LockFeedStatement(string parameter) => LockStatement(FeedLockClass, parameter);
}
