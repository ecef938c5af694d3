using Microsoft.Extensions.Time.Testing;

namespace SentimentWatch.Crawler.Tests.EndToEnd;

/// <summary>The harness clock: delays move it to their end; timeouts wait for the test.</summary>
public sealed class DelayAdvancingClockTests
{
    private static readonly DateTimeOffset T0 = new(2024, 9, 14, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Delay_OnTheClock_EndsAtOnceWithTheClockMovedByTheDelay()
    {
        var clock = new DelayAdvancingClock(new FakeTimeProvider(T0));

        await Task.Delay(TimeSpan.FromSeconds(30), clock).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(T0.AddSeconds(30), clock.GetUtcNow());
        Assert.Equal(1, clock.Delays);
    }

    [Fact]
    public async Task TwoDelaysAtOnce_ClockMovedToTheLaterEndNotTheirSum()
    {
        var clock = new DelayAdvancingClock(new FakeTimeProvider(T0));

        await Task.WhenAll(Task.Delay(TimeSpan.FromSeconds(2), clock), Task.Delay(TimeSpan.FromSeconds(3), clock)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(T0.AddSeconds(3), clock.GetUtcNow());
    }

    [Fact]
    public async Task TimeoutOnTheClock_NotFiredByItselfOnlyWhenTheTestAdvancesPastIt()
    {
        var fake = new FakeTimeProvider(T0);
        var clock = new DelayAdvancingClock(fake);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), clock);
        var fired = new TaskCompletionSource();
        using var registration = timeout.Token.Register(() => fired.TrySetResult());

        // A delay shorter than the timeout moves the clock to its own end only.
        await Task.Delay(TimeSpan.FromSeconds(2), clock).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(timeout.IsCancellationRequested);
        Assert.Equal(T0.AddSeconds(2), clock.GetUtcNow());

        fake.Advance(TimeSpan.FromSeconds(3));
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(timeout.IsCancellationRequested);
    }
}
