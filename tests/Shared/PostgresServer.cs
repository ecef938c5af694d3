using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SentimentWatch.Testing;

/// <summary>
/// A real PostgreSQL server from Debian's <c>postgresql</c> package, started by the tests themselves: <c>initdb</c> in a
/// fresh temp directory and <c>pg_ctl start</c> on 127.0.0.1 and a free port, as an unprivileged user when the tests
/// run as root (PostgreSQL refuses to run as root). One server per test process (<see cref="Shared"/>), stopped when
/// the process exits; each test takes its own database from <see cref="CreateDatabaseAsync"/>. Linked into the test
/// projects that need it as source, like <c>TempDatabase</c>.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _binDir;
    private int _stopped;

    private PostgresServer(string binDir, string directory, int port)
    {
        _binDir = binDir;
        Directory = directory;
        Port = port;
    }

    /// <summary>The server shared by every test of this process, started on first use.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>The directory holding the cluster (<c>data/</c>), its socket and its log (<c>server.log</c>).</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>A connection string for database <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=30;Command Timeout=120";

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await RunSqlAsync($"CREATE DATABASE \"{name}\"").ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Runs one statement on the <c>postgres</c> database through Debian's <c>psql</c> client.</summary>
    public async Task RunSqlAsync(string sql)
    {
        var psql = File.Exists(Path.Combine(_binDir, "psql")) ? Path.Combine(_binDir, "psql") : "psql";
        var (code, output) = await RunAsync(psql, ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql], asServerUser: false).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"psql failed ({code}): {output}");
        }
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m immediate</c>) and deletes its directory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(Directory, "data"), "-m", "immediate", "-w", "stop"], asServerUser: true)
            .GetAwaiter().GetResult();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    /// <summary>The <c>bin</c> directory of the newest PostgreSQL installed by Debian, or null when there is none.</summary>
    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(root)
            .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
            .Where(d => d.Version > 0 && File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "bin"))
            .FirstOrDefault();
    }

    private static PostgresServer Start()
    {
        var binDir = FindBinDirectory()
            ?? throw new InvalidOperationException("PostgreSQL is not installed: ./test.sh installs Debian's 'postgresql' package (see .ci/deps/postgresql.apt).");
        RemoveStoppedServers();
        var directory = Path.Combine(Path.GetTempPath(), "sw-pg-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (Environment.IsPrivilegedProcess)
        {
            // PostgreSQL will not run as root: hand the directory to 'nobody' and run the server as that user.
            Chown(directory);
        }

        var data = Path.Combine(directory, "data");
        var (initCode, initOutput) = RunAsync(Path.Combine(binDir, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], asServerUser: true)
            .GetAwaiter().GetResult();
        if (initCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({initCode}): {initOutput}");
        }

        var port = FreePort();
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=64MB";
        var (startCode, startOutput) = RunAsync(Path.Combine(binDir, "pg_ctl"), ["-D", data, "-l", Path.Combine(directory, "server.log"), "-o", options, "-w", "-t", "120", "start"], asServerUser: true)
            .GetAwaiter().GetResult();
        if (startCode != 0)
        {
            var log = File.Exists(Path.Combine(directory, "server.log")) ? File.ReadAllText(Path.Combine(directory, "server.log")) : "";
            throw new InvalidOperationException($"pg_ctl start failed ({startCode}): {startOutput}\n{log}");
        }

        var server = new PostgresServer(binDir, directory, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>
    /// Deletes the directories of earlier test processes whose server has stopped (no <c>postmaster.pid</c>): the test
    /// host may end a process before its exit handler has finished deleting.
    /// </summary>
    private static void RemoveStoppedServers()
    {
        foreach (var dir in System.IO.Directory.GetDirectories(Path.GetTempPath(), "sw-pg-*"))
        {
            // Young directories may belong to a test process that is starting its server right now.
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")) || System.IO.Directory.GetCreationTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-10))
            {
                continue;
            }

            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process may be starting in it, or it is not ours to delete: leave it.
            }
        }
    }

    private static void Chown(string directory)
    {
        var (code, output) = RunAsync("chown", ["nobody:nogroup", directory], asServerUser: false).GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"chown failed ({code}): {output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IReadOnlyList<string> args, bool asServerUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServerUser && Environment.IsPrivilegedProcess)
        {
            // util-linux's setpriv: drop to nobody without a login shell or PAM.
            start.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }
}
