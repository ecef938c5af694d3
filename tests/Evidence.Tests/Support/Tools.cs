using System.Diagnostics;

namespace SentimentWatch.Evidence.Tests.Support;

/// <summary>Runs the standard tools a receiver would use (sha256sum, cksum, openssl, sh) and reports what they said.</summary>
internal static class Tools
{
    public sealed record Run(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}: {Output}";
    }

    public static Run Exec(string workingDirectory, string file, params string[] args)
    {
        using var p = new Process
        {
            StartInfo = new ProcessStartInfo(file)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        foreach (var a in args)
        {
            p.StartInfo.ArgumentList.Add(a);
        }

        p.StartInfo.Environment["LC_ALL"] = "C";
        p.Start();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return new Run(p.ExitCode, stdout.Result + stderr.Result);
    }

    public static Run Sh(string workingDirectory, string script) => Exec(workingDirectory, "/bin/sh", "-c", script);

    /// <summary>Why the machine cannot run a test that needs the real tools, or null when it can.</summary>
    public static string? Missing(params string[] tools)
    {
        foreach (var tool in tools)
        {
            switch (tool)
            {
                case "sm3":
                    if (!File.Exists("/usr/bin/cksum") || Exec("/", "/usr/bin/cksum", "-a", "sm3", "/dev/null").ExitCode != 0)
                    {
                        return "needs cksum -a sm3 (coreutils >= 9.0)";
                    }

                    break;
                case "chromium":
                    if (!File.Exists("/usr/bin/chromium"))
                    {
                        return "needs /usr/bin/chromium (Debian package chromium)";
                    }

                    break;
                default:
                    if (!new[] { "/usr/bin", "/bin" }.Any(d => File.Exists(Path.Combine(d, tool))))
                    {
                        return $"needs {tool}";
                    }

                    break;
            }
        }

        return null;
    }
}

/// <summary>A fact that skips, with the reason shown, when a real tool it drives is missing.</summary>
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        if (Tools.Missing(tools) is { } reason)
        {
            Skip = reason;
        }
    }
}
