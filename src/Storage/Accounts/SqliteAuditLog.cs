using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Accounts;

/// <summary>
/// SQLite implementation of <see cref="IAuditLog"/> (table <c>console_audit</c>, guarded against UPDATE and DELETE by
/// triggers). Each line's hash is SHA-256 over the previous line's hash and the line's fields as a JSON array, so a changed,
/// inserted or removed line breaks the chain from that line on.
/// </summary>
public sealed class SqliteAuditLog(SqliteDatabase database, TimeProvider time) : IAuditLog
{
    /// <summary>The previous hash of the first line.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Columns = "seq, at, actor, address, action, target, outcome, detail, prev_hash, hash";

    public async Task<AuditEntry> AppendAsync(string actor, string address, string action, string target, string outcome, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE: two writers cannot both chain onto the same last line.
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        long lastSeq = 0;
        var prev = Genesis;
        await using (var last = connection.Command("SELECT seq, hash FROM console_audit ORDER BY seq DESC LIMIT 1", tx))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lastSeq = reader.GetInt64(0);
                prev = reader.GetString(1);
            }
        }

        var at = time.GetUtcNow();
        var entry = new AuditEntry(lastSeq + 1, at, actor, address, action, target, outcome, detail, prev, string.Empty);
        entry = entry with { Hash = HashOf(entry) };
        await using (var insert = connection.Command($"INSERT INTO console_audit ({Columns}) VALUES ($seq, $at, $actor, $addr, $action, $target, $outcome, $detail, $prev, $hash)", tx)
                   .With("$seq", entry.Seq).With("$at", Sql.Time(at)).With("$actor", actor).With("$addr", address).With("$action", action)
                   .With("$target", target).With("$outcome", outcome).With("$detail", detail).With("$prev", prev).With("$hash", entry.Hash))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM console_audit ORDER BY seq DESC LIMIT $l").With("$l", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {Columns} FROM console_audit ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long expectedSeq = 1;
        var prev = Genesis;
        long lines = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            AuditEntry entry;
            try
            {
                entry = Read(reader);
            }
            catch (FormatException ex)
            {
                return new AuditVerification(lines, reader.GetInt64(0), "unreadable line: " + ex.Message);
            }

            lines++;
            if (entry.Seq != expectedSeq)
            {
                return new AuditVerification(lines, entry.Seq, $"line {expectedSeq} is missing (next line is {entry.Seq})");
            }

            if (!string.Equals(entry.PrevHash, prev, StringComparison.Ordinal))
            {
                return new AuditVerification(lines, entry.Seq, "does not chain to the line before (prev_hash differs: a line before it was changed or removed)");
            }

            if (!string.Equals(HashOf(entry), entry.Hash, StringComparison.Ordinal))
            {
                return new AuditVerification(lines, entry.Seq, "its content does not match its hash (the line was changed)");
            }

            prev = entry.Hash;
            expectedSeq++;
        }

        return new AuditVerification(lines, null, null);
    }

    /// <summary>SHA-256 (lower-case hex) over the previous hash, a newline and the line's fields as a JSON array.</summary>
    public static string HashOf(AuditEntry e)
    {
        var fields = JsonSerializer.Serialize(new object[]
        {
            e.Seq, Sql.Time(e.AtUtc), e.Actor, e.Address, e.Action, e.Target, e.Outcome, e.Detail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.PrevHash + "\n" + fields)));
    }

    private static AuditEntry Read(SqliteDataReader r) => new(
        r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9));
}
