using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Classification;

namespace SentimentWatch.Alerting.Tests.Acknowledgement;

/// <summary>Commentators' decisions on alerts land in the classifier's real feedback store (SQLite).</summary>
public sealed class IncidentFeedbackTests : HarnessTests
{
    private IAlertingAdmin Admin => H.Services.GetRequiredService<IAlertingAdmin>();

    private IClassificationFeedbackStore Feedback => H.Services.GetRequiredService<IClassificationFeedbackStore>();

    private protected override bool SendsMail => false;

    private protected override AlertingHarness CreateHarness() => AlertingHarness.Create(Db.Database, Sink, extra: s => s.AddSingleton<IClassificationFeedbackStore>(sp => new SqliteClassificationFeedbackStore(Db.Database)));

    private static readonly DateTimeOffset FirstPublished = new(2024, 9, 14, 1, 30, 0, TimeSpan.Zero);

    /// <summary>Two posts sharing a contact (one incident), one predicted as fraud; returns the incident's alert.</summary>
    private async Task<AlertRecord> AlertedIncidentAsync()
    {
        await H.AddPostAsync("出售主观题答案，加QQ 123456789 保过", "answer_selling", contacts: ["qq:123456789"], at: FirstPublished);
        await H.AddPostAsync("内部渠道改分查分，联系QQ 123456789", "fraud", "tieba", contacts: ["qq:123456789"], at: FirstPublished.AddMinutes(20));
        await H.Pipeline.RunOnceAsync(CancellationToken.None);
        return Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None));
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
        var actions = await H.Services.GetRequiredService<IIncidentActionStore>().GetActionsAsync(alert.IncidentId!.Value, CancellationToken.None);
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
        Assert.Equal("open", (await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
        Assert.Equal(0, await Feedback.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LabelLinks_SignedPerLabelSingleUseAndNeverActOnGet()
    {
        var alert = await AlertedIncidentAsync();
        var server = H.Services.GetRequiredService<AckServer>();
        await server.StartAsync(CancellationToken.None);
        try
        {
            using var http = new AckClient();
            var links = H.Services.GetRequiredService<AckLinks>();
            var normal = new Uri(server.Address!, links.Create(alert.Id, "duty-a", "normal").PathAndQuery);

            // A prefetcher opens the false-positive link: a page saying what the button does, no feedback written.
            var (status, page, _) = await http.OpenAsync(normal);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("标记为误报", page, StringComparison.Ordinal);
            Assert.Equal(0, await Feedback.CountAsync(CancellationToken.None));
            Assert.Equal("open", (await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);

            // The label is signed: swapping it in the URL (normal → leak, or onto the plain link) is refused.
            var swapped = new Uri(normal.AbsoluteUri.Replace("label=normal", "label=leak", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Forbidden, (await http.OpenAsync(swapped)).Status);
            var plain = links.Create(alert.Id, "duty-a").PathAndQuery;
            var grafted = new Uri(server.Address!, plain.Replace("action=ack", "action=label&label=normal", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Forbidden, (await http.FollowAsync(grafted)).Status);
            Assert.Equal(0, await Feedback.CountAsync(CancellationToken.None));

            var done = await http.FollowAsync(normal);
            Assert.Equal(HttpStatusCode.OK, done.Status);
            Assert.Contains("已记录类别“normal”（2 条信息）", done.Page, StringComparison.Ordinal);

            // Later the commentator decides otherwise at the terminal; replaying the old link must not overwrite that.
            await Admin.AcknowledgeAsync(alert.Id, "评论员甲", "cli", "answer_selling", CancellationToken.None);
            var replay = await http.FollowAsync(normal);
            Assert.Equal(HttpStatusCode.Conflict, replay.Status);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
            await server.DisposeAsync();
        }

        var stored = (await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!;
        Assert.Equal(("acknowledged", "link"), (stored.State, stored.AcknowledgedVia));
        var rows = (await Feedback.GetAllAsync(CancellationToken.None)).Select(s => s.Feedback).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, f => Assert.Equal("answer_selling", f.Label));
        Assert.Single(await H.Services.GetRequiredService<IAckLinkLedger>().GetReplaysAsync(alert.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Notification_SaysWhatEachLinkDoes()
    {
        var alert = await AlertedIncidentAsync();
        var message = (await H.Alerts.GetMessagesAsync(alert.Id, CancellationToken.None)).First(m => m.HtmlBody is not null);

        Assert.Contains("仅签收：停止该告警的升级通知：http", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("签收并标记为误报：该事件全部信息记为 normal", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("签收并确认类别为“贩卖试题答案”（answer_selling）", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("点击页面上的按钮才会执行", message.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("action=label&amp;label=normal", message.HtmlBody!, StringComparison.Ordinal);
        using var payload = System.Text.Json.JsonDocument.Parse(message.PayloadJson);
        var actions = payload.RootElement.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("does").GetString()!)).ToList();
        Assert.Contains(actions, a => a.Item1 == "ack" && a.Item2.StartsWith("仅签收", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Item1 == "label" && a.Item2.Contains("误报", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LabelLink_UnknownLabel_400()
    {
        var alert = await AlertedIncidentAsync();
        var server = H.Services.GetRequiredService<AckServer>();
        await server.StartAsync(CancellationToken.None);
        try
        {
            using var http = new AckClient();
            var spam = new Uri(server.Address!, H.Services.GetRequiredService<AckLinks>().Create(alert.Id, "duty-a", "spam").PathAndQuery);
            Assert.Equal(HttpStatusCode.BadRequest, (await http.OpenAsync(spam)).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await http.ConfirmAsync(spam, "00")).Status);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
            await server.DisposeAsync();
        }

        Assert.Equal("open", (await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
    }
}
