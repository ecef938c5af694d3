using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Evidence.Tests.Support;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class TakedownTrackerTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    [Fact]
    public async Task CheckDue_StillOnlinePastDeadline_AlertsOnceThenRecordsRemoval()
    {
        var site = await TestSite.StartAsync();
        await using var _ = site;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = Harness.Create(null, new() { ["Evidence:Takedowns:CheckInterval"] = "01:00:00" }, time);
        var tracker = h.Services.GetRequiredService<ITakedownTracker>();
        var store = h.Services.GetRequiredService<ITakedownStore>();
        var request = await tracker.RequestAsync(null, site.Url("toggle"), time.GetUtcNow().AddHours(2), "officer-li", "平台已收到删除通知", CancellationToken.None);

        var first = Assert.Single(await tracker.CheckDueAsync(CancellationToken.None));
        Assert.Equal(TakedownObservation.StillOnline, first.Observation);
        Assert.Empty(h.Events.Overdue);
        Assert.Empty(await tracker.CheckDueAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromHours(3));
        var second = Assert.Single(await tracker.CheckDueAsync(CancellationToken.None));
        Assert.Equal(TakedownObservation.StillOnline, second.Observation);
        var overdue = Assert.Single(h.Events.Overdue);
        Assert.Equal(request.Id, overdue.Request.Id);

        time.Advance(TimeSpan.FromHours(1));
        await tracker.CheckDueAsync(CancellationToken.None);
        Assert.Single(h.Events.Overdue);

        site.ToggleOnline = false;
        time.Advance(TimeSpan.FromHours(1));
        var removed = Assert.Single(await tracker.CheckDueAsync(CancellationToken.None));
        Assert.Equal(TakedownObservation.Removed, removed.Observation);
        var stored = await store.GetAsync(request.Id, CancellationToken.None);
        Assert.Equal(TakedownState.Removed, stored!.State);
        var checks = await store.GetChecksAsync(request.Id, CancellationToken.None);
        Assert.Equal(4, checks.Count);
        Assert.Equal(4, checks.Select(c => c.EvidenceId).Distinct().Count());
        Assert.All(checks, c => Assert.True(Directory.Exists(Path.Combine(h.Dir, "evidence", c.EvidenceId))));
        Assert.Empty(await tracker.CheckDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Request_NeitherPostNorUrl_Refused()
    {
        await using var h = Harness.Create(null);

        await Assert.ThrowsAsync<ArgumentException>(() => h.Services.GetRequiredService<ITakedownTracker>().RequestAsync(null, null, null, "x", null, CancellationToken.None));
    }

    [Fact]
    public async Task Request_ForStoredPost_UsesItsUrlAndDefaultDeadline()
    {
        await using var h = Harness.Create(null, new() { ["Evidence:Takedowns:DefaultDeadline"] = "06:00:00" });
        var post = await h.AddPostAsync(servers.Site.Url("post/1"), null);

        var request = await h.Services.GetRequiredService<ITakedownTracker>().RequestAsync(post.Id, null, null, "officer-li", null, CancellationToken.None);

        Assert.Equal(post.Url, request.Url);
        Assert.Equal(TimeSpan.FromHours(6), request.DeadlineUtc - request.RequestedAtUtc);
        Assert.Equal(TakedownState.Open, request.State);
    }
}
