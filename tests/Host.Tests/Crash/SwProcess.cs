using System.Diagnostics;
using SentimentWatch.Testing;

namespace SentimentWatch.Host.Tests.Crash;

/// <summary>Runs the real <c>sw</c> executable (built next to the tests) as a child process with settings as SW_ environment variables.</summary>
internal static class SwProcess
{
    public static string RepoRoot => RepoPaths.Root;

    public static Process Start(string workDir, IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var process = Process.Start(StartInfo(workDir, settings, args))!;
        // Drain the pipes so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <c>sw</c> to the end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string workDir, IReadOnlyDictionary<string, string?> settings, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workDir, settings, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var stop = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(stop.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs <c>sw</c> to the end with <paramref name="stdin"/> as its standard input (closed at once when null, so the child
    /// never reads the test runner's) and returns its exit code and output. The bound only turns a hang into a failure.
    /// </summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string workDir, IReadOnlyDictionary<string, string?> settings, string? stdin, IEnumerable<string> args)
    {
        var info = StartInfo(workDir, settings, args);
        info.RedirectStandardInput = true;
        info.StandardInputEncoding = new System.Text.UTF8Encoding(false);
        info.StandardErrorEncoding = System.Text.Encoding.UTF8;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>How every test runs <c>sw</c>: the built <c>sw.dll</c>, output redirected as UTF-8, the repository's models and profiles, then <paramref name="settings"/> as SW_ variables.</summary>
    internal static ProcessStartInfo StartInfo(string workDir, IReadOnlyDictionary<string, string?> settings, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sw.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["SW_Paths__Models"] = Path.Combine(RepoRoot, "models");
        info.Environment["SW_Crawler__Profiles"] = Path.Combine(RepoRoot, "config", "profiles");
        foreach (var (key, value) in settings)
        {
            info.Environment["SW_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return info;
    }

    /// <summary>Starts <c>sw</c> like <see cref="Start"/> and keeps what it prints, so a test can wait for a line.</summary>
    public static CapturedSw StartCapturing(string workDir, IReadOnlyDictionary<string, string?> settings, string[] args) => new(workDir, settings, args);

    /// <summary>
    /// Makes <paramref name="dir"/> a configuration directory with the product's base settings and alerting
    /// configuration (routes and roster are validated at start-up by every verb) but none of its sources.
    /// </summary>
    public static string CopyProductConfig(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "conf.d"));
        File.Copy(Path.Combine(RepoRoot, "config", "sentimentwatch.json"), Path.Combine(dir, "sentimentwatch.json"), overwrite: true);
        File.Copy(Path.Combine(RepoRoot, "config", "conf.d", "10-calendar.json"), Path.Combine(dir, "conf.d", "10-calendar.json"), overwrite: true);
        File.Copy(Path.Combine(RepoRoot, "config", "conf.d", "30-alerting.json"), Path.Combine(dir, "conf.d", "30-alerting.json"), overwrite: true);
        // Tests run from their bin folder: point at the repository's models and profiles.
        File.WriteAllText(Path.Combine(dir, "conf.d", "00-test-paths.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Paths = new { Models = Path.Combine(RepoRoot, "models") },
            Crawler = new { Profiles = Path.Combine(RepoRoot, "config", "profiles") },
        }));
        return dir;
    }

    /// <summary>
    /// Makes <paramref name="dir"/> a copy of the shipped demo configuration (<c>config/demo</c>) whose store lives under
    /// <paramref name="data"/>, reading the repository's models, logging warnings only.
    /// </summary>
    public static string CopyDemoConfig(string dir, string data)
    {
        Directory.CreateDirectory(Path.Combine(dir, "conf.d"));
        var demo = Path.Combine(RepoRoot, "config", "demo");
        File.Copy(Path.Combine(demo, "sentimentwatch.json"), Path.Combine(dir, "sentimentwatch.json"));
        foreach (var file in Directory.GetFiles(Path.Combine(demo, "conf.d"), "*.json"))
        {
            File.Copy(file, Path.Combine(dir, "conf.d", Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(dir, "conf.d", "99-test.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Paths = new { Data = data, Models = Path.Combine(RepoRoot, "models") },
            Crawler = new { Profiles = Path.Combine(RepoRoot, "config", "profiles") },
            Logging = new { LogLevel = new { Default = "Warning" } },
        }));
        return dir;
    }

    /// <summary>A loopback port free at the moment (for a child's listener).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Puts a worker's console and acknowledgement-link listeners on ports free at the moment, not the shipped 8788 that
    /// another test class's <c>sw run</c> may hold while this one runs; <paramref name="console"/> is the console's port.
    /// </summary>
    public static void UseOwnListeners(IDictionary<string, string?> settings, out int console)
    {
        console = FreePort();
        var ack = FreePort();
        settings["Console:Listen"] = $"http://127.0.0.1:{console}";
        settings["Alerting:Ack:Listen"] = $"http://127.0.0.1:{ack}";
        settings["Alerting:Ack:BaseUrl"] = $"http://127.0.0.1:{ack}";
    }

    /// <summary>Deletes a test's temp directory, best effort: one left behind is harmless.</summary>
    public static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>A running <c>sw</c> whose output is kept; waits on a line appearing, never on a fixed delay.</summary>
internal sealed class CapturedSw : IDisposable
{
    private readonly System.Text.StringBuilder _out = new();
    private readonly System.Text.StringBuilder _err = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];
    private readonly Lock _lock = new();

    public CapturedSw(string workDir, IReadOnlyDictionary<string, string?> settings, string[] args)
    {
        Process = new Process { StartInfo = SwProcess.StartInfo(workDir, settings, args) };
        Process.OutputDataReceived += (_, e) => Add(_out, e.Data);
        Process.ErrorDataReceived += (_, e) => Add(_err, e.Data);
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Out
    {
        get
        {
            lock (_lock)
            {
                return _out.ToString();
            }
        }
    }

    public string Err
    {
        get
        {
            lock (_lock)
            {
                return _err.ToString();
            }
        }
    }

    /// <summary>Completes when stderr contains <paramref name="text"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitForErrAsync(string text, TimeSpan timeout)
    {
        TaskCompletionSource seen;
        lock (_lock)
        {
            if (_err.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{text}' not printed within {timeout}; stderr so far:\n{Err}");
        }
    }

    /// <summary>Ctrl+C (SIGINT) and wait for a graceful exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private void Add(System.Text.StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            sb.Append(line).Append('\n');
            if (ReferenceEquals(sb, _err))
            {
                var text = _err.ToString();
                foreach (var w in _waits.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    w.Seen.TrySetResult();
                    _waits.Remove(w);
                }
            }
        }
    }
}
