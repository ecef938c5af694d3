using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using SentimentWatch.Cluster;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Posts;

namespace SentimentWatch.Host.Tests.Cluster;

/// <summary>
/// One node of a test cluster in this process: the real cluster start-up (<c>AddCluster</c>, <c>AddClusterNode</c>),
/// Quartz's hosted service and the real crawl schedule on Quartz's PostgreSQL job store, with one source whose runs are
/// done by <see cref="RecordingRunner"/> (start and end recorded in a table of the shared database).
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public const string SourceId = "board";

    private readonly IHost _host;
    private int _stopped;

    private ClusterNode(string name, IHost host, LogLines log)
    {
        Name = name;
        _host = host;
        Log = log;
    }

    /// <summary>Every log line the node wrote, with its event id.</summary>
    public LogLines Log { get; }

    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    public static Dictionary<string, string?> Settings(string connectionString, string name) => new()
    {
        ["Scheduler:Store"] = "postgresql",
        ["Scheduler:PostgreSql:ConnectionString"] = connectionString,
        ["Scheduler:CheckInInterval"] = "00:00:01",
        ["Scheduler:CheckInMisfireThreshold"] = "00:00:02",
        ["Node:Name"] = name,
    };

    public static async Task<ClusterNode> StartAsync(
        string connectionString, string name, RecordingRunner runner, JobStarts? starts = null, TimeProvider? time = null,
        TimeSpan? interval = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings(connectionString, name)).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(config);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section);
        builder.Services.AddSingleton(Options.Create(new CrawlerOptions
        {
            Sources = [new SourceOptions { Id = SourceId, Urls = ["http://127.0.0.1:9/board"], Interval = interval ?? TimeSpan.FromSeconds(1) }],
        }));
        builder.Services.AddSingleton<ISourceRunner>(new NodeRunner(runner, name));

        // The node records its misconfigurations as health events in the store, here the PostgreSQL store on the same database.
        var store = new PostgreSqlDatabase(connectionString);
        await store.MigrateAsync(CancellationToken.None);
        builder.Services.AddSingleton(_ => store);
        builder.Services.AddSingleton<ISourceStateStore>(sp => new PostgreSqlSourceStateStore(sp.GetRequiredService<PostgreSqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddCluster(config).AddClusterNode(config);
        builder.Services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = false;
            o.AutoStart = false;
        });
        var schedulerStore = ClusterServiceCollectionExtensions.SchedulerStore(config);
        builder.Services.AddCrawlScheduling(q =>
        {
            schedulerStore(q);
            if (starts is not null)
            {
                q.AddJobListener(new JobStartListener(starts, name));
            }
        });
        var log = new LogLines();
        builder.Logging.AddProvider(log);
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterNode(name, host, log);
    }

    public async Task<IScheduler> SchedulerAsync() => await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>The health events recorded in the store for node <paramref name="name"/>, oldest first.</summary>
    public async Task<IReadOnlyList<CollectorHealthEvent>> NodeEventsAsync(string name) =>
        [.. (await Services.GetRequiredService<ISourceStateStore>().GetHealthEventsAfterAsync(0, 1000, CancellationToken.None))
            .Where(e => e.SourceId == CollectorHealthEvent.NodeSource(name))];

    /// <summary>Runs the node's cluster check once more now (as its timer does every check-in interval).</summary>
    public Task CheckAgainAsync() =>
        Services.GetServices<IHostedService>().OfType<SentimentWatch.Cluster.Health.ClusterNodeService>().Single().CheckOnceAsync(CancellationToken.None);

    public async Task<ReadinessResult> ReadinessAsync(string check) =>
        await Services.GetServices<IReadinessCheck>().Single(c => c.Name == check).CheckAsync(CancellationToken.None);

    /// <summary>Stops the node without waiting for its running crawl (that crawl is abandoned, as in a crash).</summary>
    public async Task StopWithoutWaitingAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            var scheduler = await SchedulerAsync();
            await scheduler.Shutdown(waitForJobsToComplete: false);
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopWithoutWaitingAsync();
        _host.Dispose();
    }

    private sealed class NodeRunner(RecordingRunner runner, string node) : ISourceRunner
    {
        public Task<SourceRunReport> RunAsync(SourceOptions source, CancellationToken cancellationToken) => runner.RunAsync(node, source, cancellationToken);
    }

    private sealed class JobStartListener(JobStarts starts, string node) : IJobListener
    {
        public string Name => "test-job-starts";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            starts.Add(node, context.Recovering);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

/// <summary>Every job start any node saw: which node, and whether Quartz ran it as a recovery.</summary>
internal sealed class JobStarts
{
    private readonly ConcurrentQueue<(string Node, bool Recovering)> _starts = new();

    public void Add(string node, bool recovering) => _starts.Enqueue((node, recovering));

    public IReadOnlyList<(string Node, bool Recovering)> All => _starts.ToList();
}

/// <summary>
/// Does a source run for the test: records its start and end in <c>crawl_runs</c> (ordered by a database sequence, no
/// clocks), and in between does whatever the test's <see cref="Body"/> says (block on a signal, ignore cancellation).
/// </summary>
internal sealed class RecordingRunner(string connectionString)
{
    public Func<string, CancellationToken, Task> Body { get; set; } = (_, _) => Task.CompletedTask;

    public static async Task CreateTableAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "CREATE SEQUENCE run_events; CREATE TABLE crawl_runs (id bigserial PRIMARY KEY, node text NOT NULL, started bigint NOT NULL, ended bigint NULL)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<IReadOnlyList<(string Node, long Started, long? Ended)>> RunsAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT node, started, ended FROM crawl_runs ORDER BY started", c);
        await using var r = await cmd.ExecuteReaderAsync();
        var runs = new List<(string, long, long?)>();
        while (await r.ReadAsync())
        {
            runs.Add((r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2)));
        }

        return runs;
    }

    public async Task<SourceRunReport> RunAsync(string node, SourceOptions source, CancellationToken cancellationToken)
    {
        long id;
        await using (var c = new NpgsqlConnection(connectionString))
        {
            await c.OpenAsync(CancellationToken.None);
            await using var start = new NpgsqlCommand("INSERT INTO crawl_runs (node, started) VALUES (@n, nextval('run_events')) RETURNING id", c);
            start.Parameters.AddWithValue("n", node);
            id = (long)(await start.ExecuteScalarAsync(CancellationToken.None))!;
        }

        await Body(node, cancellationToken);
        await using (var c = new NpgsqlConnection(connectionString))
        {
            await c.OpenAsync(CancellationToken.None);
            await using var end = new NpgsqlCommand("UPDATE crawl_runs SET ended = nextval('run_events') WHERE id = @id", c);
            end.Parameters.AddWithValue("id", id);
            await end.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var now = DateTimeOffset.UtcNow;
        return new SourceRunReport(source.Id, now, now, SourceRunStatus.Ok, 0, 0, 0, 0, 0, new Dictionary<int, int>(), []);
    }
}

/// <summary>Polls until a condition holds, bounded by a generous timeout (no fixed sleeps standing in for a signal).</summary>
internal static class Eventually
{
    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 120)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (patience.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up after {seconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}

/// <summary>Keeps every log line (event id, level, text) so a test can look for the one an operator would see.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(int EventId, LogLevel Level, string Text)> All => _lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines._lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}

/// <summary>The system clock moved by a fixed offset: a node whose clock is wrong.</summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
