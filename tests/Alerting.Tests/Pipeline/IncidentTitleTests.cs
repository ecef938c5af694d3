using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>An incident is named after the post that sets its level, not after whichever post came first.</summary>
public sealed class IncidentTitleTests : HarnessTests
{
    [Fact]
    public async Task RunOnceAsync_MoreSeriousPostJoinsLater_TitleNamesItAndAlertCarriesIt()
    {
        // A complaint (floor Ⅳ) starts the incident; an answer seller with the same contact joins it (floor Ⅲ, Ⅱ in a sitting).
        await H.AddPostAsync("考点厕所太少，排队半小时，联系 qq 12345678 反映", "complaint", contacts: ["qq:12345678"]);
        await H.PassAsync();
        var first = Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.StartsWith("考点厕所太少", first.Title, StringComparison.Ordinal);

        H.Time.Advance(TimeSpan.FromMinutes(1));
        await H.AddPostAsync("出售主观题押题答案 内部资料 qq 12345678", "answer_selling", contacts: ["qq:12345678"]);
        await H.PassAsync();

        var incident = Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Equal(2, incident.PostCount);
        // Ⅲ, or Ⅱ when the harness's clock is inside an exam sitting: above the complaint's Ⅳ either way.
        Assert.True(incident.Level >= IncidentLevel.III, $"level {incident.Level}");
        Assert.StartsWith("出售主观题押题答案", incident.Title, StringComparison.Ordinal);
        var alerts = await H.Alerts.ListAlertsOfIncidentAsync(incident.Id, CancellationToken.None);
        Assert.Contains(alerts, a => a.Level == incident.Level && a.Title == incident.Title);
    }

    [Fact]
    public async Task RunOnceAsync_LessSeriousPostJoinsLater_TitleKeepsTheSeriousPost()
    {
        await H.AddPostAsync("出售主观题押题答案 内部资料 qq 87654321", "answer_selling", contacts: ["qq:87654321"]);
        await H.PassAsync();
        H.Time.Advance(TimeSpan.FromMinutes(1));
        await H.AddPostAsync("投诉：找 qq 87654321 买资料被骗了", "complaint", contacts: ["qq:87654321"]);
        await H.PassAsync();

        var incident = Assert.Single(await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Equal(2, incident.PostCount);
        Assert.StartsWith("出售主观题押题答案", incident.Title, StringComparison.Ordinal);
    }
}
