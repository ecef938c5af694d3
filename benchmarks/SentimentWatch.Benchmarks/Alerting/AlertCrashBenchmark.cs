using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Benchmarks.Alerting;

/// <summary>
/// Crash: a delivery process is killed with SIGKILL at random moments while it drains the outbox, 20 times, then a
/// last one finishes. Counts lost and duplicated messages at the SMTP server (by Message-ID, which is derived from the
/// idempotency key and so identical on a resend).
/// </summary>
internal sealed class AlertCrashBenchmark : IBenchmark
{
    public string Name => "alert-crash";

    public string Description => "kill -9 the delivery process 20× at random points while it delivers → lost / duplicated / in-doubt mails at SMTP [messages] [kills]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600;
        var kills = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var dir = Path.Combine(Path.GetTempPath(), "sw-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        using var smtp = new ScenarioSmtp(dir);
        smtp.Start();
        var db = Path.Combine(dir, "sw.db");
        var streams = new MemoryClassifications();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        await using (var sp = ScenarioKit.Compose(db, smtp.Port, TimeProvider.System, streams, streams))
        {
            var now = DateTimeOffset.UtcNow.AddSeconds(-1);
            var messages = Enumerable.Range(0, total).Select(i => new OutboxMessage(
                0, $"crash:{i}", null, "mail", "duty-a", $"duty{i % 5}@example.org", $"incident:{i % 30}", $"【Ⅱ级舆情】压力测试 #{i}", $"正文 {i}", $"<p>正文 {i}</p>", "{}",
                0, now, "pending", null, now, null)).ToList();
            await sp.GetRequiredService<IAlertStore>().EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
            expected.UnionWith(messages.Select(m => EmailSender.MessageIdOf(m.IdempotencyKey)));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var random = new Random(20240914);
        var self = typeof(AlertCrashBenchmark).Assembly.Location;
        var killed = 0;
        for (var k = 0; k < kills; k++)
        {
            // Kill while the child is delivering, whatever the machine's load: wait until this child has had a message
            // accepted (start-up under load can take seconds), then a random further moment.
            var accepted = Accepted(smtp);
            using var child = Child(self, db, smtp.Port);
            var waitUntil = DateTime.UtcNow.AddSeconds(60);
            while (!child.HasExited && Accepted(smtp) == accepted && DateTime.UtcNow < waitUntil)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(random.Next(0, 400), cancellationToken).ConfigureAwait(false);
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flush
                killed++;
            }

            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        var beforeLast = smtp.Messages().Count;
        using (var last = Child(self, db, smtp.Port))
        {
            await last.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        var received = smtp.Messages().Select(m => m.Message.MessageId).ToList();
        var distinct = received.ToHashSet(StringComparer.Ordinal);
        var lost = expected.Count(e => !distinct.Contains(e));
        var duplicates = received.Count - distinct.Count;
        var states = ScenarioKit.OutboxStates(db);
        var inDoubt = states.Where(s => s.State == "sent_unconfirmed").Select(s => EmailSender.MessageIdOf(s.Key)).ToList();
        var inDoubtDelivered = inDoubt.Count(distinct.Contains);
        Console.WriteLine($"alert-crash: {total} queued messages, {killed} SIGKILLs during delivery (of {kills} attempts), then one clean run; {Environment.ProcessorCount} cores");
        Console.WriteLine($"  delivered while being killed: {beforeLast}; delivered by the clean run: {received.Count - beforeLast}");
        Console.WriteLine($"  accepted by SMTP: {received.Count}; distinct Message-IDs: {distinct.Count}; lost: {lost}; duplicated: {duplicates}");
        Console.WriteLine($"  outbox: {ScenarioKit.OutboxSummary(db)}");
        Console.WriteLine($"  in doubt (killed between hand-over and the server's reply; not resent): {inDoubt.Count}, of which the server has {inDoubtDelivered}");
        Console.WriteLine(lost == 0 && duplicates == 0 ? "  PASS: 0 lost, 0 duplicated" : $"  FAIL: {lost} lost, {duplicates} duplicated");
        smtp.Stop();
        Directory.Delete(dir, recursive: true);
        return lost == 0 && duplicates == 0 ? 0 : 1;
    }

    private static int Accepted(ScenarioSmtp smtp)
    {
        var dir = Path.Combine(smtp.Maildir, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Length : 0;
    }

    private static Process Child(string self, string db, int port)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var a in new[] { self, "alert-crash-child", db, port.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }
}

/// <summary>The process <see cref="AlertCrashBenchmark"/> kills: drains the outbox until nothing is pending.</summary>
internal sealed class AlertCrashChild : IBenchmark
{
    public string Name => "alert-crash-child";

    public string Description => "(used by alert-crash) drain the outbox of DB to SMTP PORT";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var streams = new MemoryClassifications();
        await using var sp = ScenarioKit.Compose(args[0], int.Parse(args[1], CultureInfo.InvariantCulture), TimeProvider.System, streams, streams);
        var dispatcher = sp.GetRequiredService<OutboxDispatcher>();
        var store = sp.GetRequiredService<IAlertStore>();
        while ((await store.PendingChannelsAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            if (await dispatcher.RunOnceAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }

        return 0;
    }
}
