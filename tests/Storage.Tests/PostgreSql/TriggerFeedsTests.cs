using Npgsql;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Alerting;
using SentimentWatch.Storage.PostgreSql.Office;
using Records = SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>
/// The feeds triggers write on <c>incident_posts</c> (0752's <c>incident_joins</c>, 0520's <c>search_incident_changes</c>) hand out sequence numbers in commit
/// order on PostgreSQL, each under its own advisory lock; and 0752 applied to a store that already has incidents fills
/// their membership as SQLite's does.
/// </summary>
public sealed class TriggerFeedsTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData("incident_joins_post_added", "SELECT seq, post_id FROM incident_joins ORDER BY seq", new long[] { 1, 2, 10, 20 })]
    [InlineData("search_incident_post_added", "SELECT seq, incident_id FROM search_incident_changes ORDER BY seq", new long[] { 1, 2, 1, 2 })]
    public async Task SecondJoin_WaitsForTheFirstsCommit_SequenceIsCommitOrder(string trigger, string feed, long[] expected)
    {
        using var database = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync());
        await database.MigrateAsync(Ct);
        // Only the trigger under test stays on incident_posts: the others take locks of their own feeds, which would
        // serialise the two writers without it.
        await ExecAsync(database, $"""
            DO $$ DECLARE t record; BEGIN
              FOR t IN SELECT tgname FROM pg_trigger WHERE tgrelid = 'incident_posts'::regclass AND NOT tgisinternal AND tgname <> '{trigger}' LOOP
                EXECUTE format('DROP TRIGGER %I ON incident_posts', t.tgname);
              END LOOP;
            END $$
            """);
        using var incidents = new PostgreSqlIncidentStore(database);
        var a = await incidents.CreateAsync(Records.Incident(Records.Post(1)), Records.Post(1), Ct);
        var b = await incidents.CreateAsync(Records.Incident(Records.Post(2)), Records.Post(2), Ct);

        await using var first = await database.OpenAsync(Ct);
        await using var tx = await first.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand($"INSERT INTO incident_posts (post_id, incident_id, at, data) VALUES (10, {a}, now(), '{{}}')", first, tx))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var second = Task.Run(() => incidents.AddPostAsync(b, Records.Post(20), Ct));
        while (!second.IsCompleted && !await WaitingOnAdvisoryLockAsync(database))
        {
            await Task.Delay(10);
        }

        Assert.False(second.IsCompleted, "the second join committed while the first was still open");
        await tx.CommitAsync(Ct);
        await second;

        var rows = await RowsAsync(database, feed);
        Assert.Equal((1L, 2L), (a, b));
        Assert.Equal(expected, rows.Select(r => r.Ref));
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
    }

    [Fact]
    public async Task Migration0752_OnAStoreWithIncidents_MembershipAndFirstPostPerPlatformFilled_NoHistoryJoins()
    {
        using (var old = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync()))
        {
            await old.MigrateAsync(Ct);
            // The store as 0751 left it: no membership tables, incidents with posts.
            await ExecAsync(old, """
                DROP TABLE incident_joins, incident_membership, incident_platforms, report_coverage;
                DROP FUNCTION incident_joins_note() CASCADE; DROP FUNCTION sw_incident_post_platform(text);
                DELETE FROM schema_migrations WHERE id = '0752_incident_joins';
                """);
            using var incidents = new PostgreSqlIncidentStore(old);
            var id = await incidents.CreateAsync(Records.Incident(Records.Post(1)), Records.Post(1, minutes: 5), Ct);
            await incidents.AddPostAsync(id, Records.Post(2, minutes: 1, platform: "tieba"), Ct);
            await incidents.AddPostAsync(id, Records.Post(3, minutes: 0), Ct);
            await ExecAsync(old, $"INSERT INTO incident_posts (post_id, incident_id, at, data) VALUES (4, {id}, now(), 'not json')");

            using var upgraded = new PostgreSqlDatabase(PostgresServer.Shared.ConnectionString(old.DatabaseName));
            using var queries = new PostgreSqlReportQueries(upgraded);

            var membership = await queries.MembershipAsync(id, Ct);

            Assert.Equal(new Core.Reports.IncidentMembership(id, 0, 4), membership);
            Assert.Empty(await queries.JoinsAfterAsync(id, 0, newPlatformsOnly: false, Ct));
            Assert.Equal([("", 4L), ("tieba", 2L), ("weibo", 3L)], (await RowsAsync(upgraded, $"SELECT platform, first_post_id FROM incident_platforms WHERE incident_id = {id} ORDER BY platform"))
                .Select(r => (r.Text, r.Ref)));
        }
    }

    private static async Task ExecAsync(PostgreSqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<List<(long Seq, long Ref, string Text)>> RowsAsync(PostgreSqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var r = await command.ExecuteReaderAsync(Ct);
        var list = new List<(long, long, string)>();
        while (await r.ReadAsync(Ct))
        {
            list.Add(r.GetFieldType(0) == typeof(string) ? (0, r.GetInt64(1), r.GetString(0)) : (r.GetInt64(0), r.GetInt64(1), ""));
        }

        return list;
    }

    private static async Task<bool> WaitingOnAdvisoryLockAsync(PostgreSqlDatabase database)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))", connection);
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }
}
