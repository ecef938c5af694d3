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

    /// <summary>Starts the server when aiosmtpd is installed; otherwise <c>[SmtpFact]</c> tests skip with <see cref="MissingReason"/>.</summary>
    public void StartIfAvailable()
    {
        if (MissingReason is null)
        {
            Start();
        }
    }

    /// <summary>
    /// Starts the server. With <paramref name="requireStartTls"/> it offers STARTTLS with a fresh self-signed certificate
    /// and refuses mail sent in clear. Recipients starting with <c>bounce</c> are refused with 550 (a real bounce).
    /// </summary>
    public void Start(bool requireStartTls = false)
    {
        File.WriteAllText(Path.Combine(Directory, "swsink.py"), HandlerSource);
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment["PYTHONPATH"] = Directory;
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "swsink.Sink" })
        {
            psi.ArgumentList.Add(a);
        }

        if (requireStartTls)
        {
            var (cert, key) = WriteSelfSigned();
            psi.ArgumentList.Add("--tlscert");
            psi.ArgumentList.Add(cert);
            psi.ArgumentList.Add("--tlskey");
            psi.ArgumentList.Add(key);
        }

        psi.ArgumentList.Add(Maildir);
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

        return System.IO.Directory.GetFiles(dir).OrderBy(DeliveryOrder).ThenBy(f => f, StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();
    }

    /// <summary>
    /// Python's Maildir names a message <c>{seconds}.M{microseconds}P{pid}Q{count}.{host}</c> with the microseconds not
    /// zero-padded, so name order is not arrival order within a second ("M99999" sorts after "M100000"); the numbers are.
    /// </summary>
    private static (long Seconds, long Micros, long Count) DeliveryOrder(string path)
    {
        var m = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(path), @"^(\d+)\.M(\d+)P\d+Q(\d+)");
        return m.Success
            ? (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
               long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
               long.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))
            : (long.MaxValue, 0, 0);
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

    private const string HandlerSource = """
        from aiosmtpd.handlers import Mailbox

        class Sink(Mailbox):
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.lower().startswith('bounce'):
                    return '550 5.1.1 <%s>: mailbox unavailable' % address
                envelope.rcpt_tos.append(address)
                return '250 OK'
        """;

    private (string Cert, string Key) WriteSelfSigned()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=127.0.0.1", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(Directory, "cert.pem");
        var keyPath = Path.Combine(Directory, "key.pem");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
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
