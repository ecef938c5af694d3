using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
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

    /// <summary>
    /// <c>--files-to</c> on the packets the real evidence code sealed during the exercise, plus one post image: one packet
    /// moved away (missing), one sealed file tampered with, leftovers of an interrupted run at the target. The intact
    /// packets arrive whole and pass <c>sha256sum -c</c> and <c>sw evidence verify</c> as their originals do, their rows
    /// point at the copies; the missing and tampered ones are named and the run exits 1. Put back, a re-run finishes them.
    /// </summary>
    [Fact]
    public async Task Migrate_FilesTo_IntactCopiedAndVerified_MissingAndTamperedNamed_ReRunAfterRepairFinishes()
    {
        var store = await FillByExerciseAsync();
        var sourceData = Path.GetDirectoryName(store)!;
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "migrate-config"));
        var pg = await PostgresServer.Shared.CreateDatabaseAsync("migfiles");
        var settings = new Dictionary<string, string?>
        {
            ["Paths:Data"] = sourceData,
            ["Storage:Database"] = store,
            ["TEST_PG"] = pg,
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
        };
        var packets = new List<(string Id, string Path)>();
        await using (var db = new SqliteConnection($"Data Source={store}"))
        {
            await db.OpenAsync();
            await using (var read = new SqliteCommand("SELECT id, packet_path FROM evidence_items WHERE manifest_sha256 IS NOT NULL ORDER BY id", db))
            await using (var r = await read.ExecuteReaderAsync())
            {
                while (await r.ReadAsync())
                {
                    packets.Add((r.GetString(0), r.GetString(1)));
                }
            }

            // One content-addressed post image, as the image reader stores it.
            var image = "not a real PNG, but bytes all the same"u8.ToArray();
            var sha = Convert.ToHexStringLower(SHA256.HashData(image));
            var imagePath = Path.Combine(sourceData, "images", sha[..2], sha[2..4], sha + ".bin");
            Directory.CreateDirectory(Path.GetDirectoryName(imagePath)!);
            await File.WriteAllBytesAsync(imagePath, image);
            await using var insert = new SqliteCommand(
                "INSERT INTO post_images (post_id, ordinal, url, state, sha256, media_type, bytes, found_at, done_at) " +
                "SELECT MIN(id), 0, 'https://img.example/1.png', 'analysed', $sha, 'image/png', $n, '2026-12-07T00:00:00.0000000+00:00', '2026-12-07T00:00:00.0000000+00:00' FROM posts", db);
            insert.Parameters.AddWithValue("$sha", sha);
            insert.Parameters.AddWithValue("$n", image.Length);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.True(packets.Count >= 3, $"the exercise sealed {packets.Count} packet(s)");
        Assert.All(packets, p => Assert.True(Directory.Exists(p.Path), p.Path));
        var (missingId, missingPath) = packets[0];
        var (tamperedId, tamperedPath) = packets[1];
        var intact = packets.Skip(2).ToList();

        // The originals, as the project verifies them, before anything is touched.
        var originals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, path) in intact)
        {
            originals[id] = (await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(2), "evidence", "verify", path, "--config", config)).Exit;
        }

        var aside = Path.Combine(_dir, "aside-" + missingId);
        Directory.Move(missingPath, aside);
        var sealedLine = (await File.ReadAllLinesAsync(Path.Combine(tamperedPath, "MANIFEST.sha256"))).First(l => !l.EndsWith("custody.log", StringComparison.Ordinal));
        var tamperedRel = sealedLine[66..];
        var tamperedFile = Path.Combine(tamperedPath, tamperedRel);
        var original = await File.ReadAllBytesAsync(tamperedFile);
        await File.WriteAllBytesAsync(tamperedFile, [.. original, (byte)'!']);

        // What an interrupted run leaves: a temporary file, and a half-built packet under .migrating/.
        var target = Path.Combine(_dir, "shared-data");
        var half = Path.Combine(target, "evidence", ".migrating", intact[0].Id);
        Directory.CreateDirectory(half);
        await File.WriteAllTextAsync(Path.Combine(half, "MANIFEST.sha256.sw-migrate-0badf00d.tmp"), "half");
        await File.WriteAllTextAsync(Path.Combine(half, "README.txt"), "truncated");

        var (exit, output, errors) = await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(5), "store", "migrate", "--to", "postgresql", "--files-to", target, "--config", config);

        Assert.True(exit == 1, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("VERIFIED: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DIFFERS", output, StringComparison.Ordinal);
        Assert.Contains($"MISSING at the source: evidence {missingId}: packet directory not at {missingPath}", output, StringComparison.Ordinal);
        Assert.Contains($"HASH MISMATCH: {tamperedId}/{tamperedRel}: {tamperedFile} has SHA-256 ", output, StringComparison.Ordinal);
        Assert.Contains("FILES NOT VERIFIED: 2 file problem(s)", output, StringComparison.Ordinal);
        Assert.Matches(@"post images\s+1\s+0\s+0\s+0\s+0", output);
        Assert.Matches(@"evidence packets, sealed files\s+\d+\s+1\s+0\s+1\s+1", output);
        Assert.Empty(Directory.EnumerateFiles(target, "*.sw-migrate-*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(target, "evidence", tamperedId)), "a packet with a bad file is not put where the nodes look");
        Assert.False(Directory.Exists(Path.Combine(target, "evidence", missingId)));
        foreach (var (id, path) in intact)
        {
            var copy = Path.Combine(target, "evidence", id);
            var (sums, sumsOut, sumsErr) = await RunToolAsync(copy, "sha256sum", "--strict", "-c", "MANIFEST.sha256");
            Assert.True(sums == 0, sumsOut + sumsErr);
            Assert.Equal(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Count(), Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Count());
            var (verify, verifyOut, _) = await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(2), "evidence", "verify", copy, "--config", config);
            Assert.True(originals[id] == verify, $"{id}: original exit {originals[id]}, copy exit {verify}\n{verifyOut}");
            Assert.Contains("ALL CHECKS PASSED", verifyOut, StringComparison.Ordinal);
        }

        var paths = await PacketPathsAsync(pg);
        Assert.All(intact, p => Assert.Equal(Path.Combine(target, "evidence", p.Id), paths[p.Id]));
        Assert.Equal(missingPath, paths[missingId]);
        Assert.Equal(tamperedPath, paths[tamperedId]);

        // Repaired at the source: the next run copies only what was missing and re-points those rows.
        Directory.Move(aside, missingPath);
        await File.WriteAllBytesAsync(tamperedFile, original);
        var (fixedExit, fixedOut, fixedErr) = await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(5), "store", "migrate", "--to", "postgresql", "--files-to", target, "--config", config);
        var (againExit, againOut, _) = await SwProcess.RunAsync(_dir, settings, TimeSpan.FromMinutes(5), "store", "migrate", "--to", "postgresql", "--files-to", target, "--config", config);

        Assert.True(fixedExit == 0, fixedOut + fixedErr);
        Assert.Contains("FILES VERIFIED: ", fixedOut, StringComparison.Ordinal);
        Assert.Contains("(0 copied by this run)", fixedOut, StringComparison.Ordinal);
        paths = await PacketPathsAsync(pg);
        Assert.All(packets, p => Assert.Equal(Path.Combine(target, "evidence", p.Id), paths[p.Id]));
        Assert.False(Directory.Exists(Path.Combine(target, "evidence", ".migrating")), "nothing left half-built");
        Assert.True(againExit == 0, againOut);
        Assert.Matches(@"FILES VERIFIED: \d+ files identical to their recorded hashes in .* \(0 copied by this run\)\.", againOut);
        Assert.DoesNotContain("DIFFERS", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_BadTargetOrArguments_RefusedWithTheReason()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        var literal = new Dictionary<string, string?> { ["Storage:PostgreSql:ConnectionString"] = "Host=127.0.0.1;Username=sw;Password=hunter2" };

        var (wrongEngine, _, wrongEngineErr) = await SwProcess.RunAsync(_dir, literal, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "mysql", "--config", config);
        var aFile = Path.Combine(_dir, "not-a-directory");
        await File.WriteAllTextAsync(aFile, "x");
        var (filesToFile, _, filesToFileErr) = await SwProcess.RunAsync(_dir, literal, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "postgresql", "--files-to", aFile, "--config", config);
        var (password, passwordOut, passwordErr) = await SwProcess.RunAsync(_dir, literal, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "postgresql", "--config", config);
        var (noStore, _, noStoreErr) = await SwProcess.RunAsync(_dir, new Dictionary<string, string?>
        {
            ["TEST_PG"] = await PostgresServer.Shared.CreateDatabaseAsync("migrate"),
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
            ["Storage:Database"] = Path.Combine(_dir, "none.db"),
        }, TimeSpan.FromMinutes(2), "store", "migrate", "--to", "postgresql", "--config", config);

        Assert.Equal(2, wrongEngine);
        Assert.Contains("--to 'mysql' is not a target this build copies to: postgresql", wrongEngineErr, StringComparison.Ordinal);
        Assert.Equal(2, filesToFile);
        Assert.Contains($"--files-to '{aFile}' must name a directory", filesToFileErr, StringComparison.Ordinal);
        Assert.Equal("x", await File.ReadAllTextAsync(aFile));
        Assert.Equal(2, password);
        Assert.Contains("holds a password written in the configuration", passwordErr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", passwordOut + passwordErr, StringComparison.Ordinal);
        Assert.Equal(2, noStore);
        Assert.Contains("refused: No SQLite store at ", noStoreErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "none.db")));
    }

    private static async Task<Dictionary<string, string>> PacketPathsAsync(string connectionString)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT id, packet_path FROM evidence_items", db);
        await using var r = await read.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            paths[r.GetString(0)] = r.GetString(1);
        }

        return paths;
    }

    private static async Task<(int Exit, string Out, string Err)> RunToolAsync(string workDir, string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
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
