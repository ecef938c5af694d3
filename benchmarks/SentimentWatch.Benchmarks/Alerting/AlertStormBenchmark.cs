using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Benchmarks.Alerting;

/// <summary>
/// Alert storm: N posts (default 10,000) about one leak on 4 platforms within 10 minutes, through the real pipeline,
/// SQLite store and aiosmtpd. Reports incidents, messages per responder and duplicates counted at the SMTP server.
/// </summary>
internal sealed class AlertStormBenchmark : IBenchmark
{
    public string Name => "alert-storm";

    public string Description => "10,000 leak posts on 4 platforms in 10 min → incidents, mails per responder, duplicates at SMTP [posts]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var dir = Path.Combine(Path.GetTempPath(), "sw-storm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        using var smtp = new ScenarioSmtp(dir);
        smtp.Start();
        var clock = ManualClock.ExamDay();
        var streams = new MemoryClassifications();
        await using var sp = ScenarioKit.Compose(Path.Combine(dir, "sw.db"), smtp.Port, clock, streams, streams);
        var posts = sp.GetRequiredService<IPostStore>();
        var pipeline = sp.GetRequiredService<AlertingPipeline>();
        var dispatcher = sp.GetRequiredService<OutboxDispatcher>();
        string[] platforms = ["weibo", "tieba", "douyin", "zhihu"];
        string[] templates =
        [
            "2024法考客观题考前泄露！真题答案已流出，加微信 fk2024 领取",
            "【转】法考真题泄露了？答案已流出 加v fk2024",
            "今年法考客观题泄题，答案在群里传，微信fk2024",
            "法考客观题答案提前流出，有图有真相，联系微信 fk2024",
        ];
        var wall = Stopwatch.StartNew();
        var pipelineTime = TimeSpan.Zero;
        var perMinute = total / 10;
        for (var minute = 0; minute < 10; minute++)
        {
            for (var i = 0; i < perMinute; i++)
            {
                var n = (minute * perMinute) + i;
                await ScenarioKit.AddPostAsync(posts, streams, $"{templates[n % templates.Length]} #{n}", "leak", platforms[n % 4],
                    clock.GetUtcNow().AddSeconds(i * 60.0 / perMinute), ["wechat:fk2024"], engagement: n % 500).ConfigureAwait(false);
            }

            var sw = Stopwatch.StartNew();
            while (await pipeline.RunOnceAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
            }

            await dispatcher.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            pipelineTime += sw.Elapsed;
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        for (var i = 0; i < 3; i++)
        {
            await pipeline.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            await dispatcher.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        }

        var incidents = await sp.GetRequiredService<IIncidentStore>().ListAsync(DateTimeOffset.MinValue, 100, cancellationToken).ConfigureAwait(false);
        var mails = smtp.Messages();
        var perRecipient = mails.GroupBy(m => m.Message.To.Mailboxes.First().Address).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var duplicates = mails.Count - mails.Select(m => m.Message.MessageId).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"alert-storm: {total} posts, 4 platforms, 10 simulated minutes; machine {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"  incidents: {incidents.Count} ({string.Join("; ", incidents.Select(i => $"#{i.Id} {i.Level.Roman()} {i.PostCount} posts"))})");
        Console.WriteLine($"  mails accepted by SMTP: {mails.Count}; duplicates by Message-ID: {duplicates}");
        Console.WriteLine($"  per responder: {string.Join(", ", perRecipient.Select(g => $"{g.Key}={g.Count()}"))}; max {perRecipient.Max(g => g.Count())}");
        Console.WriteLine($"  pipeline+delivery time: {pipelineTime.TotalSeconds:0.0} s ({total / pipelineTime.TotalSeconds:0} posts/s); wall {wall.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"  outbox: {ScenarioKit.OutboxSummary(Path.Combine(dir, "sw.db"))} (sent_unconfirmed = in doubt)");
        var ok = incidents.Count == 1 && duplicates == 0 && perRecipient.All(g => g.Count() <= 3);
        Console.WriteLine(ok ? "  PASS: one incident, ≤ 3 messages per responder, 0 duplicates" : "  FAIL");
        smtp.Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
        return ok ? 0 : 1;
    }
}
