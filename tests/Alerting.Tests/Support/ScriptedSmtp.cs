using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>
/// A real aiosmtpd server on loopback running a handler class a test writes in Python (<c>module.Class</c>, its source
/// written into a fresh temporary directory), with accepted mail in that directory's Maildir. Started when constructed
/// (the port answers), killed and its directory removed when disposed.
/// </summary>
internal sealed class ScriptedSmtp : IDisposable
{
    private readonly Process _process;

    /// <param name="environment">The handler's environment, given the server's directory (for files the handler writes).</param>
    public ScriptedSmtp(string prefix, string module, string handlerClass, string handlerSource, Func<string, IReadOnlyDictionary<string, string>> environment)
    {
        Directory = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Port = SmtpSink.FreePort();
        File.WriteAllText(Path.Combine(Directory, module + ".py"), handlerSource);
        var psi = new ProcessStartInfo(SmtpSink.Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.Environment["PYTHONPATH"] = Directory;
        foreach (var (name, value) in environment(Directory))
        {
            psi.Environment[name] = value;
        }

        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", $"{module}.{handlerClass}", Maildir })
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start aiosmtpd");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>The server's own directory (handler source, Maildir, whatever files the handler writes).</summary>
    public string Directory { get; }

    public int Port { get; }

    public string Maildir => Path.Combine(Directory, "maildir");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
