using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.Crawler.Tests.Scheduling;

/// <summary>The scheduler's readiness check on a real Quartz scheduler: not ready before it starts, in standby or after shutdown.</summary>
public sealed class SchedulerReadinessTests
{
    [Fact]
    public async Task Check_FollowsTheSchedulersLifecycle()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrawlScheduling();
        await using var provider = services.BuildServiceProvider();
        var check = provider.GetServices<IReadinessCheck>().Single(c => c.Name == "scheduler");
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.False((await check.CheckAsync(CancellationToken.None)).Ready);
        await scheduler.Start();
        var running = await check.CheckAsync(CancellationToken.None);
        Assert.True(running.Ready, running.Detail);
        await scheduler.Standby();
        Assert.False((await check.CheckAsync(CancellationToken.None)).Ready);
        await scheduler.Shutdown();
        var stopped = await check.CheckAsync(CancellationToken.None);
        Assert.False(stopped.Ready);
        Assert.Contains("shutdown", stopped.Detail, StringComparison.Ordinal);
    }
}
