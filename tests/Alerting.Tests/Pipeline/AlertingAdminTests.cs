using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>Close, re-open and merge driven through the admin service, with mail counted at a real SMTP server.</summary>
public sealed class AlertingAdminTests : HarnessTests
{
    private const string Complaint = "华侨大学考点空调坏了，考场太热，投诉无门";
    private const string Seller = "出售主观题答案，加QQ 123456789 保过，名额有限";

    private IAlertingAdmin Admin => H.Services.GetRequiredService<IAlertingAdmin>();

    private IIncidentActionStore Actions => H.Services.GetRequiredService<IIncidentActionStore>();

    private List<(string To, string Subject)> Mails(IReadOnlySet<string>? except = null) =>
        Sink.Messages().Where(m => except is null || !except.Contains(m.MessageId ?? string.Empty))
            .SelectMany(m => m.To.Mailboxes.Select(x => (x.Address, m.Subject ?? string.Empty))).ToList();

    /// <summary>Message-IDs accepted so far (the maildir's order is not the delivery order, so "new" is by id).</summary>
    private HashSet<string> Seen() => Sink.Messages().Select(m => m.MessageId ?? string.Empty).ToHashSet(StringComparer.Ordinal);

    /// <summary>Merges <paramref name="b"/> into <paramref name="a"/>, delivers, and returns the merged incident and the mails it caused.</summary>
    private async Task<(IncidentRecord Merged, List<(string To, string Subject)> Fresh)> MergeAndDeliverAsync(long a, long b, string reason)
    {
        var before = Seen();
        var merged = await Admin.MergeAsync(a, b, "值班员甲", reason, CancellationToken.None);
        await H.Dispatcher.RunOnceAsync(CancellationToken.None);
        await H.PassAsync();
        return (merged, Mails(before));
    }

    /// <summary>Posts one story, runs the pass, lets group wait elapse and delivers; returns its incident id.</summary>
    private async Task<long> StoryAsync(string text, string label, string platform = "weibo", string[]? contacts = null)
    {
        var post = await H.AddPostAsync(text, label, platform, contacts: contacts);
        await H.PassAsync();
        H.Time.Advance(TimeSpan.FromSeconds(61));
        await H.PassAsync();
        return (await H.Incidents.FindIncidentOfPostAsync(post, CancellationToken.None))!.Value;
    }

    [SmtpFact]
    public async Task CloseAsync_LevelIIncident_NoEscalationOrReportReminderAfterwards()
    {
        var id = await StoryAsync("2024法考客观题考前泄露！真题答案已流出，加微信 fk2024 领取", "leak", contacts: ["wechat:fk2024"]);
        Assert.Contains(Mails(), m => m.To == "head@example.org");

        var closed = await Admin.CloseAsync(id, "带班领导乙", "已核实并处置，转入善后", "善后", CancellationToken.None);
        for (var i = 0; i < 8; i++)
        {
            H.Time.Advance(TimeSpan.FromMinutes(10));
            await H.PassAsync();
        }

        Assert.Equal(IncidentStates.Closed, closed.State);
        Assert.DoesNotContain(Mails(), m => m.Subject.StartsWith("【催办】", StringComparison.Ordinal) || m.Subject.Contains("时限", StringComparison.Ordinal));
        Assert.All(await H.Alerts.ListAlertsOfIncidentAsync(id, CancellationToken.None), a => Assert.Equal("resolved", a.State));
        Assert.Contains(await Actions.GetActionsAsync(id, CancellationToken.None), a => a.Action == IncidentActionKinds.Close && a.By == "带班领导乙");
    }

    [SmtpFact]
    public async Task RunOnceAsync_MatchingPostAfterClose_ReopensIncidentAndNotifiesReopening()
    {
        var id = await StoryAsync(Complaint, "complaint");
        await Admin.CloseAsync(id, "值班员甲", "考点已回应", null, CancellationToken.None);
        var before = Seen();

        var late = await H.AddPostAsync(Complaint + "！！", "complaint");
        await H.PassAsync();

        Assert.Equal(id, await H.Incidents.FindIncidentOfPostAsync(late, CancellationToken.None));
        var incident = (await H.Incidents.GetAsync(id, CancellationToken.None))!;
        Assert.Equal((IncidentStates.Open, 1), (incident.State, incident.Reopened));
        var reopen = Assert.Single(await Actions.GetActionsAsync(id, CancellationToken.None), a => a.Action == IncidentActionKinds.Reopen);
        Assert.Equal("system", reopen.By);
        var fresh = Mails(before);
        Assert.NotEmpty(fresh);
        Assert.All(fresh, m => Assert.StartsWith("【重新打开】", m.Subject, StringComparison.Ordinal));
        Assert.Contains(fresh, m => m.To == "duty-day@example.org");
        Assert.Equal(fresh.Count, fresh.Distinct().Count());
    }

    [SmtpFact]
    public async Task MergeAsync_HigherLevelMergedIn_OneUpgradePerResponderAndTombstoneFollowed()
    {
        var a = await StoryAsync(Complaint, "complaint");
        var b = await StoryAsync(Seller, "answer_selling", "tieba", ["qq:123456789"]);
        Assert.NotEqual(a, b);

        var (merged, fresh) = await MergeAndDeliverAsync(a, b, "同一考点的同一事件");

        Assert.Equal(IncidentLevel.II, merged.Level);
        Assert.NotEmpty(fresh);
        Assert.All(fresh.GroupBy(m => m.To), g => Assert.Single(g));
        Assert.All(fresh, m => Assert.StartsWith("【升级】", m.Subject, StringComparison.Ordinal));
        Assert.Contains(fresh, m => m.To == "office@example.org");
        Assert.Contains(fresh, m => m.To == "site-hqu@example.org");
        var alerts = await H.Alerts.ListAlertsOfIncidentAsync(a, CancellationToken.None);
        Assert.Single(alerts, x => x.State is "open" or "acknowledged");

        // The clustering index still knows B's posts under B: a new post like them lands in A through the tombstone.
        var again = await H.AddPostAsync(Seller + "，速来", "answer_selling", "tieba", contacts: ["qq:123456789"]);
        await H.PassAsync();
        Assert.Equal(a, await H.Incidents.FindIncidentOfPostAsync(again, CancellationToken.None));
        Assert.Equal(IncidentStates.Merged, (await H.Incidents.GetAsync(b, CancellationToken.None))!.State);
    }

    [SmtpFact]
    public async Task MergeAsync_LowerLevelMergedIn_OneMergeNoticePerResponder()
    {
        var a = await StoryAsync(Seller, "answer_selling", "tieba", ["qq:123456789"]);
        var b = await StoryAsync(Complaint, "complaint");

        var (merged, fresh) = await MergeAndDeliverAsync(a, b, "同一事件");

        Assert.Equal(IncidentLevel.II, merged.Level);
        Assert.NotEmpty(fresh);
        Assert.All(fresh.GroupBy(m => m.To), g => Assert.Single(g));
        Assert.All(fresh, m => Assert.StartsWith("【合并续报】", m.Subject, StringComparison.Ordinal));
        Assert.Contains(fresh, m => m.To == "site-hqu@example.org");
        var text = Sink.Messages().Last(m => (m.Subject ?? string.Empty).StartsWith("【合并续报】", StringComparison.Ordinal)).TextBody;
        Assert.Contains($"事件 #{b} 已由 值班员甲 并入本事件", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeAsync_WithoutReason_RefusedAndNothingMoves()
    {
        var a = await H.AddPostAsync(Complaint, "complaint");
        var b = await H.AddPostAsync(Seller, "answer_selling", "tieba");
        await H.Pipeline.RunOnceAsync(CancellationToken.None);
        var ia = (await H.Incidents.FindIncidentOfPostAsync(a, CancellationToken.None))!.Value;
        var ib = (await H.Incidents.FindIncidentOfPostAsync(b, CancellationToken.None))!.Value;

        await Assert.ThrowsAsync<ArgumentException>(() => Admin.MergeAsync(ia, ib, "值班员甲", "", CancellationToken.None));

        Assert.Equal(ib, await H.Incidents.FindIncidentOfPostAsync(b, CancellationToken.None));
        Assert.Empty(await Actions.GetActionsAsync(ia, CancellationToken.None));
    }
}
