using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Delivery;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _services.DisposeAsync();
    }

    private WebhookSender Sender(string type) => new(_services.GetRequiredService<IHttpClientFactory>(), _time, type);

    private ChannelOptions Channel(string type, string path, string? secret = null) =>
        new() { Type = type, Url = new Uri(_receiver.BaseUri, path).AbsoluteUri, Secret = secret, Timeout = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData("false", true)]
    [InlineData("true", false)]
    public async Task SendAsync_ThroughAddAlertingClient_LoopbackReceiverOnlyWhenAllowed(string allowLoopback, bool refused)
    {
        // The webhook client exactly as AddAlerting registers it (outbound policy on its connections).
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Outbound:AllowLoopback"] = allowLoopback }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddAlerting(config).BuildServiceProvider();
        var sender = new WebhookSender(services.GetRequiredService<IHttpClientFactory>(), _time, "webhook");

        var send = sender.SendAsync(Messages.Make("incident:9:I:head", channel: "hook"), Channel("webhook", "/alerts"), new RecordingHandover(), CancellationToken.None);

        if (refused)
        {
            var ex = await Assert.ThrowsAsync<DeliveryException>(() => send);
            Assert.True(ex.Permanent);
            Assert.Contains("loopback", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_receiver.Requests);
        }
        else
        {
            await send;
            Assert.Single(_receiver.Requests);
        }
    }

    [Fact]
    public async Task SendAsync_GenericJson_CarriesIdempotencyKeyAndAlertPayload()
    {
        await Sender("webhook").SendAsync(Messages.Make("incident:3:I:head", channel: "hook"), Channel("webhook", "/alerts"), new RecordingHandover(), CancellationToken.None);
        var r = Assert.Single(_receiver.Requests);
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal("incident:3:I:head", doc.RootElement.GetProperty("id").GetString());
        Assert.Equal("II", doc.RootElement.GetProperty("alert").GetProperty("level").GetString());
        Assert.Equal("【Ⅱ级舆情】泉州考区疑似泄题", doc.RootElement.GetProperty("subject").GetString());
        Assert.Equal("incident:3:I:head", r.IdempotencyKey);
    }

    [Fact]
    public async Task SendAsync_WeCom_MarkdownRobotFormat()
    {
        await Sender("wecom").SendAsync(Messages.Make("w"), Channel("wecom", "/cgi-bin/webhook/send?key=abc"), new RecordingHandover(), CancellationToken.None);
        var r = Assert.Single(_receiver.Requests);
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal("markdown", doc.RootElement.GetProperty("msgtype").GetString());
        Assert.StartsWith("**【Ⅱ级舆情】", doc.RootElement.GetProperty("markdown").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("?key=abc", r.Query);
    }

    [Fact]
    public async Task SendAsync_DingTalkWithSecret_SignsTimestamp()
    {
        await Sender("dingtalk").SendAsync(Messages.Make("d"), Channel("dingtalk", "/robot/send?access_token=t", secret: "SEC123"), new RecordingHandover(), CancellationToken.None);
        var r = Assert.Single(_receiver.Requests);
        var query = System.Web.HttpUtility.ParseQueryString(r.Query);
        var ts = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ts, query["timestamp"]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("SEC123"), Encoding.UTF8.GetBytes(ts + "\nSEC123")));
        Assert.Equal(expected, query["sign"]);
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal("【Ⅱ级舆情】泉州考区疑似泄题", doc.RootElement.GetProperty("markdown").GetProperty("title").GetString());
    }

    [Fact]
    public async Task SendAsync_RobotAnswersErrcode_Fails()
    {
        _receiver.Respond = _ => (200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}");
        var ex = await Assert.ThrowsAsync<DeliveryException>(() => Sender("wecom").SendAsync(Messages.Make("w"), Channel("wecom", "/x"), new RecordingHandover(), CancellationToken.None));
        Assert.Contains("93000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, true)]
    [InlineData(429, false)]
    [InlineData(503, false)]
    public async Task SendAsync_HttpError_PermanentOnlyForClientErrors(int status, bool permanent)
    {
        _receiver.Respond = _ => (status, "{}");
        var ex = await Assert.ThrowsAsync<DeliveryException>(() => Sender("webhook").SendAsync(Messages.Make("w"), Channel("webhook", "/x"), new RecordingHandover(), CancellationToken.None));
        Assert.Equal(permanent, ex.Permanent);
    }

    [Fact]
    public async Task SendAsync_Accepted_HandoverCommittedOnceBeforeReceiverHasBody()
    {
        var received = -1;
        var handover = new RecordingHandover(atCommit: () => received = _receiver.Requests.Count);
        await Sender("wecom").SendAsync(Messages.Make("once"), Channel("wecom", "/x"), handover, CancellationToken.None);

        Assert.Equal(1, handover.Commits);
        Assert.Equal(0, received);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task SendAsync_HandoverRefused_ReceiverNeverGetsTheWholeBody()
    {
        await Assert.ThrowsAsync<HandoverRefusedException>(() =>
            Sender("dingtalk").SendAsync(Messages.Make("refused"), Channel("dingtalk", "/x"), new RecordingHandover(refuse: true), CancellationToken.None));

        await Sender("webhook").SendAsync(Messages.Make("after"), Channel("webhook", "/x"), new RecordingHandover(), CancellationToken.None);
        var r = Assert.Single(_receiver.Requests);
        Assert.Equal("after", r.IdempotencyKey);
    }
}
