using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Security;

/// <summary>
/// Secrets are never printed, and an unresolved reference blocks only what needs it (issue 13): the real <c>sw</c>
/// process against a drill server on loopback.
/// </summary>
public sealed class SecretsTests : IAsyncLifetime
{
    private const string UnsetVariable = "SW_TEST_NEVER_SET_COOKIE_7F3A";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-secrets-" + Guid.NewGuid().ToString("N"));
    private string _config = null!;
    private DrillServer _drill = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        _drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.Generate(posts: 40, seed: 3, spreadSeconds: 0) }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _drill.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The drill sources, the tieba one with a cookie from an environment variable that is not set.</summary>
    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(DrillSourceConfig.For(_drill, TimeSpan.FromMinutes(1), maxPages: 2))
        {
            ["Storage:Database"] = Path.Combine(_dir, "sw.db"),
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.010",
            ["Crawler:Sources:0:Cookie"] = "env:" + UnsetVariable,
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(Dictionary<string, string?> settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sw.dll"));
        foreach (var a in args.Concat(["--config", _config]))
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in settings)
        {
            info.Environment["SW_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment.Remove(UnsetVariable);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync("法考答案\n");
        p.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task UnsetVariable_OnlyTheVerbsAndSourcesNeedingItRefuse()
    {
        var settings = Settings();

        var other = await RunAsync(settings, "crawler", "run", "--source", "drill-rss", "--once");
        var segment = await RunAsync(settings, "segment");
        var alerts = await RunAsync(settings, "alerts", "list");
        var needing = await RunAsync(settings, "crawler", "run", "--source", "drill-tieba", "--once");
        var run = await RunAsync(settings, "run");

        Assert.True(other.Code == 0, other.Err + other.Out);
        Assert.Contains("drill-rss: Ok", other.Out, StringComparison.Ordinal);
        Assert.True(segment.Code == 0, segment.Err);
        Assert.Contains("答案", segment.Out, StringComparison.Ordinal);
        Assert.True(alerts.Code == 0, alerts.Err);
        foreach (var refused in new[] { needing, run })
        {
            Assert.Equal(2, refused.Code);
            Assert.Contains("Crawler:Sources:0:Cookie", refused.Err, StringComparison.Ordinal);
            Assert.Contains("source 'drill-tieba'", refused.Err, StringComparison.Ordinal);
            Assert.Contains(UnsetVariable, refused.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ConfigError_WebhookUrl_KeyNamedValueNeverPrinted()
    {
        var settings = Settings(
            ("Alerting:Routing:Channels:robot:Type", "wecom"),
            ("Alerting:Routing:Channels:robot:Url", "htps://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY-6b1f"),
            ("Crawler:Sources:1:Urls:0", "htp://spider:hunter2@127.0.0.1/forum"));

        // The worker validates every stage at once (a one-off verb only its own): both keys named, neither secret printed.
        var (code, _, err) = await RunAsync(settings, "run");

        Assert.Equal(2, code);
        Assert.Contains("Alerting:Routing:Channels:robot:Url", err, StringComparison.Ordinal);
        Assert.Contains("Crawler:Sources:1:Urls:0", err, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETKEY", err, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsInSourceUrl_RedactedInReportLogsAndStore()
    {
        // The RSS source's URL carries user:password; the drill server ignores them, the crawl goes on.
        var url = DrillSourceConfig.For(_drill, TimeSpan.FromMinutes(1))["Crawler:Sources:5:Urls:0"]!.Replace("http://", "http://spider:hunter2@", StringComparison.Ordinal);
        // ticket= is no common key parameter: configuration names it (Redaction:Parameters).
        var settings = Settings(("Crawler:Sources:5:Urls:0", url + "?page=999&token=tok-5e3d&ticket=tk-77ab"), ("Logging:LogLevel:Default", "Debug"), ("Redaction:Parameters:0", "ticket"));

        var (_, stdout, stderr) = await RunAsync(settings, "crawler", "run", "--source", "drill-rss", "--once");

        Assert.DoesNotContain("hunter2", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-5e3d", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("tk-77ab", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("ticket=***", stdout + stderr, StringComparison.Ordinal);
        Assert.Contains("***@127.0.0.1", stdout + stderr, StringComparison.Ordinal);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_dir, "sw.db")};Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(group_concat(failures, ' '), '') FROM source_runs";
        var stored = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.DoesNotContain("hunter2", stored, StringComparison.Ordinal);
    }
}
