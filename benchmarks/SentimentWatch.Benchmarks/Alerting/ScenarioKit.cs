using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SentimentWatch.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Benchmarks.Alerting;

/// <summary>Shared parts of the alerting scenarios: a real aiosmtpd server, a real SQLite store, the shipped config.</summary>
internal static class ScenarioKit
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SentimentWatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Composes alerting over <paramref name="dbPath"/> with the shipped configuration plus overrides.</summary>
    public static ServiceProvider Compose(string dbPath, int smtpPort, TimeProvider time, IClassificationStore classifications, ICheckpointStore checkpoints, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // Webhook receivers of the scenarios run on 127.0.0.1, refused by default (docs/security.md).
            ["Outbound:AllowLoopback"] = "true",
            ["Alerting:Routing:Channels:mail:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Alerting:Ack:SigningKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Alerting:Delivery:BackoffBase"] = "00:00:01",
            ["Alerting:Delivery:BackoffMax"] = "00:00:30",
            ["Alerting:Delivery:MaxAttempts"] = "100",
            // The daily digest is its own once-a-day mail: scenarios that count incident mails leave it out (digest tests turn it on).
            ["Alerting:Routing:Digest:Enabled"] = "false",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoRoot(), "config", "conf.d", "10-calendar.json"), optional: false)
            .AddJsonFile(Path.Combine(RepoRoot(), "config", "conf.d", "30-alerting.json"), optional: false)
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddSingleton(time);
        services.AddSingleton(new SqliteDatabase(dbPath));
        services.AddSingleton<IPostStore, SqlitePostStore>();
        services.AddSingleton(classifications);
        services.AddSingleton(checkpoints);
        services.AddAlertingStores();
        services.AddAlerting(config);
        return services.BuildServiceProvider();
    }

    /// <summary>Every outbox row's idempotency key and delivery state, read straight from the file.</summary>
    public static List<(string Key, string State)> OutboxStates(string db)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key, state FROM outbox ORDER BY id";
        using var r = command.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), r.GetString(1)));
        }

        return list;
    }

    /// <summary>Rows per delivery state, e.g. <c>sent 590, sent_unconfirmed 10</c> (<c>sent_unconfirmed</c> = in doubt after a crash).</summary>
    public static string OutboxSummary(string db) =>
        string.Join(", ", OutboxStates(db).GroupBy(s => s.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    private static int _id;

    public static async Task<long> AddPostAsync(IPostStore posts, IClassificationStore classifications, string text, string label, string platform, DateTimeOffset at, string[] contacts, long engagement = 0)
    {
        var id = Interlocked.Increment(ref _id).ToString(CultureInfo.InvariantCulture);
        var post = new CollectedPost("src-" + platform, platform, "p" + id, new Uri($"http://127.0.0.1/{platform}/p{id}"), "p" + id, null,
            new AuthorInfo("u" + id, "用户" + id, 100), null, text, at, null, new Engagement(engagement, 0, 0, null), null);
        var written = await posts.UpsertPostAsync(post, at, CancellationToken.None).ConfigureAwait(false);
        var result = new ClassificationResult(label, 0.9, new Dictionary<string, double> { [label] = 0.9 },
            contacts.Select(c => new Contact(c.Split(':')[0], c.Split(':')[1], c, 0, 0)).ToList(), ["scenario"], "scenario");
        await classifications.SaveAsync(written.PostId, written.Version, at, result, CancellationToken.None).ConfigureAwait(false);
        return written.PostId;
    }
}

/// <summary>aiosmtpd writing to a Maildir (a real SMTP server on loopback).</summary>
internal sealed class ScenarioSmtp : IDisposable
{
    private Process? _process;

    public ScenarioSmtp(string dir)
    {
        Maildir = Path.Combine(dir, "maildir");
        Port = ScenarioKit.FreePort();
    }

    public string Maildir { get; }

    public int Port { get; }

    public void Start()
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir })
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /usr/bin/python3 -m aiosmtpd (install python3-aiosmtpd)");
        for (var i = 0; i < 400; i++)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("aiosmtpd did not start");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process = null;
    }

    /// <summary>Accepted messages in arrival order (Maildir names carry a per-process counter Q after the time).</summary>
    public IReadOnlyList<(string File, MimeMessage Message)> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return Directory.GetFiles(dir)
            .Select(f => (File: f, Info: new FileInfo(f)))
            .OrderBy(t => t.Info.LastWriteTimeUtc).ThenBy(t => t.File, StringComparer.Ordinal)
            .Select(t => (t.File, MimeMessage.Load(t.File)))
            .ToList();
    }

    public void Dispose() => Stop();
}

/// <summary>In-memory classification stream and checkpoints for scenarios that run in one process.</summary>
internal sealed class MemoryClassifications : IClassificationStore, ICheckpointStore
{
    private readonly List<StoredClassification> _items = [];
    private readonly Dictionary<string, long> _checkpoints = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<long> SaveAsync(long postId, int postVersion, DateTimeOffset atUtc, ClassificationResult result, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var seq = _items.Count + 1L;
            _items.Add(new StoredClassification(seq, postId, postVersion, atUtc, result));
            return Task.FromResult(seq);
        }
    }

    public Task<StoredClassification?> GetLatestAsync(long postId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.LastOrDefault(c => c.PostId == postId));
        }
    }

    public Task<IReadOnlyList<StoredClassification>> GetAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredClassification>>(_items.Where(c => c.Sequence > afterSequence).Take(limit).ToList());
        }
    }

    public Task<long> GetAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.GetValueOrDefault(name));
        }
    }

    public Task SetAsync(string name, long value, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _checkpoints[name] = value;
            return Task.CompletedTask;
        }
    }
}

/// <summary>A clock the scenario moves by hand (so ten minutes of storm or outage take seconds to replay).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    /// <summary>10:00 Beijing on the 2024 objective exam's first day.</summary>
    public static ManualClock ExamDay() => new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
