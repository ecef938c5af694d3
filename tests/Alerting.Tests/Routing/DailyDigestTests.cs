using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Routing;

/// <summary>The daily digest end to end: FakeTimeProvider crosses 08:30 Beijing, mail is counted at a real SMTP server.</summary>
public sealed class DailyDigestTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> DigestOn = new() { ["Alerting:Routing:Digest:Enabled"] = "true" };

    // 2024-09-14 08:00 Beijing: half an hour before the digest time of the shipped configuration.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryClassificationStore _classifications = new();
    private readonly InMemoryCheckpointStore _checkpoints = new();
    private readonly TempDatabase _db = new();
    private readonly SmtpSink _sink = new();
    private AlertingHarness _h = null!;

    public Task InitializeAsync()
    {
        _h = Harness();
        _sink.StartIfAvailable();

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _sink.Dispose();
        _db.Dispose();
    }

    private AlertingHarness Harness() => AlertingHarness.Create(_db.Database, _sink, _time, _classifications, _checkpoints, DigestOn);

    private List<MimeKit.MimeMessage> Digests(string address) => _sink.Messages()
        .Where(m => (m.Subject ?? string.Empty).StartsWith("【舆情日报】", StringComparison.Ordinal) && m.To.Mailboxes.Any(x => x.Address == address)).ToList();

    [SmtpFact]
    public async Task RunOnceAsync_CrossingDigestTimeWithLevelFourIncident_OneDigestPerRecipientEvenAfterRestart()
    {
        // The first pass at 08:00 catches up the digest that was due yesterday at 08:30: a quiet day still says so.
        await _h.PassAsync();
        var quiet = Assert.Single(Digests("office@example.org"));
        Assert.Equal("【舆情日报】2024-09-13 无Ⅳ级舆情", quiet.Subject);
        Assert.Contains("本时段无Ⅳ级舆情", quiet.TextBody, StringComparison.Ordinal);

        await _h.AddPostAsync("华侨大学考点空调坏了，考场太热，投诉无门", "complaint", "tieba");
        await _h.PassAsync();
        var incident = Assert.Single(await _h.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Equal(IncidentLevel.IV, incident.Level);
        var alert = Assert.Single(await _h.Alerts.ListAlertsOfIncidentAsync(incident.Id, CancellationToken.None));
        await _h.Services.GetRequiredService<IAlertingAdmin>().AcknowledgeAsync(alert.Id, "考点联络员丙", "cli", CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(31));
        await _h.PassAsync();
        await _h.PassAsync();
        await _h.DisposeAsync();
        _h = Harness();
        await _h.PassAsync();

        var office = Digests("office@example.org");
        Assert.Equal(2, office.Count);
        var digest = office.Single(m => m.Subject == "【舆情日报】2024-09-14 Ⅳ级舆情 1 起");
        Assert.Contains($"#{incident.Id} [Ⅳ]", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("类别：投诉", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("tieba", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("签收：已签收（考点联络员丙）", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains(incident.FirstUrl.AbsoluteUri, digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<table", digest.HtmlBody, StringComparison.Ordinal);
        // The duty officer on shift at 08:30 is the day shift; the night shift gets nothing.
        Assert.Equal(2, Digests("duty-day@example.org").Count);
        Assert.Empty(Digests("duty-night@example.org"));
        Assert.Equal(_sink.Messages().Count, _sink.Messages().Select(m => m.MessageId).Distinct().Count());
    }

    [SmtpFact]
    public async Task SendAsync_SameDateTwice_EnqueuesOnce()
    {
        var digest = _h.Services.GetRequiredService<DailyDigest>();

        var first = await digest.SendAsync(new DateOnly(2024, 9, 10), CancellationToken.None);
        var second = await digest.SendAsync(new DateOnly(2024, 9, 10), CancellationToken.None);
        await _h.Dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, first);
        Assert.Equal(0, second);
        Assert.Single(Digests("office@example.org"));
    }

    [Fact]
    public async Task CompileAsync_LevelsAndPeriod_LevelFourListedOthersSummarisedOldOnesLeftOut()
    {
        var incidents = _h.Incidents;
        async Task<long> Make(IncidentLevel level, DateTimeOffset at, string label)
        {
            var post = Posts.Make("文本" + Guid.NewGuid().ToString("N"), label: label) with { At = at };
            var id = await incidents.CreateAsync(new IncidentRecord(0, "k" + post.PostId, "事件" + post.PostId, level, [], at, at, post.PostId, post.Url, 1, ["weibo"], [label], [], "rising", true, "open"), post, CancellationToken.None);
            await incidents.UpdateAsync((await incidents.GetAsync(id, CancellationToken.None))! with { Level = level }, CancellationToken.None);
            return id;
        }

        var digestTime = new DateTimeOffset(2024, 9, 14, 0, 30, 0, TimeSpan.Zero);
        var four = await Make(IncidentLevel.IV, digestTime.AddHours(-3), "complaint");
        var two = await Make(IncidentLevel.II, digestTime.AddHours(-2), "answer_selling");
        await Make(IncidentLevel.IV, digestTime.AddDays(-2), "complaint");
        await Make(IncidentLevel.IV, digestTime.AddHours(1), "complaint");

        var content = await _h.Services.GetRequiredService<DailyDigest>().CompileAsync(new DateOnly(2024, 9, 14), CancellationToken.None);
        var text = DailyDigest.Compose(content, new Recipient("office", "办公室", "office", "mail", "office@example.org")).Text;

        Assert.Equal((digestTime.AddDays(-1), digestTime), (content.FromUtc, content.ToUtc));
        Assert.Equal([four], content.LevelFour.Select(i => i.Incident.Id));
        Assert.Equal([two], content.Others.Select(i => i.Incident.Id));
        Assert.Contains("趋势：上升（突发）", text, StringComparison.Ordinal);
        Assert.Contains("签收：无告警", text, StringComparison.Ordinal);
        Assert.Contains("二、其他等级舆情（Ⅰ–Ⅲ级，已另行按级通知）：共 1 起", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestDue_BeforeAndAfterDigestTime_YesterdayThenToday()
    {
        var digest = _h.Services.GetRequiredService<DailyDigest>();

        Assert.Equal(new DateOnly(2024, 9, 13), digest.LatestDue(Some.Beijing(2024, 9, 14, 8, 29)));
        Assert.Equal(new DateOnly(2024, 9, 14), digest.LatestDue(Some.Beijing(2024, 9, 14, 8, 30)));
        Assert.Equal(new DateOnly(2024, 9, 14), digest.LatestDue(Some.Beijing(2024, 9, 15, 0, 10)));
    }

    [Fact]
    public async Task Messages_NoRecipientsConfigured_GoToTheDutyDeskOnShift()
    {
        // As a configuration without a Digest section (e.g. an older conf.d) binds it.
        _h.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RoutingOptions>>().Value.Digest.Recipients.Clear();
        var digest = _h.Services.GetRequiredService<DailyDigest>();

        var content = await digest.CompileAsync(new DateOnly(2024, 9, 14), CancellationToken.None);
        var messages = digest.Messages(content, _time.GetUtcNow());

        var only = Assert.Single(messages);
        Assert.Equal(("duty-a", "digest:2024-09-14:duty-a|mail"), (only.ResponderId, only.IdempotencyKey));
    }
}
