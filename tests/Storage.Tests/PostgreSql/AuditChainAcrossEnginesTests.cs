using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Storage.Accounts;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Accounts;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>An audit chain written on SQLite verifies on PostgreSQL after its rows are copied as they are (as a move up to PostgreSQL copies them).</summary>
public sealed class AuditChainAcrossEnginesTests
{
    [Fact]
    public async Task SqliteChain_CopiedToPostgreSql_VerifiesThere_AndChainsOn()
    {
        var ct = CancellationToken.None;
        // Ticks finer than PostgreSQL's microseconds: the hashed time text must survive the copy unchanged.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 20, 1, 2, 3, TimeSpan.Zero).AddTicks(7));
        using var sqliteDb = new TempDatabase();
        using var sqlite = new SqliteAuditLog(sqliteDb.Database, time);
        for (var i = 0; i < 3; i++)
        {
            await sqlite.AppendAsync("zhiban", "127.0.0.1", "ack", $"alert {i}", "ok", "处置", ct);
            time.Advance(TimeSpan.FromTicks(13));
        }

        using var pgDb = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync());
        using var pg = new PostgreSqlAuditLog(pgDb, time);
        await using (var connection = await pgDb.OpenAsync(ct))
        await using (var sqliteConnection = await sqliteDb.Database.OpenAsync(ct))
        await using (var read = sqliteConnection.CreateCommand())
        {
            read.CommandText = "SELECT seq, at, actor, address, action, target, outcome, detail, prev_hash, hash FROM console_audit ORDER BY seq";
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                await using var insert = new Npgsql.NpgsqlCommand(
                    "INSERT INTO console_audit (seq, at, actor, address, action, target, outcome, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", connection);
                for (var i = 0; i < 10; i++)
                {
                    insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = r.GetValue(i) });
                }

                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        var fourth = await pg.AppendAsync("admin", "127.0.0.1", "login", "", "ok", "", ct);

        Assert.Equal((await sqlite.ListAsync(1, ct))[0].Hash, fourth.PrevHash);
        Assert.Equal(new Core.Accounts.AuditVerification(4, null, null), await pg.VerifyAsync(ct));
        Assert.Equal((await sqlite.ListAsync(3, ct)).Select(e => e.Hash), (await pg.ListAsync(4, ct)).Skip(1).Select(e => e.Hash));
    }
}
