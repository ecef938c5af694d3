using Npgsql;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Accounts;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>
/// The queue's change feed on PostgreSQL hands out sequence numbers in commit order: a writer that appends while another
/// transaction's append is uncommitted waits for it, so a reader never moves past a number committed later.
/// </summary>
public sealed class QueueChangesCommitOrderTests
{
    [Fact]
    public async Task SecondWriter_WaitsForTheFirstsCommit_ReaderSeesBothInCommitOrder()
    {
        var ct = CancellationToken.None;
        using var database = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync());
        await database.MigrateAsync(ct);
        using var changes = new PostgreSqlQueueChanges(database);
        using var work = new PostgreSqlIncidentWorkStore(database);
        var at = new DateTimeOffset(2026, 6, 20, 1, 0, 0, TimeSpan.Zero);

        await using var first = await database.OpenAsync(ct);
        await using var tx = await first.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand("INSERT INTO console_incident_work (incident_id, kind, actor, at, value) VALUES (1, 'note', 'a', now(), 'n')", first, tx))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        var second = Task.Run(() => work.AddAsync(2, "note", "b", at, "n", null, null, ct));
        // Until the second writer waits on the feed's lock (or, were there none, finishes on its own).
        while (!second.IsCompleted && !await WaitingOnAdvisoryLockAsync(database, ct))
        {
            await Task.Delay(10);
        }

        Assert.False(second.IsCompleted, "the second append committed while the first was still open");
        var meanwhile = await changes.ReadSinceAsync(0, 10, ct);
        await tx.CommitAsync(ct);
        await second;
        var page = await changes.ReadSinceAsync(0, 10, ct);
        var rest = await changes.ReadSinceAsync(1, 10, ct);

        Assert.Equal((0L, 0), (meanwhile.Position, meanwhile.IncidentIds.Count));
        Assert.Equal((2L, 2), (page.Position, page.IncidentIds.Count));
        Assert.Equal([2L], rest.IncidentIds);
    }

    private static async Task<bool> WaitingOnAdvisoryLockAsync(PostgreSqlDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))", connection);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
