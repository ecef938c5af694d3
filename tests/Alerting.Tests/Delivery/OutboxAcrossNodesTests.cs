using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Alerting;

namespace SentimentWatch.Alerting.Tests.Delivery;

/// <summary>
/// Two delivery nodes (two dispatchers, each with its own PostgreSQL data source and alert store) drain one outbox at
/// the same time into a real SMTP server. The server holds every session's RCPT reply until two sessions have reached
/// it, so both nodes have read the same pending message and are mid-send before either hands it over: the overlap is
/// forced. The mailbox must then hold each message exactly once.
/// </summary>
public sealed class OutboxAcrossNodesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private PostgreSqlDatabase _node1 = null!;
    private PostgreSqlDatabase _node2 = null!;

    public async Task InitializeAsync()
    {
        var cs = await PostgresServer.Shared.CreateDatabaseAsync();
        _node1 = new PostgreSqlDatabase(cs);
        _node2 = new PostgreSqlDatabase(cs);
    }

    public async Task DisposeAsync()
    {
        await _node1.DisposeAsync();
        await _node2.DisposeAsync();
        await _services.DisposeAsync();
    }

    [SmtpFact]
    public async Task TwoNodesSendTheSameMessageAtOnce_DeliveredOnceAndRecordedSent()
    {
        using var smtp = new BarrierSmtp(sessions: 2);
        var store1 = new PostgreSqlAlertStore(_node1);
        var store2 = new PostgreSqlAlertStore(_node2);
        var (alert, _) = await store1.RaiseAsync(Messages.Alert("incident:1:II"), [Messages.Make("m1", due: _time.GetUtcNow())], [], CancellationToken.None);

        var sent = await Task.WhenAll(
            Task.Run(() => Dispatcher(store1, smtp.Port).RunOnceAsync(CancellationToken.None)),
            Task.Run(() => Dispatcher(store2, smtp.Port).RunOnceAsync(CancellationToken.None)));

        Assert.Equal(2, smtp.SessionsAtRcpt());
        Assert.Equal(1, sent.Sum());
        Assert.Single(smtp.Delivered());
        var m = Assert.Single(await store2.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Equal(("sent", 1), (m.State, m.Attempts));
    }

    private OutboxDispatcher Dispatcher(PostgreSqlAlertStore store, int port)
    {
        var routing = new RoutingOptions
        {
            Channels = { ["mail"] = new ChannelOptions { Type = "email", Timeout = TimeSpan.FromSeconds(60), Smtp = new SmtpOptions { Port = port, Security = "None", From = "sw@example.org" } } },
        };
        return new OutboxDispatcher(
            store,
            [new EmailSender()],
            Some.Wrap(routing),
            Some.Wrap(new DeliveryOptions { MaxAttempts = 5, BackoffBase = TimeSpan.FromSeconds(5), BackoffMax = TimeSpan.FromSeconds(60) }),
            _time,
            NullLogger<OutboxDispatcher>.Instance);
    }

    /// <summary>aiosmtpd on loopback whose RCPT replies wait until <c>sessions</c> sessions have sent RCPT; accepted mail goes to a Maildir.</summary>
    private sealed class BarrierSmtp : IDisposable
    {
        private readonly Process _process;

        public BarrierSmtp(int sessions)
        {
            Directory = Path.Combine(Path.GetTempPath(), "sw-barrier-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            Port = SmtpSink.FreePort();
            File.WriteAllText(Path.Combine(Directory, "swbarrier.py"), HandlerSource);
            var psi = new ProcessStartInfo(SmtpSink.Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.Environment["PYTHONPATH"] = Directory;
            psi.Environment["SW_BARRIER_SESSIONS"] = sessions.ToString(System.Globalization.CultureInfo.InvariantCulture);
            psi.Environment["SW_BARRIER_LOG"] = Path.Combine(Directory, "rcpt.txt");
            foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "swbarrier.Barrier", Maildir })
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

        public string Directory { get; }

        public int Port { get; }

        private string Maildir => Path.Combine(Directory, "maildir");

        /// <summary>How many sessions reached RCPT (each waited there for the others).</summary>
        public int SessionsAtRcpt() => File.Exists(Path.Combine(Directory, "rcpt.txt")) ? File.ReadAllLines(Path.Combine(Directory, "rcpt.txt")).Length : 0;

        /// <summary>The messages the server accepted (its Maildir's new/ folder).</summary>
        public IReadOnlyList<string> Delivered() =>
            System.IO.Directory.Exists(Path.Combine(Maildir, "new")) ? System.IO.Directory.GetFiles(Path.Combine(Maildir, "new")) : [];

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

        private const string HandlerSource = """
            import asyncio, os
            from aiosmtpd.handlers import Mailbox

            class Barrier(Mailbox):
                arrived = 0
                everyone = None

                async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                    if Barrier.everyone is None:
                        Barrier.everyone = asyncio.Event()
                    Barrier.arrived += 1
                    with open(os.environ['SW_BARRIER_LOG'], 'a') as f:
                        f.write('rcpt\n')
                    if Barrier.arrived >= int(os.environ['SW_BARRIER_SESSIONS']):
                        Barrier.everyone.set()
                    await Barrier.everyone.wait()
                    envelope.rcpt_tos.append(address)
                    return '250 OK'
            """;
    }
}
