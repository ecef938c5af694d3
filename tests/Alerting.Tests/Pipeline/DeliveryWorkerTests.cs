using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>The delivery loop as the host runs it, over a real SQLite file and a real SMTP server (aiosmtpd).</summary>
public sealed class DeliveryWorkerTests : IDisposable
{
    private const int PassFailed = 3002;
    private const int InDoubt = 3304;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly TempDatabase _tmp = new();
    private readonly SqliteDatabase _db;
    private readonly SmtpSink _sink = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
    private readonly RecordingLoggerProvider _log = new();

    public DeliveryWorkerTests()
    {
        _db = new SqliteDatabase(Path.Combine(_tmp.Directory, "delivery.db"), TimeSpan.FromMilliseconds(100));
    }

    public void Dispose()
    {
        _sink.Dispose();
        _tmp.Dispose();
    }

    private AlertingHarness Harness() => AlertingHarness.Create(_db, _sink, _time, extra: s => s.AddSingleton<ILoggerProvider>(_log));

    private static DeliveryWorker Worker(AlertingHarness h) => ActivatorUtilities.CreateInstance<DeliveryWorker>(h.Services);

    private OutboxMessage Mail(string key) => Messages.Make(key, channel: "mail", due: _time.GetUtcNow()) with { AlertId = 1 };

    private IReadOnlyList<string> Received() => _sink.Messages().Select(m => m.Headers["X-SW-Idempotency-Key"] ?? "?").ToList();

    [SmtpFact]
    public async Task ExecuteAsync_PendingMessages_DeliveredOnceInOrder()
    {
        _sink.Start();
        await using var h = Harness();
        await h.Alerts.EnqueueAsync([Mail("w1"), Mail("w2"), Mail("w3")], CancellationToken.None);
        var worker = Worker(h);

        await worker.StartAsync(CancellationToken.None);
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.GetMessagesAsync(1, CancellationToken.None)).All(m => m.State == "sent"), _time, Poll, "all three were sent");
        _time.Advance(TimeSpan.FromSeconds(10));
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["w1", "w2", "w3"], Received());
        Assert.False(worker.ExecuteTask!.IsFaulted);
    }

    [SmtpFact]
    public async Task ExecuteAsync_StoreLockedAtStart_LogsRetriesSendsNothingUntilRecoveryRunsThenDeliversOnce()
    {
        _sink.Start();
        await using var h = Harness();
        await h.Alerts.EnqueueAsync([Mail("locked")], CancellationToken.None);
        var worker = Worker(h);

        var held = WorkerKit.HoldWriteLock(_db.Path);
        try
        {
            await worker.StartAsync(CancellationToken.None);
            await WorkerKit.EventuallyAsync(() => Task.FromResult(_log.Count(PassFailed) >= 2), _time, Poll, "two failed passes were logged");
            Assert.False(worker.ExecuteTask!.IsCompleted);
            Assert.Empty(Received()); // no send before the in-doubt recovery has run
        }
        finally
        {
            held.Dispose();
        }

        await WorkerKit.EventuallyAsync(() => Task.FromResult(Received().Count > 0), _time, Poll, "the message went out once the store was back");
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.GetMessagesAsync(1, CancellationToken.None)).Single().State == "sent", _time, Poll, "it was recorded as sent");
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(["locked"], Received());
    }

    [SmtpFact]
    public async Task ExecuteAsync_RestartAfterCrashBetweenHandoverAndReply_InDoubtNotResentRestDelivered()
    {
        _sink.Start();
        await using (var crashed = Harness())
        {
            await crashed.Alerts.EnqueueAsync([Mail("in-doubt"), Mail("after")], CancellationToken.None);
            var first = (await crashed.Alerts.GetMessagesAsync(1, CancellationToken.None))[0];

            // The durable state a kill -9 leaves when it lands between the hand-over and the server's 250.
            Assert.True(await crashed.Alerts.MarkHandedAsync(first.Id, _time.GetUtcNow(), CancellationToken.None));
        }

        await using var h = Harness();
        var worker = Worker(h);
        await worker.StartAsync(CancellationToken.None);
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.GetMessagesAsync(1, CancellationToken.None))[1].State == "sent", _time, Poll, "the next message was sent");
        _time.Advance(TimeSpan.FromMinutes(30));
        // A pass after the half hour is proven by its effect — a message queued now goes out — never assumed after a sleep:
        // the pass that sends it would also have resent the in-doubt message, were it ever retried.
        await h.Alerts.EnqueueAsync([Mail("probe")], CancellationToken.None);
        // The server's reception and the store's "sent" are two moments: wait for the second, which follows the first.
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.GetMessagesAsync(1, CancellationToken.None)) is [_, _, { State: "sent" }], _time, Poll, "a later pass sent the probe and recorded it");
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["after", "probe"], Received());
        var states = (await h.Alerts.GetMessagesAsync(1, CancellationToken.None)).Select(m => m.State);
        Assert.Equal(["sent_unconfirmed", "sent", "sent"], states);
        var warning = Assert.Single(_log.Events, e => e.Id == InDoubt);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [SmtpFact]
    public async Task StopAsync_DuringSmtpOutage_EndsWithoutFaultAndMessageStaysPending()
    {
        await using var h = Harness(); // the SMTP server is not started: every attempt is refused
        await h.Alerts.EnqueueAsync([Mail("outage")], CancellationToken.None);
        var worker = Worker(h);

        await worker.StartAsync(CancellationToken.None);
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.GetMessagesAsync(1, CancellationToken.None)).Single().Attempts >= 2, _time, Poll, "two attempts failed");
        await worker.StopAsync(CancellationToken.None);

        Assert.True(worker.ExecuteTask!.IsCompleted);
        Assert.False(worker.ExecuteTask.IsFaulted);
        var m = Assert.Single(await h.Alerts.GetMessagesAsync(1, CancellationToken.None));
        Assert.Equal("pending", m.State);
        Assert.Null(m.HandedUtc);
        Assert.Contains("SMTP", m.LastError, StringComparison.Ordinal);
    }
}
