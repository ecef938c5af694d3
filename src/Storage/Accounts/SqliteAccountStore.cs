using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Accounts;

/// <summary>SQLite implementation of <see cref="IAccountStore"/> (table <c>console_accounts</c>).</summary>
public sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore
{
    private const string Columns = "id, name, display_name, role, password_hash, disabled, failed_logins, locked_until, security_stamp, created_at";

    public async Task<Account> AddAsync(string name, string displayName, string role, string passwordHash, DateTimeOffset atUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "INSERT INTO console_accounts (name, display_name, role, password_hash, security_stamp, created_at) VALUES ($n, $d, $r, $h, $s, $at) ON CONFLICT (name) DO NOTHING")
            .With("$n", name).With("$d", displayName).With("$r", role).With("$h", passwordHash).With("$s", NewStamp()).With("$at", Sql.Time(atUtc));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new ArgumentException($"account '{name}' already exists");
        }

        return (await FindAsync(name, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM console_accounts WHERE name = $n").With("$n", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM console_accounts ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<Account>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE console_accounts SET disabled = $v, security_stamp = $s WHERE name = $n", name, disabled ? 1 : 0, cancellationToken);

    public Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE console_accounts SET password_hash = $v, failed_logins = 0, locked_until = NULL, security_stamp = $s WHERE name = $n", name, passwordHash, cancellationToken);

    public async Task<Account?> RecordFailureAsync(string name, int maxFailures, DateTimeOffset lockUntilUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement, so concurrent wrong guesses cannot each read the same count and skip the lock.
        await using (var command = connection.Command(
                   "UPDATE console_accounts SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= $max THEN $until ELSE locked_until END WHERE name = $n")
               .With("$n", name).With("$max", maxFailures).With("$until", Sql.Time(lockUntilUtc)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await FindAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordSuccessAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("UPDATE console_accounts SET failed_logins = 0, locked_until = NULL WHERE name = $n").With("$n", name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> UpdateAsync(string sql, string name, object value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(sql).With("$n", name).With("$v", value).With("$s", NewStamp());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static Account Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, (int)r.GetInt64(6),
        r.TimeOrNull(7), r.GetString(8), Sql.ParseTime(r.GetString(9)));
}
