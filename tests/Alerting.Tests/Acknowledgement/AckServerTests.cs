using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Acknowledgement;

public sealed class AckServerTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly SmtpSink _sink = new();
    private AlertingHarness _h = null!;
    private AckServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _h = AlertingHarness.Create(_db.Database, _sink);
        _server = _h.Services.GetRequiredService<AckServer>();
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
        _http.Dispose();
        await _h.DisposeAsync();
        _sink.Dispose();
        _db.Dispose();
    }

    private async Task<(AlertRecord Alert, Uri Link)> AlertWithLinkAsync()
    {
        var (alert, _) = await _h.Alerts.RaiseAsync(Messages.Alert("incident:1:level:II"), [], [new AlertTimer(0, 0, "escalate", 0, _h.Time.GetUtcNow().AddMinutes(5), "pending")], CancellationToken.None);
        var link = _h.Services.GetRequiredService<AckLinks>().Create(alert.Id, "duty-a");
        // The link names the configured base URL; the test server listens on a random loopback port.
        return (alert, new Uri(_server.Address!, link.PathAndQuery));
    }

    [Fact]
    public async Task GetAck_ValidLink_AcknowledgesAndStopsEscalation()
    {
        var (alert, link) = await AlertWithLinkAsync();
        using var response = await _http.GetAsync(link);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("已签收", page, StringComparison.Ordinal);
        var stored = await _h.Alerts.GetAlertAsync(alert.Id, CancellationToken.None);
        Assert.Equal(("acknowledged", "link"), (stored!.State, stored.AcknowledgedVia));
        Assert.Equal("值班员（白班）（duty-a）", stored.AcknowledgedBy);
        Assert.Equal("cancelled", Assert.Single(await _h.Alerts.GetTimersAsync(alert.Id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task GetAck_ForgedSignature_403AndAlertStaysOpen()
    {
        var (alert, link) = await AlertWithLinkAsync();
        var forged = new Uri(link.AbsoluteUri.Replace("sig=", "sig=0", StringComparison.Ordinal));
        using var response = await _http.GetAsync(forged);
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("open", (await _h.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task GetAck_ExpiredLink_410()
    {
        var (alert, link) = await AlertWithLinkAsync();
        _h.Time.Advance(TimeSpan.FromHours(25));
        using var response = await _http.GetAsync(link);
        Assert.Equal(410, (int)response.StatusCode);
        Assert.Equal("open", (await _h.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
    }
}
