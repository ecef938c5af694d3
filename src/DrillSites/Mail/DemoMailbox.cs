using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SentimentWatch.DrillSites.Mail;

/// <summary>
/// A minimal SMTP receiver on 127.0.0.1 for the demo: accepts every message and writes it, exactly as received, to
/// <c>{Directory}/NNNN.eml</c>, so the alerts the demo sends can be read with any mail client or <c>cat</c>.
/// Plain SMTP only (HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT); not for anything but loopback demos.
/// </summary>
public sealed class DemoMailbox : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _count;

    private DemoMailbox(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where messages are written.</summary>
    public string Directory { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Messages received so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public static DemoMailbox Start(string directory) => new(directory);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client), _stop.Token);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 127.0.0.1 SentimentWatch demo mailbox").ConfigureAwait(false);
                while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
                {
                    var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-127.0.0.1").ConfigureAwait(false);
                            await writer.WriteLineAsync("250-8BITMIME").ConfigureAwait(false);
                            await writer.WriteLineAsync("250 SMTPUTF8").ConfigureAwait(false);
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>").ConfigureAwait(false);
                            var message = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } data && data != ".")
                            {
                                message.Append(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data).Append("\r\n");
                            }

                            var n = Interlocked.Increment(ref _count);
                            var path = Path.Combine(Directory, $"{n:0000}.eml");
                            await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(message.ToString()), _stop.Token).ConfigureAwait(false);
                            await writer.WriteLineAsync($"250 stored as {Path.GetFileName(path)}").ConfigureAwait(false);
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye").ConfigureAwait(false);
                            return;
                        case "HELO":
                        case "MAIL":
                        case "RCPT":
                        case "RSET":
                        case "NOOP":
                            await writer.WriteLineAsync("250 ok").ConfigureAwait(false);
                            break;
                        default:
                            await writer.WriteLineAsync("502 not implemented").ConfigureAwait(false);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The client went away or the mailbox is stopping: nothing to keep.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }
}
