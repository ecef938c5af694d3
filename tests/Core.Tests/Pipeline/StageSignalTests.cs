using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Core.Tests.Pipeline;

public sealed class StageSignalTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WaitAsync_NotifiedBeforeWait_ReturnsTrueWithoutTimePassing()
    {
        var signal = new StageSignal();
        signal.Reset();
        signal.Notify();

        // The fake clock never moves: only the notification can end this wait.
        Assert.True(await signal.WaitAsync(TimeSpan.FromHours(1), Time, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_NotifiedWhileWaiting_Wakes()
    {
        var signal = new StageSignal();
        signal.Reset();
        var wait = signal.WaitAsync(TimeSpan.FromHours(1), Time, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Notify();

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_NoNotification_ReturnsFalseWhenThePollIntervalPasses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
        var signal = new StageSignal();
        var wait = signal.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(wait.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Reset_AfterNotification_NextWaitBlocksUntilNewNotification()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
        var signal = new StageSignal();
        signal.Notify();
        signal.Reset();

        var wait = signal.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var signal = new StageSignal();
        using var cts = new CancellationTokenSource();
        var wait = signal.WaitAsync(TimeSpan.FromHours(1), Time, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
