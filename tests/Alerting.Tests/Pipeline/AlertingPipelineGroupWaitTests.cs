using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>Group wait and group interval of <see cref="SentimentWatch.Alerting.Pipeline.AlertingPipeline"/>: first reports without delay, updates batched.</summary>
public sealed class AlertingPipelineGroupWaitTests : HarnessTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));

    // Long group waits on every level: Ⅰ–Ⅲ must go out anyway (capped by UrgentFirstWaitMax = 0), Ⅳ must wait.
    private protected override AlertingHarness CreateHarness() => AlertingHarness.Create(Db.Database, Sink, _time, overrides: new Dictionary<string, string?>
    {
        ["Alerting:Routing:Routes:I:GroupWait"] = "00:00:30",
        ["Alerting:Routing:Routes:II:GroupWait"] = "00:00:30",
        ["Alerting:Routing:Routes:III:GroupWait"] = "00:00:30",
        ["Alerting:Routing:Routes:IV:GroupWait"] = "00:01:00",
    });

    private IReadOnlyList<string> MailsTo(string address) =>
        Sink.Messages().Where(m => m.To.Mailboxes.Any(x => x.Address == address)).Select(m => m.Subject ?? string.Empty).ToList();

    [SmtpFact]
    public async Task RunOnceAsync_NewIncidentAtUrgentLevelWithLongGroupWait_FirstNoticeDueAtOnce()
    {
        await H.AddPostAsync("主观题押题卷带答案，考前三天发，加V信 yt_gw01", "answer_selling", contacts: ["wechat:yt_gw01"]);

        // No time passes: the notice is due now, so this very pass delivers it.
        await H.PassAsync();

        var alert = Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None));
        Assert.True(alert.Level >= IncidentLevel.III, $"level {alert.Level}");
        var office = Assert.Single(MailsTo("office@example.org"));
        Assert.DoesNotContain("【续报】", office, StringComparison.Ordinal);
    }

    [SmtpFact]
    public async Task RunOnceAsync_MorePostsWithinGroupInterval_BatchedIntoOneUpdate()
    {
        await H.AddPostAsync("主观题押题卷带答案，考前三天发，加V信 yt_gw02", "answer_selling", contacts: ["wechat:yt_gw02"]);
        await H.PassAsync();
        var interval = Some.Options().Routing.Routes[(await H.Alerts.ListAlertsAsync(10, CancellationToken.None))[0].Level.ToString()].GroupInterval;

        var officeAfter = new List<int>();
        for (var i = 1; i <= 4; i++)
        {
            _time.Advance(interval / 4);
            await H.AddPostAsync($"押题卷加答案第{i}批到货，V信 yt_gw02 联系", "answer_selling", platform: "tieba", contacts: ["wechat:yt_gw02"]);
            await H.PassAsync();
            officeAfter.Add(MailsTo("office@example.org").Count);
        }

        // Three posts inside the group interval send nothing more; the first one after it sends one update.
        Assert.Equal([1, 1, 1, 2], officeAfter);
        Assert.Single(MailsTo("office@example.org"), s => s.StartsWith("【续报】", StringComparison.Ordinal));
        Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
    }

    [SmtpFact]
    public async Task RunOnceAsync_PostsHeldInsideGroupIntervalThenQuiet_UpdateSentWhenIntervalEnds()
    {
        await H.AddPostAsync("主观题押题卷带答案，考前三天发，加V信 yt_gw03", "answer_selling", contacts: ["wechat:yt_gw03"]);
        await H.PassAsync();
        var interval = Some.Options().Routing.Routes[(await H.Alerts.ListAlertsAsync(10, CancellationToken.None))[0].Level.ToString()].GroupInterval;
        _time.Advance(interval / 3);
        await H.AddPostAsync("押题卷加答案已到货，V信 yt_gw03 联系", "answer_selling", platform: "tieba", contacts: ["wechat:yt_gw03"]);
        await H.PassAsync();
        Assert.Single(MailsTo("office@example.org"));

        // No further post arrives: the held post still reaches the office, as one update once the interval is over.
        _time.Advance(interval / 2);
        await H.PassAsync();
        Assert.Single(MailsTo("office@example.org"));
        _time.Advance(interval / 2);
        await H.PassAsync();
        await H.PassAsync();

        var office = MailsTo("office@example.org");
        Assert.Equal(2, office.Count);
        Assert.Single(office, s => s.StartsWith("【续报】", StringComparison.Ordinal));
    }

    [SmtpFact]
    public async Task RunOnceAsync_NewIncidentAtLevelIV_WaitsItsGroupWait()
    {
        await H.AddPostAsync("考点附近酒店涨价太离谱了，投诉", "complaint");
        await H.PassAsync();
        var alert = Assert.Single(await H.Alerts.ListAlertsAsync(10, CancellationToken.None));
        Assert.Equal(IncidentLevel.IV, alert.Level);
        Assert.Empty(Sink.Messages());

        _time.Advance(TimeSpan.FromSeconds(59));
        await H.PassAsync();
        Assert.Empty(Sink.Messages());

        _time.Advance(TimeSpan.FromSeconds(1));
        await H.PassAsync();
        Assert.NotEmpty(MailsTo("duty-day@example.org"));
    }
}
