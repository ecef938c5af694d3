using Npgsql;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Copy;
using SentimentWatch.Storage.PostgreSql.Office;
using Records = SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>
/// <see cref="StoreCopier"/> (<c>sw store migrate --to postgresql</c>) from an SQLite store written through the SQLite
/// stores (posts with edits and exchanges, classifications, incidents with a merge, alerts with outbox and timers,
/// evidence, takedowns, accounts, the audit chain, reports and their coverage, the trigger-written feeds) into a
/// database on the test PostgreSQL: verified per table, re-run, interrupted and re-run, refused and failed by name.
/// </summary>
public sealed class StoreCopierTests : IDisposable
{
    private readonly TempDatabase _sqlite = new();

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Copy_FilledStore_EveryTableVerified_ThenReRunCopiesNothing_AndThePostgreSqlStoresReadIt()
    {
        await FillAsync();
        using var target = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync("copy"));

        var first = await new StoreCopier(_sqlite.Database.Path, target) { BatchSize = 3 }.CopyAsync(Ct);
        var second = await new StoreCopier(_sqlite.Database.Path, target) { BatchSize = 3 }.CopyAsync(Ct);

        Assert.True(first.Verified, Describe(first));
        Assert.Empty(first.Failures);
        Assert.Contains(first.Skipped, s => s.StartsWith("search_docs: SQLite's embedded search index", StringComparison.Ordinal));
        foreach (var table in new[] { "exchanges", "posts", "post_versions", "post_changes", "classifications", "incidents", "incident_posts", "incident_joins", "alerts", "outbox", "alert_timers", "evidence_items", "takedowns", "console_accounts", "console_audit", "console_queue_changes", "reports", "report_versions", "report_coverage", "search_incident_changes" })
        {
            var t = Assert.Single(first.Tables, x => x.Table == table);
            Assert.True(t.SourceRows > 0, table);
            Assert.Equal((t.SourceRows, t.SourceRows), (t.Copied, t.TargetRows));
        }

        Assert.True(second.Verified, Describe(second));
        Assert.Equal(0, second.Tables.Sum(t => t.Copied));
        Assert.Equal(first.Tables.Select(t => (t.Table, t.TargetHash)), second.Tables.Select(t => (t.Table, t.TargetHash)));

        // The copy is a working store: the chain verifies, the feeds continue after the copied numbers, ids go on.
        Assert.True((await new Storage.PostgreSql.Accounts.PostgreSqlAuditLog(target, TimeProvider.System).VerifyAsync(Ct)).Ok);
        using var incidents = new Storage.PostgreSql.Alerting.PostgreSqlIncidentStore(target);
        using var queries = new PostgreSqlReportQueries(target);
        var before = await queries.MembershipAsync(1, Ct);
        var fresh = await incidents.CreateAsync(Records.Incident(Records.Post(500)), Records.Post(500), Ct);
        await incidents.AddPostAsync(1, Records.Post(501, platform: "douyin"), Ct);
        var after = await queries.MembershipAsync(1, Ct);
        Assert.True(fresh > first.Tables.Single(t => t.Table == "incidents").TargetRows);
        Assert.Equal(before.Posts + 1, after.Posts);
        Assert.True(after.LastSeq > before.LastSeq);
    }

    [Fact]
    public async Task Copy_InterruptedMidTable_ReRunFinishesIt_AndVerifies()
    {
        await FillAsync();
        using var target = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync("copy"));
        using var stop = new CancellationTokenSource();
        var interrupted = new StoreCopier(_sqlite.Database.Path, target)
        {
            BatchSize = 2,
            BatchCommitted = (table, copied) =>
            {
                if (table == "post_versions" && copied >= 2)
                {
                    stop.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.CopyAsync(stop.Token));
        var partial = await CountAsync(target, "post_versions");
        var rerun = await new StoreCopier(_sqlite.Database.Path, target) { BatchSize = 2 }.CopyAsync(Ct);

        Assert.Equal(2, partial);
        Assert.True(rerun.Verified, Describe(rerun));
        var versions = rerun.Tables.Single(t => t.Table == "post_versions");
        Assert.Equal(versions.SourceRows - 2, versions.Copied);
        Assert.Equal(0, rerun.Tables.Single(t => t.Table == "exchanges").Copied);
        // No trigger was left off by the interrupted batch: a new join still writes its feed rows.
        Assert.Equal(0L, await ScalarAsync(target, "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'"));
    }

    [Fact]
    public async Task Copy_TargetRowChangedAfterwards_VerificationNamesTableAndRow()
    {
        await FillAsync();
        using var target = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync("copy"));
        Assert.True((await new StoreCopier(_sqlite.Database.Path, target).CopyAsync(Ct)).Verified);
        await ExecAsync(target, "UPDATE posts SET text = 'tampered' WHERE id = 2");

        var again = await new StoreCopier(_sqlite.Database.Path, target).CopyAsync(Ct);

        Assert.False(again.Verified);
        var posts = Assert.Single(again.Tables, t => !t.Verified);
        Assert.Equal("posts", posts.Table);
        Assert.Equal(posts.SourceRows, posts.TargetRows);
        Assert.NotEqual(posts.SourceHash, posts.TargetHash);
        var problem = Assert.Single(posts.Problems);
        Assert.StartsWith("rows differ at the same position: SQLite 2|", problem, StringComparison.Ordinal);
        Assert.Contains("tampered", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_TargetAtAnotherSchemaVersion_Refused_NamingBothVersions_NothingCopied()
    {
        await FillAsync();
        using var target = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync("copy"));
        await target.MigrateAsync(Ct);
        await ExecAsync(target, "DELETE FROM schema_migrations WHERE id = '0752_incident_joins'");

        var ex = await Assert.ThrowsAsync<StoreCopyRefusedException>(() => new StoreCopier(_sqlite.Database.Path, target).CopyAsync(Ct));

        Assert.Contains("is version 0751 (0751_exercise), this binary's is 0752 (0752_incident_joins); not applied there: 0752_incident_joins", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(target, "posts"));
    }

    [Fact]
    public async Task Copy_SqliteStoreOlderOrMissing_Refused()
    {
        await FillAsync();
        await using (var connection = await _sqlite.Database.OpenAsync(Ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "DELETE FROM schema_migrations WHERE id = '0752_incident_joins'";
            await command.ExecuteNonQueryAsync(Ct);
        }

        using var target = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync("copy"));

        var older = await Assert.ThrowsAsync<StoreCopyRefusedException>(() => new StoreCopier(_sqlite.Database.Path, target).CopyAsync(Ct));
        var missing = await Assert.ThrowsAsync<StoreCopyRefusedException>(() => new StoreCopier(_sqlite.Database.Path + ".nope", target).CopyAsync(Ct));

        Assert.Contains("is at version 0751, this binary's SQLite schema is 0752; it lacks 0752_incident_joins", older.Message, StringComparison.Ordinal);
        Assert.StartsWith("No SQLite store at ", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_ValueThePostgreSqlColumnCannotHold_TableNamedWithRowAndColumn_OtherTablesCopied()
    {
        await FillAsync();
        await using (var connection = await _sqlite.Database.OpenAsync(Ct))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE source_runs SET started_at = 'yesterday-ish' WHERE id = 1";
            await command.ExecuteNonQueryAsync(Ct);
        }

        using var target = new PostgreSqlDatabase(await PostgresServer.Shared.CreateDatabaseAsync("copy"));

        var report = await new StoreCopier(_sqlite.Database.Path, target).CopyAsync(Ct);

        Assert.False(report.Verified);
        var runs = Assert.Single(report.Tables, t => !t.Verified);
        Assert.Equal("source_runs", runs.Table);
        Assert.Contains(runs.Problems, p => p.Contains("source_runs.started_at at (id=1): 'yesterday-ish' is not a time", StringComparison.Ordinal));
        Assert.True(report.Tables.Single(t => t.Table == "posts").Verified);
    }

    /// <summary>A store as the pipeline leaves it, written through the SQLite stores.</summary>
    private async Task FillAsync()
    {
        var db = _sqlite.Database;
        using var posts = new Storage.Posts.SqlitePostStore(db);
        var exchange = await posts.SaveExchangeAsync(Support.Some.Exchange(), Ct);
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            var seen = Support.Some.T0.AddTicks((i * 1234567) + 7); // a seventh fraction digit PostgreSQL does not keep
            ids.Add((await posts.UpsertPostAsync(Support.Some.Post(id: $"{100 + i}", text: $"第{i}条：出法考答案，加V", exchangeId: exchange), seen, Ct)).PostId);
        }

        await posts.UpsertPostAsync(Support.Some.Post(id: "100", text: "第0条：已编辑", exchangeId: exchange), Support.Some.T0.AddHours(1), Ct);
        await posts.MarkDeletedAsync(ids[6], Support.Some.T0.AddHours(2), "gone", Ct);
        using var state = new Storage.Posts.SqliteSourceStateStore(db, TimeProvider.System);
        await state.RecordRunAsync(new Core.Collection.SourceRunReport("tieba-fakao", Support.Some.T0, Support.Some.T0.AddSeconds(3), Core.Collection.SourceRunStatus.Ok, 1, 1, 7, 0, 0, new Dictionary<int, int> { [200] = 1 }, []), Ct);
        using var labels = new Storage.Classification.SqliteClassificationStore(db);
        foreach (var id in ids)
        {
            await labels.SaveAsync(id, 1, Support.Some.T0, new ClassificationResult(Labels.AnswerSelling, 0.1 + (id / 7.0), new Dictionary<string, double> { [Labels.AnswerSelling] = 0.9 },
                [new Contact("qq", "2876543210", "Q2876543210", 0, 11)], ["kw"], "m1"), Ct);
        }

        using var incidents = new Storage.Alerting.SqliteIncidentStore(db);
        var a = await incidents.CreateAsync(Records.Incident(Records.Post(ids[0])), Records.Post(ids[0]), Ct);
        await incidents.AddPostAsync(a, Records.Post(ids[1], minutes: 1, platform: "tieba"), Ct);
        var b = await incidents.CreateAsync(Records.Incident(Records.Post(ids[2])), Records.Post(ids[2]), Ct);
        await incidents.AddPostAsync(b, Records.Post(ids[3], minutes: 2), Ct);
        using var actions = new Storage.Alerting.SqliteIncidentActionStore(db);
        await actions.MergeAsync(a, b, "duty-a", "same story", Support.Some.T0, Ct);
        using var alerts = new Storage.Alerting.SqliteAlertStore(db);
        await alerts.RaiseAsync(Records.Alert("incident:1:III", a), [Records.Message("m1"), Records.Message("m2", channel: "webhook")],
            [new AlertTimer(0, 0, "escalate", 1, Support.Some.T0.AddMinutes(15), "pending")], Ct);
        using var evidence = new Storage.Evidence.SqliteEvidenceStore(db);
        await evidence.AddAsync(new EvidenceItem("ev-1", ids[0], "1", a.ToString(System.Globalization.CultureInfo.InvariantCulture), new Uri("https://tieba.example.cn/p/100"), true, "browser", "evidence/ev-1",
            Support.Some.T0, "值班员", new string('a', 64), null, ["screenshot"]), Ct);
        using var takedowns = new Storage.Evidence.SqliteTakedownStore(db);
        await takedowns.AddAsync(ids[0], new Uri("https://tieba.example.cn/p/100"), Support.Some.T0, Support.Some.T0.AddDays(1), "值班员", "请删除", Ct);
        using var accounts = new Storage.Accounts.SqliteAccountStore(db);
        await accounts.AddAsync("duty-a", "值班员甲", "duty", "hash", Support.Some.T0, Ct);
        using var audit = new Storage.Accounts.SqliteAuditLog(db, TimeProvider.System);
        for (var i = 0; i < 4; i++)
        {
            await audit.AppendAsync("duty-a", "127.0.0.1", "login", "console", "ok", $"第{i}次", Ct);
        }

        using var reports = new Storage.Reports.SqliteReportStore(db);
        var report = await reports.CreateAsync("incident", a, null, null, "首报", "{\"t\":1}", "duty-a", Support.Some.T0, Ct);
        await reports.AddVersionAsync(report.Id, "{\"t\":2}", "duty-a", "改", Support.Some.T0.AddMinutes(1), Ct);
        using var queries = new Storage.Reports.SqliteReportQueries(db);
        var m = await queries.MembershipAsync(a, Ct);
        await queries.RecordCoverageAsync(new ReportCoverage(report.Id, a, m.LastSeq, m.Posts, [DevelopmentKinds.Growth], Support.Some.T0), Ct);
    }

    private static string Describe(StoreCopyReport report) =>
        string.Join("\n", report.Failures.Concat(report.Tables.Where(t => !t.Verified).SelectMany(t => t.Problems.Prepend($"{t.Table}: {t.SourceRows} vs {t.TargetRows}"))));

    private static async Task<long> CountAsync(PostgreSqlDatabase database, string table) => await ScalarAsync(database, $"SELECT COUNT(*) FROM {table}");

    private static async Task<long> ScalarAsync(PostgreSqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(PostgreSqlDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    public void Dispose() => _sqlite.Dispose();
}
