using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (<c>/usr/bin/python3 -m aiosmtpd</c>) writing every accepted
/// message into a Maildir. Can be stopped and restarted on the same port to simulate an outage.
/// </summary>
internal sealed class SmtpSink : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private Process? _process;

    public SmtpSink()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sw-smtp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort();
    }

    /// <summary>Null when aiosmtpd is available; otherwise why the SMTP tests skip.</summary>
    public static string? MissingReason { get; } = Probe();

    public string Directory { get; }

    public string Maildir => Path.Combine(Directory, "maildir");

    public int Port { get; }

    public void Start()
    {
        var psi = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start aiosmtpd");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("aiosmtpd did not start listening: " + _process.StandardError.ReadToEnd());
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message the server accepted, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        if (!System.IO.Directory.Exists(dir))
        {
            return [];
        }

        return System.IO.Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();
    }

    public void Dispose()
    {
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? Probe()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} not found (install python3-aiosmtpd; see .ci/deps/alerting.apt)";
        }

        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true, UseShellExecute = false })!;
            p.WaitForExit(20_000);
            return p.ExitCode == 0 ? null : "python3-aiosmtpd is not installed (see .ci/deps/alerting.apt)";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return "cannot run " + Python + ": " + ex.Message;
        }
    }
}

/// <summary>A fact that needs the real SMTP server; skipped, with the reason shown, where aiosmtpd is missing.</summary>
internal sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (SmtpSink.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
