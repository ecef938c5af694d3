using Microsoft.Extensions.Time.Testing;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>
/// The crawler's clock in the end-to-end harness: the drill's <see cref="FakeTimeProvider"/>, moved forward whenever the
/// code under test waits on a delay (<c>Task.Delay(…, time, …)</c>: politeness spacing, Crawl-delay, retry back-off),
/// to the moment that delay ends. Nothing else moves it but the test: a request in flight takes no fake time, so a
/// timeout (a <see cref="CancellationTokenSource"/> on this clock, Polly's attempt timeout, the fetch deadline) fires
/// only when a test advances the clock past it. Politeness gaps, ages and deletion times are then exact scenario times,
/// and a 2-second politeness delay costs no wall-clock time.
/// </summary>
/// <remarks>
/// A delay is told from a timeout by its timer's state: <c>Task.Delay</c> passes its own task, a
/// <see cref="CancellationTokenSource"/> passes itself. Two delays waiting at once move the clock to the later end,
/// not by their sum.
/// </remarks>
internal sealed class DelayAdvancingClock(FakeTimeProvider clock) : TimeProvider
{
    private readonly Lock _gate = new();
    private long _delays;

    /// <summary>The clock the drill sites read (the same time).</summary>
    public FakeTimeProvider Fake { get; } = clock;

    /// <summary>How many delays the code under test has waited on.</summary>
    public long Delays => Interlocked.Read(ref _delays);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        if (state is Task && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Increment(ref _delays);
            var end = Fake.GetUtcNow() + dueTime;
            // After CreateTimer has returned: the delay's task must hold its timer before the timer can fire.
            ThreadPool.UnsafeQueueUserWorkItem(_ => AdvanceTo(end), null);
        }

        return timer;
    }

    private void AdvanceTo(DateTimeOffset end)
    {
        lock (_gate)
        {
            // Advance, never SetUtcNow: a test may move the clock on at the same moment, and time must not go back.
            var now = Fake.GetUtcNow();
            if (end > now)
            {
                Fake.Advance(end - now);
            }
        }
    }
}
