using System.Data.Common;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Accounts;

/// <summary>
/// <see cref="IAccountStore"/> on a SQL engine (table <c>console_accounts</c>), shared by the SQLite and PostgreSQL
/// stores. Names are unique and looked up without regard to case (<c>lower(name)</c> on both engines).
/// </summary>
public abstract class RelationalAccountStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IAccountStore
{
    private const string Columns = "id, name, display_name, role, password_hash, disabled, failed_logins, locked_until, security_stamp, created_at";

    public async Task<Account> AddAsync(string name, string displayName, string role, string passwordHash, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        // No conflict target: SQLite's unique column and PostgreSQL's unique index on lower(name) both count.
        var added = await Sessions.RunAsync(session => session.Command(
                "INSERT INTO console_accounts (name, display_name, role, password_hash, security_stamp, created_at) VALUES (@n, @d, @r, @h, @s, @at) ON CONFLICT DO NOTHING")
            .With("@n", name).With("@d", displayName).With("@r", role).With("@h", passwordHash).With("@s", NewStamp()).With("@at", Dialect.Time(atUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (added == 0)
        {
            throw new ArgumentException($"account '{name}' already exists");
        }

        return (await FindAsync(name, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM console_accounts WHERE lower(name) = lower(@n)", c => c.With("@n", name), Read, cancellationToken).ConfigureAwait(false))
        .FirstOrDefault();

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM console_accounts ORDER BY name", _ => { }, Read, cancellationToken);

    public Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE console_accounts SET disabled = @v, security_stamp = @s WHERE lower(name) = lower(@n)", name, disabled, cancellationToken);

    public Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE console_accounts SET password_hash = @v, failed_logins = 0, locked_until = NULL, security_stamp = @s WHERE lower(name) = lower(@n)", name, passwordHash, cancellationToken);

    public async Task<Account?> RecordFailureAsync(string name, int maxFailures, DateTimeOffset lockUntilUtc, CancellationToken cancellationToken)
    {
        // One statement, so concurrent wrong guesses cannot each read the same count and skip the lock.
        await Sessions.RunAsync(session => session.Command(
                "UPDATE console_accounts SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= @max THEN @until ELSE locked_until END WHERE lower(name) = lower(@n)")
            .With("@n", name).With("@max", maxFailures).With("@until", Dialect.Time(lockUntilUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        return await FindAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public Task RecordSuccessAsync(string name, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("UPDATE console_accounts SET failed_logins = 0, locked_until = NULL WHERE lower(name) = lower(@n)").With("@n", name)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private async Task<bool> UpdateAsync(string sql, string name, object value, CancellationToken cancellationToken) =>
        await Sessions.RunAsync(session => session.Command(sql).With("@n", name).With("@v", value).With("@s", NewStamp())
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false) > 0;

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private Account Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetInt32(6),
        Dialect.ReadTimeOrNull(r, 7), r.GetString(8), Dialect.ReadTime(r, 9));
}
