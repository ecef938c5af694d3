using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Alerting.Tests.Pipeline;

public sealed class AlertingPipelineTests : HarnessTests
{
    [SmtpFact]
    public async Task RunOnceAsync_LeakStormOnFourPlatforms_OneIncidentLevelIAtMostThreeMailsPerResponderNoDuplicates()
    {
        string[] platforms = ["weibo", "tieba", "douyin", "zhihu"];
        for (var minute = 0; minute < 10; minute++)
        {
            for (var i = 0; i < 30; i++)
            {
                await H.AddPostAsync($"2024法考客观题考前泄露！真题答案已流出，加微信 fk2024 领取（第{minute}-{i}份）", "leak", platforms[i % 4], engagement: i * 10, contacts: ["wechat:fk2024"]);
            }

            await H.PassAsync();
            H.Time.Advance(TimeSpan.FromMinutes(1));
        }

        for (var i = 0; i < 5; i++)
        {
            await H.PassAsync();
        }

        var incidents = await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None);
        var incident = Assert.Single(incidents);
        Assert.Equal(IncidentLevel.I, incident.Level);
        Assert.Equal(300, incident.PostCount);
        Assert.Contains(incident.Reasons, r => r.Rule == "content_floor:leak@考试实施");

        var mails = Sink.Messages();
        Assert.NotEmpty(mails);
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());
        var perRecipient = mails.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perRecipient.Values, n => Assert.InRange(n, 1, 3));
        Assert.Contains("head@example.org", perRecipient.Keys);
        Assert.Contains("duty-day@example.org", perRecipient.Keys); // 02:00 UTC is 10:00 in Beijing: the day shift
        Assert.DoesNotContain("duty-night@example.org", perRecipient.Keys);
    }
}

public sealed class AlertingPipelineTimerTests : HarnessTests
{
    private readonly InMemoryClassificationStore _classifications = new();
    private readonly InMemoryCheckpointStore _checkpoints = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));

    private protected override AlertingHarness CreateHarness() => AlertingHarness.Create(Db.Database, Sink, _time, _classifications, _checkpoints);

    private async Task<AlertRecord> RaiseLeakAsync()
    {
        await H.AddPostAsync("今年主观题考前泄露，答案在群里流传", "leak");
        await H.PassAsync();
        return Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None));
    }

    private IReadOnlyList<string> MailsTo(string address) =>
        Sink.Messages().Where(m => m.To.Mailboxes.Any(x => x.Address == address)).Select(m => m.Subject ?? string.Empty).ToList();

    [SmtpFact]
    public async Task RunOnceAsync_UnacknowledgedLevelI_EscalatesToShiftLeaderThenOfficeAcrossRestart()
    {
        var alert = await RaiseLeakAsync();
        Assert.Equal(IncidentLevel.I, alert.Level);
        _time.Advance(TimeSpan.FromSeconds(11));
        await H.PassAsync();
        Assert.Single(MailsTo("head@example.org"));
        Assert.Empty(MailsTo("leader-day@example.org"));

        _time.Advance(TimeSpan.FromMinutes(5));
        await H.PassAsync();
        var leader = Assert.Single(MailsTo("leader-day@example.org"));
        Assert.StartsWith("【催办】", leader, StringComparison.Ordinal);

        // Restart: a new process over the same store picks up the pending timer.
        await H.DisposeAsync();
        H = AlertingHarness.Create(Db.Database, Sink, _time, _classifications, _checkpoints);
        _time.Advance(TimeSpan.FromMinutes(10));
        await H.PassAsync();
        Assert.Single(MailsTo("office@example.org"));
        Assert.Single(MailsTo("leader-day@example.org"));
    }

    [SmtpFact]
    public async Task RunOnceAsync_AcknowledgedBeforeTimer_NoEscalationButFirstReportDeadlineStillReminds()
    {
        var alert = await RaiseLeakAsync();
        Assert.True(await H.Services.GetRequiredService<IAlertingAdmin>().AcknowledgeAsync(alert.Id, "值班员甲", "cli", CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(31));
        await H.PassAsync();
        Assert.DoesNotContain(MailsTo("office@example.org"), s => s.StartsWith("【催办】", StringComparison.Ordinal));
        Assert.DoesNotContain(MailsTo("leader-day@example.org"), s => s.StartsWith("【催办】", StringComparison.Ordinal));
        Assert.Contains(MailsTo("duty-day@example.org"), s => s.StartsWith("【首报时限】", StringComparison.Ordinal));
    }

    [SmtpFact]
    public async Task RunOnceAsync_ComplaintThenLeak_UpgradeRenotifiesAndSupersedesLowerAlert()
    {
        await H.AddPostAsync("华侨大学考点空调坏了，考场太热，投诉无门", "complaint");
        await H.PassAsync();
        var first = Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None));
        Assert.Equal(IncidentLevel.IV, first.Level);

        await H.AddPostAsync("华侨大学考点空调坏了，考场太热，有人趁机拍了试题发群里", "leak", contacts: []);
        await H.PassAsync();
        var all = await H.Alerts.ListAlertsAsync(10, CancellationToken.None);
        Assert.Equal(2, all.Count);
        Assert.Equal(IncidentLevel.I, all[0].Level);
        Assert.Equal("superseded", all.Single(a => a.Id == first.Id).State);
        var incident = Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Contains("qz-hqu", incident.Sites);

        // The site contact's unsent Ⅳ notice was dropped: it sees the current level only.
        _time.Advance(TimeSpan.FromMinutes(2));
        await H.PassAsync();
        var site = MailsTo("site-hqu@example.org");
        Assert.All(site, s => Assert.Contains("Ⅰ级", s, StringComparison.Ordinal));
        Assert.Contains(site, s => s.StartsWith("【升级】", StringComparison.Ordinal));
    }

    [SmtpFact]
    public async Task RunOnceAsync_SilencedIncident_NoNewNotifications()
    {
        await H.AddPostAsync("考点附近酒店涨价，投诉", "complaint");
        await H.PassAsync();
        var incident = Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        await H.Services.GetRequiredService<IAlertingAdmin>().SilenceAsync(incident.Id, "值班员甲", "已核实为误报：非考试相关", TimeSpan.FromHours(1), CancellationToken.None);
        await H.AddPostAsync("考点附近酒店涨价太离谱，大家投诉", "leak");
        await H.PassAsync();
        Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task SilenceAsync_LongerThanMaxOrWithoutReason_Refused()
    {
        await H.AddPostAsync("考点附近酒店涨价，投诉", "complaint");
        await H.Pipeline.RunOnceAsync(CancellationToken.None);
        var incident = Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        var admin = H.Services.GetRequiredService<IAlertingAdmin>();
        await Assert.ThrowsAsync<ArgumentException>(() => admin.SilenceAsync(incident.Id, "张三", "误报", TimeSpan.FromHours(3), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.SilenceAsync(incident.Id, "张三", " ", TimeSpan.FromHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_HealthEvent_RoutedToDutyDeskOnce()
    {
        var sources = new Storage.Posts.SqliteSourceStateStore(Db.Database, _time);
        await using var h = AlertingHarnessWithSources(sources);
        await sources.RaiseHealthEventAsync("tieba-fakao", _time.GetUtcNow(), "block_page", "验证码页面", 3, CancellationToken.None);
        await h.Pipeline.RunOnceAsync(CancellationToken.None);
        await h.Pipeline.RunOnceAsync(CancellationToken.None);
        var alert = Assert.Single(await h.Alerts.ListAlertsAsync(10, CancellationToken.None));
        Assert.Equal("health", alert.Kind);
        var message = Assert.Single(await h.Alerts.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Equal("duty-day@example.org", message.Recipient);
        Assert.Contains("tieba-fakao", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_ClusterNodeHealthEvent_RoutedToDutyDeskAsANodeProblem()
    {
        var sources = new Storage.Posts.SqliteSourceStateStore(Db.Database, _time);
        await using var h = AlertingHarnessWithSources(sources);
        await sources.RaiseHealthEventAsync(Core.Collection.CollectorHealthEvent.NodeSource("node-2"), _time.GetUtcNow(), "clock-skew", "CLOCK SKEW: 9000 ms", 1, CancellationToken.None);
        await h.Pipeline.RunOnceAsync(CancellationToken.None);
        var alert = Assert.Single(await h.Alerts.ListAlertsAsync(10, CancellationToken.None));
        Assert.Equal(("health", "集群节点异常：node-2"), (alert.Kind, alert.Title));
        Assert.Contains("CLOCK SKEW: 9000 ms", alert.Summary, StringComparison.Ordinal);
        var message = Assert.Single(await h.Alerts.GetMessagesAsync(alert.Id, CancellationToken.None));
        Assert.Contains("【集群异常】node-2：clock-skew", message.Subject, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task RunOnceAsync_ResponderAddressBounces_DeadLetterAlertsDeskAndLeader()
    {
        await H.DisposeAsync();
        H = AlertingHarness.Create(Db.Database, Sink, _time, _classifications, _checkpoints,
            new Dictionary<string, string?> { ["Alerting:Routing:Responders:head:Contacts:mail"] = "bounce-head@example.org" });
        await RaiseLeakAsync();
        _time.Advance(TimeSpan.FromSeconds(11));
        await H.PassAsync();
        await H.PassAsync();
        var dead = Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None), a => a.Kind == "dead_letter");
        Assert.Contains("bounce-head@example.org", dead.Summary, StringComparison.Ordinal);
        await H.PassAsync();
        Assert.Contains(MailsTo("duty-day@example.org"), s => s.StartsWith("【投递失败】", StringComparison.Ordinal));
        Assert.Contains(MailsTo("leader-day@example.org"), s => s.StartsWith("【投递失败】", StringComparison.Ordinal));
    }

    private AlertingHarness AlertingHarnessWithSources(ISourceStateStore sources)
    {
        var h = AlertingHarness.Create(Db.Database, Sink, _time, _classifications, _checkpoints, extra: s => s.AddSingleton(sources));
        return h;
    }
}
