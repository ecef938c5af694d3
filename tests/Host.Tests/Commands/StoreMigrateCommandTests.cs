using SentimentWatch.Host.Commands;
using SentimentWatch.Host.Tests.Crash;
using SentimentWatch.Testing;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// <c>sw store migrate --to postgresql</c> end to end: the real executable copies a store the real pipeline filled
/// (<c>sw exercise run</c>: drill sites, crawler, classifier, alerting, delivery to a loopback mailbox, evidence,
/// reports) into a database on the test PostgreSQL; killed with SIGKILL mid-copy, re-run to the end, run once more.
/// </summary>
public sealed class StoreMigrateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-migrate-").FullName;

    [Fact]
    public async Task Migrate_PipelineStore_KilledMidCopy_ReRunVerifies_ThirdRunCopiesNothing()
    {
        var store = await FillByExerciseAsync();
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "migrate-config"));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Database"] = store,
            ["TEST_PG"] = await PostgresServer.Shared.CreateDatabaseAsync("migrate"),
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
        };

        // Batches of one row: the copy is still running when the first post's version has been copied.
        using (var killed = SwProcess.StartCapturing(_dir, settings, ["store", "migrate", "--to", "postgresql", "--batch", "1", "--config", config]))
        {
            await killed.WaitForErrAsync("post_versions: 1 row(s) copied so far", TimeSpan.FromMinutes(3));
            killed.Process.Kill();
            await killed.Process.WaitForExitAsync();
            Assert.Equal(137, killed.Process.ExitCode);
            Assert.DoesNotContain("VERIFIED", killed.Out, StringComparison.Ordinal);
        }

        var (exit, output, errors) = await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(5), "store", "migrate", "--to", "postgresql", "--config", config);
        var (again, againOutput, _) = await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(5), "store", "migrate", "--to", "postgresql", "--config", config);

        Assert.True(exit == 0, output + errors);
        Assert.Contains("VERIFIED: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DIFFERS", output, StringComparison.Ordinal);
        foreach (var table in new[] { "posts", "post_versions", "classifications", "incidents", "incident_posts", "alerts", "outbox", "evidence_items", "reports" })
        {
            var row = output.Split('\n').Single(l => l.StartsWith(table + " ", StringComparison.Ordinal));
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(long.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) > 0, $"{table} is empty in the pipeline's store: {row}");
            Assert.Equal(cells[2], cells[3]);
            Assert.EndsWith("ok", row.TrimEnd(), StringComparison.Ordinal);
        }

        Assert.Contains("not copied: search_docs: SQLite's embedded search index", output, StringComparison.Ordinal);
        Assert.True(again == 0, againOutput);
        Assert.Contains("(0 copied by this run)", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_BadTargetOrArguments_RefusedWithTheReason()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        var literal = new Dictionary<string, string?> { ["Storage:PostgreSql:ConnectionString"] = "Host=127.0.0.1;Username=sw;Password=hunter2" };

        var (wrongEngine, _, wrongEngineErr) = await SwProcess.RunAsync(_dir, literal, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "mysql", "--config", config);
        var (password, passwordOut, passwordErr) = await SwProcess.RunAsync(_dir, literal, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "postgresql", "--config", config);
        var (noStore, _, noStoreErr) = await SwProcess.RunAsync(_dir, new Dictionary<string, string?>
        {
            ["TEST_PG"] = await PostgresServer.Shared.CreateDatabaseAsync("migrate"),
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
            ["Storage:Database"] = Path.Combine(_dir, "none.db"),
        }, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "postgresql", "--config", config);

        Assert.Equal(2, wrongEngine);
        Assert.Contains("--to 'mysql' is not a target this build copies to: postgresql", wrongEngineErr, StringComparison.Ordinal);
        Assert.Equal(2, password);
        Assert.Contains("holds a password written in the configuration", passwordErr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", passwordOut + passwordErr, StringComparison.Ordinal);
        Assert.Equal(2, noStore);
        Assert.Contains("refused: No SQLite store at ", noStoreErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "none.db")));
    }

    /// <summary>The shipped Ⅰ-level leak exercise through the real pipeline; returns its store.</summary>
    private async Task<string> FillByExerciseAsync()
    {
        var data = Path.Combine(_dir, "data");
        var config = SwProcess.CopyDemoConfig(Path.Combine(_dir, "config"), data);
        var output = new StringWriter();
        var exit = await ExerciseCommands.RunAsync(Path.Combine(SwProcess.RepoRoot, "config", "exercises", "leak-level1-sitting.jsonl"), config, speed: 30, lingerSeconds: 20, output, CancellationToken.None);
        Assert.True(exit == 0, output.ToString());
        return Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(data, "exercises"))), "sentimentwatch.db");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
