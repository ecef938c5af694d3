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

    private OutboxDispatcher Dispatcher(int maxAttempts = 5)
    {
        var routing = new RoutingOptions
        {
            Channels =
            {
                ["mail"] = new ChannelOptions { Type = "email", TimeoutSeconds = 10, Smtp = new SmtpOptions { Port = _sink.Port, Security = "None", From = "sw@example.org" } },
                ["hook"] = new ChannelOptions { Type = "webhook", Url = new Uri(_hook.BaseUri, "/alerts").AbsoluteUri, TimeoutSeconds = 10 },
            },
        };
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        return new OutboxDispatcher(
            _store,
            [new EmailSender(), new WebhookSender(factory, _time, "webhook")],
            Some.Wrap(routing),
            Some.Wrap(new DeliveryOptions { MaxAttempts = maxAttempts, BackoffBaseSeconds = 5, BackoffMaxSeconds = 60 }),
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
}
