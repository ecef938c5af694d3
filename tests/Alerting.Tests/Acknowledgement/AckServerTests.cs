using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Acknowledgement;

public sealed class AckServerTests : HarnessTests
{
    private AckServer _server = null!;
    private readonly AckClient _http = new();

    private protected override bool SendsMail => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _server = H.Services.GetRequiredService<AckServer>();
        await _server.StartAsync(CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
        _http.Dispose();
        await base.DisposeAsync();
    }

    private async Task<(AlertRecord Alert, Uri Link)> AlertWithLinkAsync()
    {
        var (alert, _) = await H.Alerts.RaiseAsync(Messages.Alert("incident:1:level:II"), [], [new AlertTimer(0, 0, "escalate", 0, H.Time.GetUtcNow().AddMinutes(5), "pending")], CancellationToken.None);
        var link = H.Services.GetRequiredService<AckLinks>().Create(alert.Id, "duty-a");
        // The link names the configured base URL; the test server listens on a random loopback port.
        return (alert, new Uri(_server.Address!, link.PathAndQuery));
    }

    private async Task AssertUntouchedAsync(AlertRecord alert)
    {
        Assert.Equal("open", (await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
        Assert.Equal("pending", Assert.Single(await H.Alerts.GetTimersAsync(alert.Id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task GetAck_Prefetcher_ShowsConfirmationPageAndChangesNothing()
    {
        var (alert, link) = await AlertWithLinkAsync();

        // A mail scanner fetches the link (twice, as some do): it gets a page with a button, nothing acts.
        var (status, page, token) = await _http.OpenAsync(link);
        await _http.OpenAsync(link);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("请确认操作", page, StringComparison.Ordinal);
        Assert.Contains("仅签收：停止该告警的升级通知", page, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(token);
        await AssertUntouchedAsync(alert);
    }

    [Fact]
    public async Task PostAck_WithPageToken_AcknowledgesAndStopsEscalation()
    {
        var (alert, link) = await AlertWithLinkAsync();
        var (status, page) = await _http.FollowAsync(link);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("已签收", page, StringComparison.Ordinal);
        var stored = await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None);
        Assert.Equal(("acknowledged", "link"), (stored!.State, stored.AcknowledgedVia));
        Assert.Equal("值班员（白班）（duty-a）", stored.AcknowledgedBy);
        Assert.Equal("cancelled", Assert.Single(await H.Alerts.GetTimersAsync(alert.Id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task PostAck_WithoutOrWithAnotherLinksToken_403AndNothingDone()
    {
        var (alert, link) = await AlertWithLinkAsync();
        var other = new Uri(_server.Address!, H.Services.GetRequiredService<AckLinks>().Create(alert.Id, "head").PathAndQuery);
        var (_, _, otherToken) = await _http.OpenAsync(other);

        var bare = await _http.ConfirmAsync(link, null);
        var wrong = await _http.ConfirmAsync(link, otherToken);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (bare.Status, wrong.Status));
        Assert.Contains("确认令牌", bare.Page, StringComparison.Ordinal);
        await AssertUntouchedAsync(alert);
    }

    [Fact]
    public async Task PostAck_Replayed_RefusedAsAlreadyDoneAndKept()
    {
        var (alert, link) = await AlertWithLinkAsync();
        var (_, _, token) = await _http.OpenAsync(link);
        var first = await _http.ConfirmAsync(link, token);
        var again = await _http.ConfirmAsync(link, token);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("操作已完成，本次未重复执行", again.Page, StringComparison.Ordinal);
        var replay = Assert.Single(await H.Services.GetRequiredService<IAckLinkLedger>().GetReplaysAsync(alert.Id, CancellationToken.None));
        Assert.Equal("127.0.0.1", replay.Remote);
    }

    [Fact]
    public async Task GetAck_ForgedSignature_403AndAlertStaysOpen()
    {
        var (alert, link) = await AlertWithLinkAsync();
        var forged = new Uri(link.AbsoluteUri.Replace("sig=", "sig=0", StringComparison.Ordinal));
        var (status, _, token) = await _http.OpenAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.ConfirmAsync(forged, "00")).Status);
        await AssertUntouchedAsync(alert);
    }

    [Fact]
    public async Task GetAck_ExpiredLink_410()
    {
        var (alert, link) = await AlertWithLinkAsync();
        H.Time.Advance(TimeSpan.FromHours(25));
        var (status, _, _) = await _http.OpenAsync(link);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("open", (await H.Alerts.GetAlertAsync(alert.Id, CancellationToken.None))!.State);
    }
}
