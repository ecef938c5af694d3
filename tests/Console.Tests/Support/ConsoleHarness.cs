using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole;
using SentimentWatch.DutyConsole.Hosting;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Host.Cli;
using SentimentWatch.Testing;

namespace SentimentWatch.DutyConsole.Tests.Support;

/// <summary>
/// The worker's host (storage, alerting, evidence, console) built exactly as <c>sw run</c> builds it, minus the crawl
/// schedule, serving the console on a free loopback port over a fresh SQLite store.
/// </summary>
internal sealed class ConsoleHarness : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 9, 14, 1, 0, 0, TimeSpan.Zero);
    private readonly IHost _host;
    private int _seq;

    private ConsoleHarness(string dir, string configDir, IHost host, Uri address)
    {
        Directory = dir;
        ConfigDir = configDir;
        _host = host;
        Address = address;
    }

    public string Directory { get; }

    public string ConfigDir { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _host.Services;

    public static string RepoRoot => RepoPaths.Root;

    /// <param name="time">The clock of the worker and the console (sessions' idle timeout, audit times); the system clock when null.</param>
    public static async Task<ConsoleHarness> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-console-" + Guid.NewGuid().ToString("N"));
        var config = Path.Combine(dir, "config");
        System.IO.Directory.CreateDirectory(Path.Combine(config, "conf.d"));
        File.Copy(Path.Combine(RepoRoot, "config", "sentimentwatch.json"), Path.Combine(config, "sentimentwatch.json"));
        File.Copy(Path.Combine(RepoRoot, "config", "conf.d", "10-calendar.json"), Path.Combine(config, "conf.d", "10-calendar.json"));
        File.Copy(Path.Combine(RepoRoot, "config", "conf.d", "30-alerting.json"), Path.Combine(config, "conf.d", "30-alerting.json"));
        File.Copy(Path.Combine(RepoRoot, "config", "conf.d", "40-press-lines.json"), Path.Combine(config, "conf.d", "40-press-lines.json"));
        var all = new Dictionary<string, string?>
        {
            ["Paths:Data"] = Path.Combine(dir, "data"),
            ["Paths:Models"] = Path.Combine(RepoRoot, "models"),
            ["Console:Listen"] = "http://127.0.0.1:0",
            ["Outbound:AllowLoopback"] = "true",
            ["Alerting:Ack:Serve"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        // Written as a config file as well, so `sw` child processes (audit verify) see the same store.
        await File.WriteAllTextAsync(Path.Combine(config, "conf.d", "99-test.json"), System.Text.Json.JsonSerializer.Serialize(Nest(all)));
        var builder = SwHost.CreateBuilder(config, all);
        // The worker's services, but not its background loops: seeded alerts stay exactly as seeded (the alerting
        // worker would re-grade the seeded incidents and supersede their alerts). The console is the only hosted service.
        builder.Services.RemoveAll<IHostedService>();
        if (time is not null)
        {
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddConsoleServer();
        var host = builder.Build();
        await host.StartAsync();
        var address = await host.Services.GetRequiredService<ConsoleServer>().Started.WaitAsync(TimeSpan.FromSeconds(30));
        return new ConsoleHarness(dir, config, host, address);
    }

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Adds an account with a fresh password and returns the password.</summary>
    public async Task<string> AddUserAsync(string name, string role)
    {
        var password = AccountService.GeneratePassword();
        await Get<AccountService>().AddAsync(name, name + "显示", role, password, CancellationToken.None);
        return password;
    }

    /// <summary>Stores a post, its classification, an incident holding it and an open alert, the way the worker would.</summary>
    public async Task<(long Incident, long Alert, long Post)> SeedAsync(string text, IncidentLevel level, string label = Labels.AnswerSelling, string? author = null, string? title = null, IReadOnlyList<Contact>? contacts = null, Uri? url = null, DateTimeOffset? time = null)
    {
        var n = Interlocked.Increment(ref _seq);
        var pid = "p" + n + "-" + Guid.NewGuid().ToString("N")[..6];
        url ??= new Uri($"http://127.0.0.1/weibo/{pid}");
        var at = time ?? T0.AddMinutes(n);
        var written = await Get<IPostStore>().UpsertPostAsync(
            new CollectedPost("weibo-fakao", "weibo", pid, url, pid, null, new AuthorInfo("u" + n, author ?? "用户" + n, 10), title, text, at, null, new Engagement(1, 2, 3, null), null),
            at, CancellationToken.None);
        await Get<IClassificationStore>().SaveAsync(written.PostId, 1, at,
            new ClassificationResult(label, 0.91, new Dictionary<string, double> { [label] = 0.91 }, contacts ?? [], ["关键词：答案"], "test-model"), CancellationToken.None);
        var post = new IncidentPost(written.PostId, "weibo-fakao", "weibo", pid, pid, null, url, "u" + n, author ?? "用户" + n, 10, text, at, label, 6,
            (contacts ?? []).Select(c => c.Kind + ":" + c.Value).ToList(), "first", null);
        var incidentTitle = title ?? (text.Length > 40 ? text[..40] : text);
        var incident = await Get<IIncidentStore>().CreateAsync(new IncidentRecord(0, "k" + pid, incidentTitle, level, [new LevelReason("content_floor:" + label, level, "内容底线 " + label)], at, at, written.PostId, url, 1,
            ["weibo"], [label], ["127.0.0.1"], "flat", false, IncidentStates.Open), post, CancellationToken.None);
        var (alert, _) = await Get<IAlertStore>().RaiseAsync(
            new AlertRecord(0, $"incident:{incident}:level:{level}:{n}", "incident", incident, level, incidentTitle, "摘要", [new LevelReason("content_floor:" + label, level, "内容底线 " + label)], at, "open", null, null, null),
            [], [], CancellationToken.None);
        return (incident, alert.Id, written.PostId);
    }

    /// <summary>Runs the real <c>sw</c> (built next to the tests) against this harness's configuration.</summary>
    public Task<(int Exit, string Out, string Err)> SwAsync(params string[] args) => SwAsync(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="SwAsync(string[])"/>, with environment variables (e.g. <c>SW_Console__Listen</c>) set for the child.</summary>
    public async Task<(int Exit, string Out, string Err)> SwAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sw.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(ConfigDir);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync() => await Get<IAuditLog>().ListAsync(1000, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static Dictionary<string, object?> Nest(IReadOnlyDictionary<string, string?> flat)
    {
        var root = new Dictionary<string, object?>();
        foreach (var (key, value) in flat)
        {
            var node = root;
            var parts = key.Split(':');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!node.TryGetValue(parts[i], out var child) || child is not Dictionary<string, object?> d)
                {
                    d = new Dictionary<string, object?>();
                    node[parts[i]] = d;
                }

                node = d;
            }

            node[parts[^1]] = value;
        }

        return root;
    }
}
