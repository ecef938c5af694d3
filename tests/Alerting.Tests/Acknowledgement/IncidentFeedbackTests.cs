using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Classification;

namespace SentimentWatch.Alerting.Tests.Acknowledgement;

/// <summary>Commentators' decisions on alerts land in the classifier's real feedback store (SQLite).</summary>
public sealed class IncidentFeedbackTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly SmtpSink _sink = new();
    private AlertingHarness _h = null!;

    private IAlertingAdmin Admin => _h.Services.GetRequiredService<IAlertingAdmin>();

    private IClassificationFeedbackStore Feedback => _h.Services.GetRequiredService<IClassificationFeedbackStore>();

    public Task InitializeAsync()
    {
        _h = AlertingHarness.Create(_db.Database, _sink, extra: s => s.AddSingleton<IClassificationFeedbackStore>(sp => new SqliteClassificationFeedbackStore(_db.Database)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _sink.Dispose();
        _db.Dispose();
    }

    private static readonly DateTimeOffset FirstPublished = new(2024, 9, 14, 1, 30, 0, TimeSpan.Zero);

    /// <summary>Two posts sharing a contact (one incident), one predicted as fraud; returns the incident's alert.</summary>
    private async Task<AlertRecord> AlertedIncidentAsync()
    {
        await _h.AddPostAsync("出售主观题答案，加QQ 123456789 保过", "answer_selling", contacts: ["qq:123456789"], at: FirstPublished);
        await _h.AddPostAsync("内部渠道改分查分，联系QQ 123456789", "fraud", "tieba", contacts: ["qq:123456789"], at: FirstPublished.AddMinutes(20));
        await _h.Pipeline.RunOnceAsync(CancellationToken.None);
        return Assert.Single(await _h.Alerts.ListAlertsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AcknowledgeAsync_WithLabel_OneDecisionPerPostEvenWhenAcknowledgedTwice()
    {
        var alert = await AlertedIncidentAsync();

        var first = await Admin.AcknowledgeAsync(alert.Id, "评论员甲", "cli", "answer_selling", CancellationToken.None);
        var second = await Admin.AcknowledgeAsync(alert.Id, "评论员甲", "link", "answer_selling", CancellationToken.None);

        Assert.Equal(new AckOutcome(true, 2), first);
        Assert.Equal(new AckOutcome(false, 2), second);
        var rows = (await Feedback.GetAllAsync(CancellationToken.None)).Select(s => s.Feedback).OrderBy(f => f.PredictedLabel).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, f => Assert.Equal(("answer_selling", "评论员甲"), (f.Label, f.Reviewer)));
        Assert.Equal([FeedbackDecisions.Confirmed, FeedbackDecisions.Relabelled], rows.Select(f => f.Decision));
        Assert.Contains(rows, f => f.Text.Contains("改分查分", StringComparison.Ordinal));
        // Each decision keeps the time the post was classified at, so it trains the exam-window features too.
        Assert.Equal([FirstPublished, FirstPublished.AddMinutes(20)], rows.Select(f => f.PublishedAtUtc!.Value).Order());
        var actions = await _h.Services.GetRequiredService<IIncidentActionStore>().GetActionsAsync(alert.IncidentId!.Value, CancellationToken.None);
        Assert.Equal([IncidentActionKinds.Acknowledge, IncidentActionKinds.Feedback, IncidentActionKinds.Feedback], actions.Select(a => a.Action));
    }

    [Fact]
    public async Task SilenceAsync_ReviewedFalsePositive_EveryPostTrainsAsNormal()
    {
        var alert = await AlertedIncidentAsync();

        await Admin.SilenceAsync(alert.IncidentId!.Value, "评论员乙", "培训机构正常广告，非卖答案", TimeSpan.FromHours(1), CancellationToken.None);

        var rows = (await Feedback.GetAllAsync(CancellationToken.None)).Select(s => s.Feedback).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, f => Assert.Equal((Labels.Normal, FeedbackDecisions.FalsePositive), (f.Label, f.Decision)));
        Assert.All(rows, f => Assert.Contains("培训机构正常广告", f.Note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcknowledgeAsync_UnknownLabel_RefusedAndAlertStaysOpen()
    {
        var alert = await AlertedIncidentAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Admin.AcknowledgeAsync(alert.Id, "评论员甲", "cli", "spam", CancellationToken.None));

        Assert.Contains("'spam' is not one of", ex.Message, StringComparison.Ordinal);
        Assert.Equal("open", (await _h.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
        Assert.Equal(0, await Feedback.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAck_LinkWithLabel_AcknowledgesAndRecordsFeedbackBadLabelRefused()
    {
        var alert = await AlertedIncidentAsync();
        var server = _h.Services.GetRequiredService<AckServer>();
        await server.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient();
            var link = new Uri(server.Address!, _h.Services.GetRequiredService<AckLinks>().Create(alert.Id, "duty-a").PathAndQuery);

            using var bad = await http.GetAsync(new Uri(link.AbsoluteUri + "&label=spam"));
            Assert.Equal(400, (int)bad.StatusCode);
            Assert.Equal("open", (await _h.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);

            using var good = await http.GetAsync(new Uri(link.AbsoluteUri + "&label=normal"));
            var page = await good.Content.ReadAsStringAsync();
            Assert.Equal(200, (int)good.StatusCode);
            Assert.Contains("已记录类别“normal”（2 条信息）", page, StringComparison.Ordinal);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
            await server.DisposeAsync();
        }

        var stored = (await _h.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!;
        Assert.Equal(("acknowledged", "link"), (stored.State, stored.AcknowledgedVia));
        var rows = (await Feedback.GetAllAsync(CancellationToken.None)).Select(s => s.Feedback).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, f => Assert.Equal(FeedbackDecisions.FalsePositive, f.Decision));
    }
}
