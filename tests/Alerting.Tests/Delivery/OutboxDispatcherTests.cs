using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Storage.Alerting;

namespace SentimentWatch.Alerting.Tests.Delivery;

public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly SmtpSink _sink = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private WebhookReceiver _hook = null!;
    private SqliteAlertStore _store = null!;

    public async Task InitializeAsync()
    {
        _hook = await WebhookReceiver.StartAsync();
        _store = new SqliteAlertStore(_db.Database);
    }

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        await _services.DisposeAsync();
        _sink.Dispose();
        _db.Dispose();
    }

    private OutboxDispatcher Dispatcher(int maxAttempts = 5, int? smtpPort = null)
    {
        var routing = new RoutingOptions
        {
            Channels =
            {
                ["mail"] = new ChannelOptions { Type = "email", Timeout = TimeSpan.FromSeconds(10), Smtp = new SmtpOptions { Port = smtpPort ?? _sink.Port, Security = "None", From = "sw@example.org" } },
                ["hook"] = new ChannelOptions { Type = "webhook", Url = new Uri(_hook.BaseUri, "/alerts").AbsoluteUri, Timeout = TimeSpan.FromSeconds(10) },
            },
        };
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        return new OutboxDispatcher(
            _store,
            [new EmailSender(), new WebhookSender(factory, _time, "webhook")],
            Some.Wrap(routing),
            Some.Wrap(new DeliveryOptions { MaxAttempts = maxAttempts, BackoffBase = TimeSpan.FromSeconds(5), BackoffMax = TimeSpan.FromSeconds(60) }),
            _time,
            NullLogger<OutboxDispatcher>.Instance);
    }

    [SmtpFact]
    public async Task RunOnceAsync_SmtpDownThenUp_AllDeliveredOnceAfterBackoff()
    {
        await _store.EnqueueAsync([Messages.Make("m1", due: _time.GetUtcNow()), Messages.Make("m2", due: _time.GetUtcNow()), Messages.Make("m3", due: _time.GetUtcNow())], CancellationToken.None);
        var dispatcher = Dispatcher(maxAttempts: 100);

        // Down for ten minutes of fake time: each pass tries only the head of the stream, which backs off.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        _sink.Start();
        _time.Advance(TimeSpan.FromMinutes(1));
        var delivered = 0;
        for (var i = 0; i < 5 && delivered < 3; i++)
        {
            delivered += await dispatcher.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal(3, delivered);
        var keys = _sink.Messages().Select(m => m.Headers["X-SW-Idempotency-Key"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["m1", "m2", "m3"], keys);
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_MailChannelDown_WebhookStillDeliveredInOrder()
    {
        var now = _time.GetUtcNow();
        await _store.EnqueueAsync(
            [Messages.Make("mail-1", due: now), Messages.Make("hook-1", channel: "hook", due: now), Messages.Make("hook-2", channel: "hook", due: now), Messages.Make("hook-3", channel: "hook", due: now)],
            CancellationToken.None);
        Assert.Equal(3, await Dispatcher().RunOnceAsync(CancellationToken.None));
        Assert.Equal(["hook-1", "hook-2", "hook-3"], _hook.Requests.Select(r => r.IdempotencyKey));
        var mail = Assert.Single(await _store.GetDueAsync("mail", now.AddHours(1), 10, CancellationToken.None));
        Assert.Equal(1, mail.Attempts);
    }

    [Fact]
    public async Task RunOnceAsync_FailsMaxAttempts_BecomesDeadLetter()
    {
        _hook.Respond = _ => (503, "{}");
        await _store.EnqueueAsync([Messages.Make("h", channel: "hook", due: _time.GetUtcNow())], CancellationToken.None);
        var dispatcher = Dispatcher(maxAttempts: 3);
        for (var i = 0; i < 3; i++)
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(2));
        }

        var dead = Assert.Single(await _store.GetUnreportedDeadAsync(10, CancellationToken.None));
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("503", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(3, _hook.Requests.Count);
    }

    [Fact]
    public async Task RunOnceAsync_PermanentRefusal_DeadAtOnce()
    {
        _hook.Respond = _ => (404, "{}");
        await _store.EnqueueAsync([Messages.Make("h", channel: "hook", due: _time.GetUtcNow())], CancellationToken.None);
        await Dispatcher().RunOnceAsync(CancellationToken.None);
        Assert.Single(await _store.GetUnreportedDeadAsync(10, CancellationToken.None));
    }

    [Fact]
    public void Backoff_Attempts_DoublesUpToMax()
    {
        var d = Dispatcher();
        Assert.Equal(TimeSpan.FromSeconds(5), d.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(20), d.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(60), d.Backoff(10));
    }

    [SmtpFact]
    public async Task RunOnceAsync_Email_RowIsHandedWhenServerReceivesTheDotThenSent()
    {
        using var probe = new HandoverProbeSmtp(_db.Database.Path, "accept");
        await _store.EnqueueAsync([A("dot-1", due: _time.GetUtcNow()), A("dot-2", due: _time.GetUtcNow())], CancellationToken.None);

        Assert.Equal(2, await Dispatcher(smtpPort: probe.Port).RunOnceAsync(CancellationToken.None));

        // What the server saw in the database at the instant the message became acceptable: already committed.
        Assert.Equal([("dot-1", "handed"), ("dot-2", "handed")], probe.Observed());
        Assert.All(await AllAsync(), m => Assert.Equal("sent", m.State));
        Assert.All(await AllAsync(), m => Assert.NotNull(m.HandedUtc));
    }

    [SmtpFact]
    public async Task RunOnceAsync_ServerRefusesAfterHandover_BackToPendingWithBackoff()
    {
        using var probe = new HandoverProbeSmtp(_db.Database.Path, "reject");
        await _store.EnqueueAsync([A("refused", due: _time.GetUtcNow())], CancellationToken.None);

        Assert.Equal(0, await Dispatcher(smtpPort: probe.Port).RunOnceAsync(CancellationToken.None));

        Assert.Equal([("refused", "handed")], probe.Observed());
        var m = Assert.Single(await AllAsync());
        Assert.Equal("pending", m.State);
        Assert.Equal(1, m.Attempts);
        Assert.Null(m.HandedUtc);
        Assert.Contains("554", m.LastError, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), m.DueUtc);
    }

    [SmtpFact]
    public async Task RunOnceAsync_ConnectionLostBeforeReply_BackToPendingRatherThanLost()
    {
        using var probe = new HandoverProbeSmtp(_db.Database.Path, "drop");
        await _store.EnqueueAsync([A("dropped", due: _time.GetUtcNow())], CancellationToken.None);

        Assert.Equal(0, await Dispatcher(smtpPort: probe.Port).RunOnceAsync(CancellationToken.None));

        // The server did take it, but we cannot know that: while we are alive a broken exchange is retried (a possible
        // duplicate, never a loss). Only a crash between hand-over and reply leaves the row in doubt.
        Assert.Equal([("dropped", "handed")], probe.Observed());
        var m = Assert.Single(await AllAsync());
        Assert.Equal("pending", m.State);
        Assert.Equal(1, m.Attempts);
    }

    [SmtpFact]
    public async Task RunOnceAsync_ShutdownWhileWaitingForReplyAfterHandover_BackToPending()
    {
        using var probe = new HandoverProbeSmtp(_db.Database.Path, "slow");
        await _store.EnqueueAsync([A("stopping", due: _time.GetUtcNow())], CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var pass = Dispatcher(smtpPort: probe.Port).RunOnceAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (probe.Observed().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        try
        {
            await pass;
        }
        catch (OperationCanceledException)
        {
            // Either way of ending the pass is a clean stop; what matters is the row.
        }

        // The server has the dot but never answered: we know the exchange was cut, so the message is retried.
        Assert.Equal([("stopping", "handed")], probe.Observed());
        var m = Assert.Single(await AllAsync());
        Assert.Equal("pending", m.State);
        Assert.Equal(1, m.Attempts);
        Assert.Contains("shutdown", m.LastError, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task RunOnceAsync_StoreFailsAfterServerAccepted_NotResentAndInDoubtAtNextStart()
    {
        using var probe = new HandoverProbeSmtp(_db.Database.Path, "lock");
        await _store.EnqueueAsync([A("accepted", due: _time.GetUtcNow())], CancellationToken.None);

        // The same file through a store that gives up on a held lock after 100 ms instead of 30 s.
        var impatient = new SqliteAlertStore(new SentimentWatch.Storage.SqliteDatabase(_db.Database.Path, TimeSpan.FromMilliseconds(100)));
        var routing = new RoutingOptions
        {
            Channels = { ["mail"] = new ChannelOptions { Type = "email", Timeout = TimeSpan.FromSeconds(10), Smtp = new SmtpOptions { Port = probe.Port, Security = "None", From = "sw@example.org" } } },
        };
        var dispatcher = new OutboxDispatcher(impatient, [new EmailSender()], Some.Wrap(routing), Some.Wrap(new DeliveryOptions()), _time, NullLogger<OutboxDispatcher>.Instance);

        Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal("handed", StateOf("accepted")); // the server's 250 could not be recorded: not made pending again

        // Not due again in this process (reading works while the probe still holds the write lock)...
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Single(probe.Observed());

        // ...and the next start settles it as in doubt (the patient store waits for the probe to let go).
        Assert.Equal(1, await Dispatcher(smtpPort: probe.Port).RecoverAsync(CancellationToken.None));
        Assert.Equal("sent_unconfirmed", StateOf("accepted"));
    }

    [Fact]
    public async Task RunOnceAsync_RefusedAfterHandoverWhileStopping_StillRecordedAsPending()
    {
        await _store.EnqueueAsync([A("race", due: _time.GetUtcNow())], CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var routing = new RoutingOptions { Channels = { ["mail"] = new ChannelOptions { Type = "email" } } };
        var dispatcher = new OutboxDispatcher(
            _store, [new RefusingSender(stop)], Some.Wrap(routing), Some.Wrap(new DeliveryOptions()), _time, NullLogger<OutboxDispatcher>.Instance);

        await dispatcher.RunOnceAsync(stop.Token);

        // Shutdown began while the refusal came in: the refusal is still recorded, or the next start would take the
        // handed row for a crash and never retry a message the server did not take.
        var m = Assert.Single(await AllAsync());
        Assert.Equal("pending", m.State);
        Assert.Contains("554", m.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_Webhook_RowIsHandedWhenReceiverHasTheBody()
    {
        var seen = new List<string>();
        _hook.Respond = r =>
        {
            seen.Add(StateOf(r.IdempotencyKey!));
            return (200, "{}");
        };
        await _store.EnqueueAsync([A("hook-h", channel: "hook", due: _time.GetUtcNow())], CancellationToken.None);

        Assert.Equal(1, await Dispatcher().RunOnceAsync(CancellationToken.None));

        Assert.Equal(["handed"], seen);
        Assert.Equal("sent", StateOf("hook-h"));
    }

    [Fact]
    public async Task RunOnceAsync_HandedRowLeftByDeadProcess_SentUnconfirmedAndNeverResent()
    {
        var now = _time.GetUtcNow();
        await _store.EnqueueAsync([A("doubt", channel: "hook", due: now), A("next", channel: "hook", due: now)], CancellationToken.None);
        var doubt = (await AllAsync()).Single(m => m.IdempotencyKey == "doubt");

        // What a kill -9 between the hand-over and the receiver's reply leaves behind.
        Assert.True(await _store.MarkHandedAsync(doubt.Id, now, CancellationToken.None));

        var dispatcher = Dispatcher();
        Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));

        Assert.Equal(["next"], _hook.Requests.Select(r => r.IdempotencyKey));
        var after = (await AllAsync()).Single(m => m.IdempotencyKey == "doubt");
        Assert.Equal("sent_unconfirmed", after.State);
        Assert.Equal(now, after.HandedUtc);
        Assert.Contains("in doubt", after.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverAsync_NothingHanded_ReturnsZeroAndChangesNothing()
    {
        await _store.EnqueueAsync([A("p", channel: "hook", due: _time.GetUtcNow())], CancellationToken.None);
        Assert.Equal(0, await Dispatcher().RecoverAsync(CancellationToken.None));
        Assert.Equal("pending", StateOf("p"));
    }

    // Messages of one (notional) alert, so the store's per-alert listing reads them back with every column.
    private static SentimentWatch.Core.Alerting.OutboxMessage A(string key, string channel = "mail", DateTimeOffset? due = null) =>
        Messages.Make(key, channel: channel, due: due) with { AlertId = 1 };

    private Task<IReadOnlyList<SentimentWatch.Core.Alerting.OutboxMessage>> AllAsync() => _store.GetMessagesAsync(1, CancellationToken.None);

    private string StateOf(string key)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_db.Database.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM outbox WHERE idempotency_key = $k";
        command.Parameters.AddWithValue("$k", key);
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Hands the message over, then sees shutdown begin just as the server refuses it.</summary>
    private sealed class RefusingSender(CancellationTokenSource stop) : INotificationSender
    {
        public string Type => "email";

        public Task SendAsync(SentimentWatch.Core.Alerting.OutboxMessage message, ChannelOptions channel, IDeliveryHandover handover, CancellationToken cancellationToken)
        {
            handover.Commit();
            stop.Cancel();
            throw new DeliveryException("SMTP 554 transaction failed", permanent: false);
        }
    }
}
