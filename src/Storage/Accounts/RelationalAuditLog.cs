using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Accounts;

/// <summary>
/// <see cref="IAuditLog"/> on a SQL engine (table <c>console_audit</c>, guarded against UPDATE and DELETE by triggers),
/// shared by the SQLite and PostgreSQL stores. Each line's hash is SHA-256 over the previous line's hash and the line's
/// fields as a JSON array, so a changed, inserted or removed line breaks the chain from that line on. The time is kept
/// on both engines as the very text that was hashed (fixed-width UTC, 100 ns), so a chain verifies the same on either
/// engine and after a copy from one to the other.
/// </summary>
public abstract class RelationalAuditLog(IStoreSessions sessions, StoreDialect dialect, TimeProvider time)
    : RelationalStore(sessions, dialect), IAuditLog
{
    /// <summary>The previous hash of the first line.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Columns = "seq, at, actor, address, action, target, outcome, detail, prev_hash, hash";

    private readonly TimeProvider _time = time;

    public Task<AuditEntry> AppendAsync(string actor, string address, string action, string target, string outcome, string detail, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            // SQLite: BEGIN IMMEDIATE; PostgreSQL: the chain's advisory lock, held to the commit. Either way two writers
            // cannot both chain onto the same last line.
            await using var tx = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Dialect.LockChangeFeedAsync(session, tx, "console_audit", cancellationToken).ConfigureAwait(false);
            long lastSeq = 0;
            var prev = Genesis;
            await using (var reader = await session.Command("SELECT seq, hash FROM console_audit ORDER BY seq DESC LIMIT 1", tx).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lastSeq = reader.GetInt64(0);
                    prev = reader.GetString(1);
                }
            }

            var at = _time.GetUtcNow();
            var entry = new AuditEntry(lastSeq + 1, at, actor, address, action, target, outcome, detail, prev, string.Empty);
            entry = entry with { Hash = HashOf(entry) };
            await session.Command($"INSERT INTO console_audit ({Columns}) VALUES (@seq, @at, @actor, @addr, @action, @target, @outcome, @detail, @prev, @hash)", tx)
                .With("@seq", entry.Seq).With("@at", Sql.Time(at)).With("@actor", actor).With("@addr", address).With("@action", action)
                .With("@target", target).With("@outcome", outcome).With("@detail", detail).With("@prev", prev).With("@hash", entry.Hash)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return entry;
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM console_audit ORDER BY seq DESC LIMIT @l", c => c.With("@l", limit), Read, cancellationToken);

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            await using var reader = await session.Command($"SELECT {Columns} FROM console_audit ORDER BY seq").ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        }, cancellationToken);

    /// <summary>SHA-256 (lower-case hex) over the previous hash, a newline and the line's fields as a JSON array.</summary>
    public static string HashOf(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var fields = JsonSerializer.Serialize(new object[]
        {
            e.Seq, Sql.Time(e.AtUtc), e.Actor, e.Address, e.Action, e.Target, e.Outcome, e.Detail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.PrevHash + "\n" + fields)));
    }

    private static AuditEntry Read(DbDataReader r) => new(
        r.GetInt64(0), Sql.ParseTime(r.GetString(1)),
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9));
}
