using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw status</c>: the store's state (path, size, free space, whether it takes writes), the last run of every
/// source, and the latest collector-health events. Exit 1 when the store cannot take writes — a full disk is loud.
/// </summary>
internal sealed class StatusCommands : ICliModule
{
    /// <summary>Below this much free space the store is reported full: SQLite needs room for its journal and WAL.</summary>
    private const long LowSpaceBytes = 1L << 20;

    public void Register(RootCommand root)
    {
        var cmd = new Command("status", "Store state (free space, writable), last run of each source, latest collector-health events; exit 1 when the store cannot take writes");
        cmd.SetAction((parse, ct) => StatusAsync(parse.GetValue(CommandLine.ConfigDir)!, ct));
        root.Subcommands.Add(cmd);
    }

    /// <summary>The store's state and the sources' last runs: the store's and the crawler's configuration only.</summary>
    private static Task<int> StatusAsync(string configDir, CancellationToken cancellationToken) =>
        Verb.RunAsync(configDir, Uses.Store | Uses.Crawler, StatusAsync, cancellationToken);

    private static async Task<int> StatusAsync(IServiceProvider services, CancellationToken ct)
    {
        // Registered only with Storage:Provider=postgresql: then the SQLite file is not the store and must not be named.
        if (services.GetService<Storage.PostgreSql.PostgreSqlDatabase>() is { } pg)
        {
            // The store's readiness check is the one probe of a PostgreSQL store (reachable, schema version, takes writes).
            var check = await services.GetServices<Core.Operations.IReadinessCheck>().Single(c => c.Name == "store")
                .CheckAsync(ct).ConfigureAwait(false);
            Console.WriteLine($"store: PostgreSQL {pg.Where}");
            Console.WriteLine($"  {(check.Ready ? "OK" : "FAILING")}: {check.Detail}");
            return check.Ready ? await RunsAsync(services, healthy: true, ct).ConfigureAwait(false) : ExitCodes.Failed;
        }

        var db = services.GetRequiredService<Storage.SqliteDatabase>();
        var (healthy, state) = await StoreStateAsync(db.Path, ct).ConfigureAwait(false);
        Console.WriteLine($"store: {db.Path}");
        Console.WriteLine($"  {state}");
        if (!File.Exists(db.Path))
        {
            return healthy ? ExitCodes.Ok : ExitCodes.Failed;
        }

        return await RunsAsync(services, healthy, ct).ConfigureAwait(false);
    }

    /// <summary>The last run of every configured source and the latest collector-health events, from whichever store is composed.</summary>
    private static async Task<int> RunsAsync(IServiceProvider services, bool healthy, CancellationToken ct)
    {

        var store = services.GetRequiredService<ISourceStateStore>();
        Console.WriteLine("last runs:");
        foreach (var source in services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources)
        {
            var last = (await store.GetRecentRunsAsync(source.Id, 1, ct).ConfigureAwait(false)).FirstOrDefault();
            Console.WriteLine(last is null
                ? $"  {source.Id}: no run recorded"
                : string.Create(CultureInfo.InvariantCulture, $"  {source.Id}: {last.Status} at {last.FinishedAtUtc:u}, new {last.NewPosts}") +
                  (last.Failures.Count > 0 ? $"; {last.Failures[0].Reason}" : ""));
            if (await store.GetPauseAsync(source.Id, ct).ConfigureAwait(false) is { } pause)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    PAUSED since {pause.SinceUtc:u}: session expired ({pause.Reason}); renew the cookie ({source.Cookie})"));
            }

            foreach (var note in last?.Notes ?? [])
            {
                Console.WriteLine($"    {note}");
            }

            if (last?.RoleMatches is { Count: > 0 } roles)
            {
                Console.WriteLine("    roles matched: " + string.Join(" ", roles.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
            }
        }

        var events = await store.GetHealthEventsAfterAsync(0, int.MaxValue, ct).ConfigureAwait(false);
        Console.WriteLine($"collector-health events ({events.Count}, latest 10):");
        foreach (var e in events.TakeLast(10))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  #{e.Id} {e.AtUtc:u} {e.SourceId} {e.Kind}: {e.Message}"));
        }

        return healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Free space on the store's file system and a write probe (a write lock taken and released).</summary>
    private static async Task<(bool Healthy, string State)> StoreStateAsync(string path, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(path)!;
        var size = File.Exists(path) ? new FileInfo(path).Length : 0;
        long free;
        try
        {
            free = new DriveInfo(Directory.Exists(dir) ? dir : Path.GetPathRoot(Path.GetFullPath(dir))!).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (false, $"UNKNOWN: cannot read the file system's free space ({ex.Message})");
        }

        var space = string.Create(CultureInfo.InvariantCulture, $"size {size / 1024.0:0} KiB, free space {free / 1048576.0:0.0} MiB");
        if (free < LowSpaceBytes)
        {
            return (false, $"FAILING: disk full ({space}); collection is paused until space returns");
        }

        if (!File.Exists(path))
        {
            return (true, $"OK: no store yet ({space})");
        }

        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var probe = connection.CreateCommand();
            probe.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            await probe.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return (true, $"OK: writable ({space})");
        }
        catch (SqliteException ex)
        {
            return (false, $"FAILING: {StorageFaults.Classify(ex) ?? "cannot write"} ({ex.Message}; {space})");
        }
    }
}
