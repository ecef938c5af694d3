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
        private readonly ScriptedSmtp _server;

        public BarrierSmtp(int sessions) =>
            _server = new ScriptedSmtp("sw-barrier-", "swbarrier", "Barrier", HandlerSource, directory => new Dictionary<string, string>
            {
                ["SW_BARRIER_SESSIONS"] = sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SW_BARRIER_LOG"] = Path.Combine(directory, "rcpt.txt"),
            });

        public int Port => _server.Port;

        private string RcptLog => Path.Combine(_server.Directory, "rcpt.txt");

        /// <summary>How many sessions reached RCPT (each waited there for the others).</summary>
        public int SessionsAtRcpt() => File.Exists(RcptLog) ? File.ReadAllLines(RcptLog).Length : 0;

        /// <summary>The messages the server accepted (its Maildir's new/ folder).</summary>
        public IReadOnlyList<string> Delivered() =>
            System.IO.Directory.Exists(Path.Combine(_server.Maildir, "new")) ? System.IO.Directory.GetFiles(Path.Combine(_server.Maildir, "new")) : [];

        public void Dispose() => _server.Dispose();

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
