using System.Diagnostics;

namespace SentimentWatch.Host.Tests.Crash;

/// <summary>Runs the real <c>sw</c> executable (built next to the tests) as a child process with settings as SW_ environment variables.</summary>
internal static class SwProcess
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static Process Start(string workDir, IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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

        var process = Process.Start(info)!;
        // Drain the pipes so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

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

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentimentWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (SentimentWatch.sln) not found above " + AppContext.BaseDirectory);
    }
}
