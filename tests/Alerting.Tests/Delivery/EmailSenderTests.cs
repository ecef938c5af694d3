using MimeKit;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Delivery;

public sealed class EmailSenderTests : IDisposable
{
    private readonly SmtpSink _sink = new();

    public void Dispose() => _sink.Dispose();

    private ChannelOptions Channel(string security = "None") => new()
    {
        Type = "email",
        Timeout = TimeSpan.FromSeconds(20),
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = security, From = "sentimentwatch@example.org", AcceptAnyCertificate = true },
    };

    [SmtpFact]
    public async Task SendAsync_ChineseAlert_ServerReceivesHtmlAndTextWithStableMessageId()
    {
        _sink.Start();
        var message = Messages.Make("incident:7:II:office");
        await new EmailSender().SendAsync(message, Channel(), new RecordingHandover(), CancellationToken.None);

        var got = Assert.Single(_sink.Messages());
        Assert.Equal("【Ⅱ级舆情】泉州考区疑似泄题", got.Subject);
        Assert.Contains("已触发规则：content_floor:leak", got.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>首发：微博", got.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(EmailSender.MessageIdOf("incident:7:II:office"), got.MessageId);
        Assert.Equal("incident:7:II:office", got.Headers["X-SW-Idempotency-Key"]);
        Assert.Equal("SentimentWatch 舆情值班", ((MailboxAddress)got.From[0]).Name);
    }

    [SmtpFact]
    public async Task SendAsync_ServerRequiresStartTls_DeliversWithStartTlsAndRefusesClearText()
    {
        _sink.Start(requireStartTls: true);
        await Assert.ThrowsAsync<DeliveryException>(() => new EmailSender().SendAsync(Messages.Make("clear"), Channel("None"), new RecordingHandover(), CancellationToken.None));
        await new EmailSender().SendAsync(Messages.Make("tls"), Channel("StartTls"), new RecordingHandover(), CancellationToken.None);
        var got = Assert.Single(_sink.Messages());
        Assert.Equal("tls", got.Headers["X-SW-Idempotency-Key"]);
    }

    [SmtpFact]
    public async Task SendAsync_RecipientBounces_PermanentFailure()
    {
        _sink.Start();
        var ex = await Assert.ThrowsAsync<DeliveryException>(() =>
            new EmailSender().SendAsync(Messages.Make("b", recipient: "bounce-office@example.org"), Channel(), new RecordingHandover(), CancellationToken.None));
        Assert.True(ex.Permanent);
        Assert.Contains("550", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_sink.Messages());
    }

    [Fact]
    public async Task SendAsync_NothingListening_TransientFailure()
    {
        var ex = await Assert.ThrowsAsync<DeliveryException>(() => new EmailSender().SendAsync(Messages.Make("d"), Channel(), new RecordingHandover(), CancellationToken.None));
        Assert.False(ex.Permanent);
    }

    [SmtpFact]
    public async Task SendAsync_Accepted_HandoverCommittedExactlyOnceBeforeReturning()
    {
        _sink.Start();
        var delivered = -1;
        var handover = new RecordingHandover(atCommit: () => delivered = _sink.Messages().Count);
        await new EmailSender().SendAsync(Messages.Make("once"), Channel(), handover, CancellationToken.None);

        Assert.Equal(1, handover.Commits);
        Assert.Equal(0, delivered); // at the commit the server did not have the message yet
        Assert.Single(_sink.Messages());
    }

    [SmtpFact]
    public async Task SendAsync_HandoverRefused_ServerNeverReceivesTheMessage()
    {
        _sink.Start();
        await Assert.ThrowsAsync<HandoverRefusedException>(() =>
            new EmailSender().SendAsync(Messages.Make("refused"), Channel(), new RecordingHandover(refuse: true), CancellationToken.None));

        // The terminating dot was never written: the server discards the half-received DATA.
        await new EmailSender().SendAsync(Messages.Make("after"), Channel(), new RecordingHandover(), CancellationToken.None);
        var got = Assert.Single(_sink.Messages());
        Assert.Equal("after", got.Headers["X-SW-Idempotency-Key"]);
    }
}
