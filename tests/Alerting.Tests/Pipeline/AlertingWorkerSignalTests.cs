using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Pipeline;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>
/// The hosted loops (<see cref="AlertingWorker"/> with <see cref="DeliveryWorker"/>) on a clock that never moves: their
/// poll intervals never pass, so only the in-process signals can carry a classification through to the SMTP server.
/// </summary>
public sealed class AlertingWorkerSignalTests : HarnessTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));
    private IReadOnlyList<IHostedService> _loops = [];

    private protected override AlertingHarness CreateHarness() => AlertingHarness.Create(Db.Database, Sink, _time);

    public override async Task DisposeAsync()
    {
        foreach (var loop in _loops)
        {
            await loop.StopAsync(CancellationToken.None);
        }

        await base.DisposeAsync();
    }

    private async Task<bool> MailEventuallyAsync(string mentioning)
    {
        // Bounded wait for an event, not a timing assertion: the loops run on their own tasks. One incident may send
        // more than one mail, so each story is recognised by
        // its first-source link (the harness gives each platform its own path), never by a count.
        for (var i = 0; i < 300; i++)
        {
            if (Sink.Messages().Any(m => (m.TextBody ?? m.HtmlBody ?? string.Empty).Contains(mentioning, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    [SmtpFact]
    public async Task ExecuteAsync_ClassifiedSignal_WakesAlertingAndDeliveryWithoutPollInterval()
    {
        // The two loops exactly as AddAlerting registers them, without the acknowledgement endpoint.
        _loops = [ActivatorUtilities.CreateInstance<AlertingWorker>(H.Services), ActivatorUtilities.CreateInstance<DeliveryWorker>(H.Services)];
        foreach (var loop in _loops)
        {
            await loop.StartAsync(CancellationToken.None);
        }

        var signals = H.Services.GetRequiredService<PipelineSignals>();
        await H.AddPostAsync("主观题押题卷带答案，考前三天发，加V信 yt_wk01", "answer_selling", contacts: ["wechat:yt_wk01"]);
        signals.Classified.Notify();
        Assert.True(await MailEventuallyAsync("http://127.0.0.1/weibo/"), "the first story never reached the SMTP server");

        // A second, unrelated story after the loops have gone idle: only the signal can wake them now.
        await H.AddPostAsync("考场神器纽扣摄像头配隐形耳机，QQ 3030 1212 9", "cheating", platform: "tieba", contacts: ["qq:303012129"]);
        signals.Classified.Notify();

        Assert.True(await MailEventuallyAsync("http://127.0.0.1/tieba/"), "the second story never reached the SMTP server");
        Assert.Equal(2, (await H.Incidents.ListAsync(DateTimeOffset.MinValue, 10, CancellationToken.None)).Count);
    }
}
