using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Benchmarks.Alerting;

/// <summary>
/// SMTP down for 10 (simulated) minutes while incidents keep arriving; then it returns. Checks that everything queued
/// is delivered, each incident's stream in outbox order, with no duplicates.
/// </summary>
internal sealed class AlertSmtpOutageBenchmark : IBenchmark
{
    public string Name => "alert-smtp-down";

    public string Description => "SMTP down 10 min while incidents arrive → all delivered after it returns, in order per incident, no duplicates";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-outage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        using var smtp = new ScenarioSmtp(dir);
        var clock = ManualClock.ExamDay();
        var streams = new MemoryClassifications();
        await using var sp = ScenarioKit.Compose(Path.Combine(dir, "sw.db"), smtp.Port, clock, streams, streams);
        var posts = sp.GetRequiredService<IPostStore>();
        var pipeline = sp.GetRequiredService<AlertingPipeline>();
        var dispatcher = sp.GetRequiredService<OutboxDispatcher>();
        var store = sp.GetRequiredService<IAlertStore>();
        string[] stories =
        [
            "华侨大学考点断网，考生等了一个小时，机考系统故障",
            "法考主观题答案出售，加QQ 123456789 详谈",
            "网传法考成绩作废重考，消息来源不明",
            "泉州师院考点门口有人拉横幅",
        ];
        string[] labels = ["complaint", "answer_selling", "rumour", "complaint"];

        // SMTP is down from the start; ten minutes of posts, passes and failed deliveries.
        for (var minute = 0; minute < 10; minute++)
        {
            for (var s = 0; s < stories.Length; s++)
            {
                await ScenarioKit.AddPostAsync(posts, streams, $"{stories[s]}（{minute}）", labels[s], minute % 2 == 0 ? "weibo" : "tieba", clock.GetUtcNow(), [], engagement: minute * 300).ConfigureAwait(false);
            }

            await pipeline.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            await dispatcher.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        smtp.Start();
        for (var i = 0; i < 40; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await pipeline.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            await dispatcher.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        }

        // Expected: every message enqueued for an e-mail channel, in outbox id order per (recipient, incident).
        var alerts = await store.ListAlertsAsync(10_000, cancellationToken).ConfigureAwait(false);
        var queued = new List<OutboxMessage>();
        foreach (var a in alerts)
        {
            queued.AddRange((await store.GetMessagesAsync(a.Id, cancellationToken).ConfigureAwait(false)).Where(m => m.Channel == "mail" && m.State is "sent" or "pending"));
        }

        var received = smtp.Messages();
        var ids = received.Select(m => m.Message.MessageId ?? string.Empty).ToList();
        var duplicates = ids.Count - ids.Distinct(StringComparer.Ordinal).Count();
        var receivedSet = ids.ToHashSet(StringComparer.Ordinal);
        var missing = queued.Count(m => !receivedSet.Contains(EmailSender.MessageIdOf(m.IdempotencyKey)));
        var position = ids.Select((id, i) => (id, i)).GroupBy(t => t.id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var outOfOrder = 0;
        foreach (var stream in queued.GroupBy(m => (m.Recipient, m.OrderKey)))
        {
            var arrival = stream.OrderBy(m => m.Id).Select(m => position.GetValueOrDefault(EmailSender.MessageIdOf(m.IdempotencyKey), -1)).Where(p => p >= 0).ToList();
            outOfOrder += arrival.Zip(arrival.Skip(1)).Count(p => p.Second < p.First);
        }

        Console.WriteLine($"alert-smtp-down: SMTP down 10 simulated minutes with {stories.Length} stories posting every minute; then up");
        Console.WriteLine($"  alerts: {alerts.Count}; e-mails queued: {queued.Count}; accepted after recovery: {received.Count}; missing: {missing}; duplicates: {duplicates}; out of order within an incident stream: {outOfOrder}");
        Console.WriteLine($"  outbox: {ScenarioKit.OutboxSummary(Path.Combine(dir, "sw.db"))} (sent_unconfirmed = in doubt)");
        var ok = missing == 0 && duplicates == 0 && outOfOrder == 0 && queued.Count > 0;
        Console.WriteLine(ok ? "  PASS" : "  FAIL");
        smtp.Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        return ok ? 0 : 1;
    }
}
