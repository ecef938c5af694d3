using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Security;

/// <summary>Runs only where a tmpfs can be mounted (root); otherwise skipped with the reason.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public static string? MissingReason { get; } = Probe();

    public TmpfsFactAttribute()
    {
        if (MissingReason is not null)
        {
            Skip = MissingReason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux tmpfs";
        }

        var dir = Directory.CreateTempSubdirectory("sw-tmpfs-probe-").FullName;
        try
        {
            return Tmpfs.Mount(dir, "64k") is { } problem ? $"cannot mount a tmpfs here ({problem}); run as root to test a filling disk" : Tmpfs.Unmount(dir);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}

internal static class Tmpfs
{
    /// <summary>Mounts a size-limited tmpfs on <paramref name="dir"/>; returns null or the failure.</summary>
    public static string? Mount(string dir, string size) => Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir);

    public static string? Unmount(string dir) => Run("umount", dir);

    private static string? Run(string file, params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{file} exit {p.ExitCode}: {err.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{file}: {ex.Message}";
        }
    }
}

/// <summary>
/// A full disk is loud (issue 13): the SQLite store lives on a real 16 MiB tmpfs that is filled up while the real
/// <c>sw</c> crawls a drill site. One-shot verbs exit non-zero with "disk full", <c>sw status</c> says so, the worker
/// pauses, records a collector-health event and resumes by itself when space returns, and no stored post is lost.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-diskfull-" + Guid.NewGuid().ToString("N"));
    private string _mount = null!;
    private string _config = null!;
    private bool _mounted;
    private DrillServer _drill = null!;

    private string Db => Path.Combine(_mount, "sw.db");

    private string Filler => Path.Combine(_mount, "filler.bin");

    public async Task InitializeAsync()
    {
        _mount = Path.Combine(_dir, "store");
        Directory.CreateDirectory(_mount);
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        _mounted = TmpfsFactAttribute.MissingReason is null && Tmpfs.Mount(_mount, "16m") is null;
        _drill = await DrillServer.StartAsync(new DrillOptions
        {
            Scenario = DrillScenario.Generate(posts: 400, seed: 5, spreadSeconds: 0),
            PageSizes = new DrillPageSizes { TiebaThreads = 5, TiebaFloors = 10 },
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _drill.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            Tmpfs.Unmount(_mount);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Dictionary<string, string?> Settings(int maxPages, string interval = "00:01:00") => new(DrillSourceConfig.For(_drill, TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), maxPages))
    {
        ["Storage:Database"] = Db,
        ["Paths:Data"] = Path.Combine(_dir, "data"),
        ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.005",
        ["Crawler:Collection:MaxDetailPagesPerRun"] = "10000",
        // Only the tieba board: one source keeps the test about the store, not the sites.
        ["Crawler:Sources:1:Enabled"] = "false", ["Crawler:Sources:2:Enabled"] = "false", ["Crawler:Sources:3:Enabled"] = "false",
        ["Crawler:Sources:4:Enabled"] = "false", ["Crawler:Sources:5:Enabled"] = "false", ["Crawler:Sources:6:Enabled"] = "false",
    };

    private async Task<(int Code, string Out, string Err)> SwAsync(Dictionary<string, string?> settings, params string[] args)
    {
        using var p = SwProcess.StartCapturing(_dir, settings, ["--config", _config, .. args]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.Process.WaitForExitAsync(timeout.Token);
        return (p.Process.ExitCode, p.Out, p.Err);
    }

    /// <summary>Fills the file system up to the last byte.</summary>
    private void Fill()
    {
        using var f = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                f.Write(chunk);
                f.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    private async Task<HashSet<string>> StoredPostsAsync()
    {
        await using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT platform_post_id FROM posts";
        await using var r = await cmd.ExecuteReaderAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await r.ReadAsync())
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    [TmpfsFact]
    public async Task OneShotCrawl_DiskFills_FailsLoudlyThenResumesLosingNothing()
    {
        Assert.True(_mounted, "tmpfs mount failed");
        var first = await SwAsync(Settings(maxPages: 1), "crawler", "run", "--source", "drill-tieba", "--once");
        Assert.True(first.Code == 0, first.Err + first.Out);
        var before = await StoredPostsAsync();
        Assert.NotEmpty(before);

        Fill();
        var full = await SwAsync(Settings(maxPages: 1000), "crawler", "run", "--source", "drill-tieba", "--once");
        var status = await SwAsync(Settings(maxPages: 1000), "status");

        Assert.Equal(1, full.Code);
        Assert.Contains("disk full", full.Out, StringComparison.Ordinal);
        Assert.Contains("STORAGE FAILURES", full.Err, StringComparison.Ordinal);
        Assert.Equal(1, status.Code);
        Assert.Contains("disk full", status.Out, StringComparison.Ordinal);

        File.Delete(Filler);
        var resumed = await SwAsync(Settings(maxPages: 1000), "crawler", "run", "--source", "drill-tieba", "--once");
        Assert.True(resumed.Code == 0, resumed.Err + resumed.Out);
        var after = await StoredPostsAsync();
        Assert.Empty(before.Except(after));
        Assert.Equal(_drill.Scenario.Posts.Count(p => p.Site == DrillSite.Tieba), after.Count);
        Assert.Equal(0, (await SwAsync(Settings(maxPages: 1000), "status")).Code);
    }

    [TmpfsFact]
    public async Task Worker_DiskFills_PausesRaisesHealthEventAndResumesWhenSpaceReturns()
    {
        Assert.True(_mounted, "tmpfs mount failed");
        var settings = Settings(maxPages: 1000, interval: "00:00:01");
        // A clash on the shipped 8788 with another class's worker once kept this worker from stopping in time.
        SwProcess.UseOwnListeners(settings, out _);
        var first = await SwAsync(Settings(maxPages: 1), "crawler", "run", "--source", "drill-tieba", "--once");
        Assert.True(first.Code == 0, first.Err);
        var before = await StoredPostsAsync();
        Fill();

        using var worker = SwProcess.StartCapturing(_dir, settings, ["--config", _config, "run"]);
        await worker.WaitForErrAsync("STORAGE FAILURE", TimeSpan.FromMinutes(2));
        await worker.WaitForErrAsync("collection paused", TimeSpan.FromMinutes(1));
        File.Delete(Filler);
        await worker.WaitForErrAsync("Storage recovered", TimeSpan.FromMinutes(2));
        // The worker goes on crawling every second and keeps each page's exchange, so a small disk fills again in time;
        // 16 MiB leaves five times the room that 3 MiB left, which a slow shutdown on a loaded machine once used up.
        await worker.StopAsync();

        Assert.Equal(1, worker.Process.ExitCode);
        Assert.True(worker.Err.Contains("the store recovered", StringComparison.Ordinal), worker.Err[^Math.Min(3000, worker.Err.Length)..]);
        var after = await StoredPostsAsync();
        Assert.Empty(before.Except(after));
        await using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT message FROM collector_health_events WHERE kind = 'storage'";
        var message = (string?)await cmd.ExecuteScalarAsync();
        Assert.NotNull(message);
        Assert.Contains("disk full", message, StringComparison.Ordinal);
    }
}
