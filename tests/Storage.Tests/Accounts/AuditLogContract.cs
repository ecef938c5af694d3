using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Storage.Accounts;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Accounts;

/// <summary>The <see cref="Core.Accounts.IAuditLog"/> contract on every provider: the same hash chain, verified the same way.</summary>
public abstract class AuditLogContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    // 100 ns past a microsecond: finer than PostgreSQL's timestamptz, so a chain only verifies there if the hashed text is kept.
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 6, 20, 1, 2, 3, TimeSpan.Zero).AddTicks(1_234_567);

    [Fact]
    public async Task AppendAsync_ThreeLines_ChainVerifies_ListNewestFirst()
    {
        var time = new FakeTimeProvider(At);
        var log = Provider.Audit(time);

        var first = await log.AppendAsync("zhiban", "127.0.0.1", "login", "", "ok", "", Ct);
        time.Advance(TimeSpan.FromTicks(3));
        var second = await log.AppendAsync("zhiban", "127.0.0.1", "ack", "alert 7", "ok", "{\"note\":\"已处置\"}", Ct);
        var third = await log.AppendAsync("admin", "127.0.0.1", "disable", "yanpan", "ok", "", Ct);

        Assert.Equal((1L, RelationalAuditLog.Genesis), (first.Seq, first.PrevHash));
        Assert.Equal((first.Hash, second.Hash), (second.PrevHash, third.PrevHash));
        Assert.Equal(RelationalAuditLog.HashOf(second), second.Hash);
        Assert.Equal(new Core.Accounts.AuditVerification(3, null, null), await log.VerifyAsync(Ct));
        Assert.Equal([third, second, first], await log.ListAsync(10, Ct));
        Assert.Equal([third], await Provider.Audit(time).ListAsync(1, Ct));
    }

    [Fact]
    public async Task AppendAsync_ManyAtOnce_OneUnbrokenChain()
    {
        var log = Provider.Audit(new FakeTimeProvider(At));

        var lines = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => log.AppendAsync($"u{i}", "127.0.0.1", "login", "", "ok", "", Ct))));

        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), lines.Select(l => l.Seq).Order());
        Assert.Equal(new Core.Accounts.AuditVerification(24, null, null), await log.VerifyAsync(Ct));
    }

    [Fact]
    public async Task ChangedLine_UpdateRefused_AndWithGuardsOff_VerifyNamesIt()
    {
        var log = Provider.Audit(new FakeTimeProvider(At));
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync("zhiban", "127.0.0.1", "ack", $"alert {i}", "ok", "", Ct);
        }

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Provider.ExecuteAsync("UPDATE console_audit SET actor = 'yi' WHERE seq = 2"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Provider.ExecuteAsync("DELETE FROM console_audit WHERE seq = 3"));
        await Provider.ExecuteAsync(Provider is PostgreSqlStoreProvider
            ? "ALTER TABLE console_audit DISABLE TRIGGER USER; UPDATE console_audit SET actor = 'yi' WHERE seq = 2"
            : "DROP TRIGGER console_audit_no_update; UPDATE console_audit SET actor = 'yi' WHERE seq = 2");

        var verification = await log.VerifyAsync(Ct);

        Assert.Equal((2L, (long?)2), (verification.Lines, verification.FirstBadSeq));
        Assert.Contains("does not match its hash", verification.Problem, StringComparison.Ordinal);
    }
}
