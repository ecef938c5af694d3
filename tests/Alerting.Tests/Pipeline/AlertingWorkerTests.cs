using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Storage;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>The alerting loop as the host runs it: built from the services AddAlerting registers, started and stopped like a hosted service, over a real SQLite file.</summary>
public sealed class AlertingWorkerTests : IDisposable
{
    private const int PassFailed = 3002;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    private readonly TempDatabase _tmp = new();
    private readonly SqliteDatabase _db;
    private readonly SmtpSink _sink = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
    private readonly InMemoryClassificationStore _classifications = new();
    private readonly InMemoryCheckpointStore _checkpoints = new();
    private readonly RecordingLoggerProvider _log = new();

    public AlertingWorkerTests()
    {
        // A short busy timeout so a held write lock fails a pass quickly instead of waiting 30 s.
        _db = new SqliteDatabase(Path.Combine(_tmp.Directory, "worker.db"), TimeSpan.FromMilliseconds(100));
    }

    public void Dispose()
    {
        _sink.Dispose();
        _tmp.Dispose();
    }

    private AlertingHarness Harness(IReadOnlyDictionary<string, string?>? overrides = null) =>
        AlertingHarness.Create(_db, _sink, _time, _classifications, _checkpoints, overrides, s => s.AddSingleton<ILoggerProvider>(_log));

    private static AlertingWorker Worker(AlertingHarness h) => ActivatorUtilities.CreateInstance<AlertingWorker>(h.Services);

    [Fact]
    public async Task ExecuteAsync_ClassifiedLeakWaiting_RaisesAlertOnItsOwnAndStopsCleanly()
    {
        await using var h = Harness();
        await h.AddPostAsync("今年主观题考前泄露，答案在群里流传", "leak");
        var worker = Worker(h);

        await worker.StartAsync(CancellationToken.None);
        // The alert row and its outbox messages are written by one pass but not in one statement: wait for both.
        await WorkerKit.EventuallyAsync(async () => await h.Alerts.ListAlertsAsync(10, CancellationToken.None) is [var raised]
            && (await h.Alerts.GetMessagesAsync(raised.Id, CancellationToken.None)).Count > 0, _time, Poll, "the leak raised an alert with its messages");
        await worker.StopAsync(CancellationToken.None);

        Assert.True(worker.ExecuteTask!.IsCompleted);
        Assert.False(worker.ExecuteTask.IsFaulted);
        var alert = Assert.Single(await h.Alerts.ListAlertsAsync(10, CancellationToken.None));
        Assert.NotEmpty(await h.Alerts.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Equal(0, _log.Count(PassFailed));
    }

    [Fact]
    public async Task ExecuteAsync_LeaseLostThenRegained_IncidentIndexRebuiltFromTheStore()
    {
        const int indexRebuilt = 3008;
        // The rebuild is logged at Information; the harness keeps Warning and above, so let this one category through.
        await using var h = AlertingHarness.Create(_db, _sink, _time, _classifications, _checkpoints, null, s => s
            .AddSingleton<ILoggerProvider>(_log)
            .AddLogging(b => b.AddFilter(typeof(SentimentWatch.Alerting.Incidents.IncidentAssigner).FullName, LogLevel.Information)));
        var lease = new ScriptedLeadership();
        await h.AddPostAsync("今年主观题考前泄露，答案在群里流传", "leak");
        var worker = ActivatorUtilities.CreateInstance<AlertingWorker>(h.Services, (Core.Operations.IStageLeadership)lease);

        await worker.StartAsync(CancellationToken.None);
        await WorkerKit.EventuallyAsync(() => Task.FromResult(_log.Count(indexRebuilt) == 1), _time, Poll, "the first pass built the index");

        // Another node leads for a while (seen by at least one pass), then this node leads again.
        lease.Leads = false;
        var asked = lease.Asked;
        await WorkerKit.EventuallyAsync(() => Task.FromResult(lease.Asked > asked + 1), _time, Poll, "a pass found the lease held elsewhere");
        await h.AddPostAsync("卷二答案已经在群里传开了，考前就有", "leak");
        lease.Leads = true;
        await WorkerKit.EventuallyAsync(() => Task.FromResult(_log.Count(indexRebuilt) == 2), _time, Poll, "the regained lease rebuilt the index");
        await worker.StopAsync(CancellationToken.None);

        Assert.False(worker.ExecuteTask!.IsFaulted);
    }

    /// <summary>A lease a test hands to the worker and takes back.</summary>
    private sealed class ScriptedLeadership : Core.Operations.IStageLeadership
    {
        private int _asked;

        public volatile bool Leads = true;

        public int Asked => Volatile.Read(ref _asked);

        public IReadOnlyList<Core.Operations.StageLease> Leases => [];

        public ValueTask<bool> LeadsAsync(string stage, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asked);
            return ValueTask.FromResult(Leads);
        }
    }

    [Fact]
    public async Task ExecuteAsync_StoreLockedDuringPasses_LogsEachFailureKeepsRunningThenCatchesUpOnce()
    {
        await using var h = Harness();
        await h.AddPostAsync("今年主观题考前泄露，答案在群里流传", "leak");
        var worker = Worker(h);

        var held = WorkerKit.HoldWriteLock(_db.Path);
        try
        {
            await worker.StartAsync(CancellationToken.None);
            await WorkerKit.EventuallyAsync(() => Task.FromResult(_log.Count(PassFailed) >= 2), _time, Poll, "two failed passes were logged");
            Assert.False(worker.ExecuteTask!.IsCompleted); // a failed pass does not end the loop
        }
        finally
        {
            held.Dispose();
        }

        Assert.Empty(await h.Alerts.ListAlertsAsync(10, CancellationToken.None));
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.ListAlertsAsync(10, CancellationToken.None)).Count == 1, _time, Poll, "the alert was raised once the store was back");
        await worker.StopAsync(CancellationToken.None);

        Assert.Single(await h.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.False(worker.ExecuteTask.IsFaulted);
    }

    [Fact]
    public async Task ExecuteAsync_Disabled_ReturnsAtOnceAndProcessesNothing()
    {
        await using var h = Harness(new Dictionary<string, string?> { ["Alerting:Enabled"] = "false" });
        await h.AddPostAsync("今年主观题考前泄露，答案在群里流传", "leak");
        var worker = Worker(h);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!;

        Assert.True(worker.ExecuteTask.IsCompletedSuccessfully);
        Assert.Empty(await h.Alerts.ListAlertsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task StopAsync_WhileWaitingForNextPoll_EndsWithoutFaultAndWithoutAnotherPass()
    {
        await using var h = Harness();
        var worker = Worker(h);
        await worker.StartAsync(CancellationToken.None);
        await h.AddPostAsync("考点附近酒店涨价，投诉", "complaint");
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.ListAlertsAsync(10, CancellationToken.None)).Count == 1, _time, Poll, "the complaint raised an alert");

        await worker.StopAsync(CancellationToken.None);
        Assert.True(worker.ExecuteTask!.IsCompleted);
        Assert.False(worker.ExecuteTask.IsFaulted);

        // Stopped means stopped: a later leak (which would raise a Ⅰ-level upgrade) and later time change nothing. The
        // stopped worker's every pass ran inside its ExecuteTask, which has completed: nothing can run after this point.
        await h.AddPostAsync("考点附近酒店涨价，有人趁机拍了试题发群里，考前泄露", "leak");
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Single(await h.Alerts.ListAlertsAsync(10, CancellationToken.None));

        // And the leak was there to be picked up: a worker started afresh raises the upgrade (so the check above could fail).
        var restarted = Worker(h);
        await restarted.StartAsync(CancellationToken.None);
        await WorkerKit.EventuallyAsync(async () => (await h.Alerts.ListAlertsAsync(10, CancellationToken.None)).Count == 2, _time, Poll, "a running worker raised the upgrade");
        await restarted.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_RestartedOverSameStore_ResumesCheckpointAndFiresDueEscalation()
    {
        long alertId;
        await using (var first = Harness())
        {
            await first.AddPostAsync("今年主观题考前泄露，答案在群里流传", "leak");
            var worker = Worker(first);
            await worker.StartAsync(CancellationToken.None);
            await WorkerKit.EventuallyAsync(async () => (await first.Alerts.ListAlertsAsync(10, CancellationToken.None)).Count == 1, _time, TimeSpan.FromSeconds(1), "the leak raised an alert");
            await worker.StopAsync(CancellationToken.None);
            alertId = Assert.Single(await first.Alerts.ListAlertsAsync(10, CancellationToken.None)).Id;
            Assert.DoesNotContain(await first.Alerts.GetMessagesAsync(alertId, CancellationToken.None), m => m.Subject.StartsWith("【催办】", StringComparison.Ordinal));
        }

        // Down for six minutes: the Ⅰ-level escalation to the shift leader (5 min) fell due while nothing ran.
        _time.Advance(TimeSpan.FromMinutes(6));
        await using var second = Harness();
        var again = Worker(second);
        await again.StartAsync(CancellationToken.None);
        await WorkerKit.EventuallyAsync(
            async () => (await second.Alerts.GetMessagesAsync(alertId, CancellationToken.None)).Any(m => m.Subject.StartsWith("【催办】", StringComparison.Ordinal)),
            _time, TimeSpan.FromSeconds(1), "the due escalation fired after the restart");
        await again.StopAsync(CancellationToken.None);

        // The classification stream was not replayed into a second incident or alert.
        Assert.Single(await second.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Single(await second.Alerts.ListAlertsAsync(10, CancellationToken.None), a => a.Kind == "incident");
        Assert.Contains(await second.Alerts.GetTimersAsync(alertId, CancellationToken.None), t => t.Kind == "escalate" && t.State == "fired");
    }
}
