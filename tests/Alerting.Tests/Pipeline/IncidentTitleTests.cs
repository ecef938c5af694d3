using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>An incident is named after the post that sets its level, not after whichever post came first.</summary>
public sealed class IncidentTitleTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly SmtpSink _sink = new();
    private AlertingHarness _h = null!;

    public Task InitializeAsync()
    {
        _h = AlertingHarness.Create(_db.Database, _sink);
        _sink.StartIfAvailable();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _sink.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task RunOnceAsync_MoreSeriousPostJoinsLater_TitleNamesItAndAlertCarriesIt()
    {
        // A complaint (floor Ⅳ) starts the incident; an answer seller with the same contact joins it (floor Ⅲ, Ⅱ in a sitting).
        await _h.AddPostAsync("考点厕所太少，排队半小时，联系 qq 12345678 反映", "complaint", contacts: ["qq:12345678"]);
        await _h.PassAsync();
        var first = Assert.Single(await _h.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.StartsWith("考点厕所太少", first.Title, StringComparison.Ordinal);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.AddPostAsync("出售主观题押题答案 内部资料 qq 12345678", "answer_selling", contacts: ["qq:12345678"]);
        await _h.PassAsync();

        var incident = Assert.Single(await _h.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Equal(2, incident.PostCount);
        // Ⅲ, or Ⅱ when the harness's clock is inside an exam sitting: above the complaint's Ⅳ either way.
        Assert.True(incident.Level >= IncidentLevel.III, $"level {incident.Level}");
        Assert.StartsWith("出售主观题押题答案", incident.Title, StringComparison.Ordinal);
        var alerts = await _h.Alerts.ListAlertsOfIncidentAsync(incident.Id, CancellationToken.None);
        Assert.Contains(alerts, a => a.Level == incident.Level && a.Title == incident.Title);
    }

    [Fact]
    public async Task RunOnceAsync_LessSeriousPostJoinsLater_TitleKeepsTheSeriousPost()
    {
        await _h.AddPostAsync("出售主观题押题答案 内部资料 qq 87654321", "answer_selling", contacts: ["qq:87654321"]);
        await _h.PassAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.AddPostAsync("投诉：找 qq 87654321 买资料被骗了", "complaint", contacts: ["qq:87654321"]);
        await _h.PassAsync();

        var incident = Assert.Single(await _h.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
        Assert.Equal(2, incident.PostCount);
        Assert.StartsWith("出售主观题押题答案", incident.Title, StringComparison.Ordinal);
    }
}
