using System.Globalization;
using Microsoft.Data.Sqlite;
using MimeKit;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Benchmarks.Alerting;

/// <summary>
/// One harmful scenario post followed through the worker: when it appeared on its site, and when the store and the SMTP
/// server saw each step. Null where the step has not happened (yet).
/// </summary>
internal sealed record PostLatency(
    string Id,
    DrillSite Site,
    bool Reply,
    DateTimeOffset Appeared,
    DateTimeOffset? Stored,
    DateTimeOffset? Classified,
    string? Label,
    long? IncidentId,
    bool OpensIncident,
    string? Level,
    DateTimeOffset? AlertCreated,
    DateTimeOffset? OutboxCreated,
    DateTimeOffset? OutboxDue,
    DateTimeOffset? Sent,
    DateTimeOffset? Accepted,
    string? MailKind)
{
    public double? EndToEnd => Accepted is { } a ? (a - Appeared).TotalSeconds : null;
}

/// <summary>Reads the worker's store and the SMTP server's Maildir after (or during) a run.</summary>
internal static class LatencyProbe
{
    public static IReadOnlyList<PostLatency> Measure(string dbPath, IReadOnlyList<(string File, MimeMessage Message)> mails, DrillServer drill, IReadOnlyList<ScenarioPost> harmful)
    {
        // Acceptance time = when aiosmtpd's Mailbox handler wrote the message, which it does before answering 250.
        var accepted = mails
            .Select(m => (Order: m.Message.Headers["X-SW-Order-Key"], Key: m.Message.Headers["X-SW-Idempotency-Key"], At: new DateTimeOffset(File.GetLastWriteTimeUtc(m.File), TimeSpan.Zero)))
            .Where(m => m.Order is not null)
            .OrderBy(m => m.At)
            .ToList();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        connection.Open();
        var rows = new List<PostLatency>();
        foreach (var post in harmful)
        {
            var appeared = drill.Start + TimeSpan.FromSeconds(post.At); // the benchmark plays the scenario at speed 1
            var ids = new List<long>();
            DateTimeOffset? stored = null;
            using (var cmd = connection.CreateCommand())
            {
                // The same post can be stored by two sources of one site (the Discuz board and its keyword search).
                cmd.CommandText = "SELECT id, first_seen_at FROM posts WHERE (platform_post_id = $pid OR url = $url) AND url LIKE $base";
                cmd.Parameters.AddWithValue("$pid", drill.PlatformIdOf(post.Id).ToString(CultureInfo.InvariantCulture));
                cmd.Parameters.AddWithValue("$url", drill.UrlOf(post.Id).AbsoluteUri);
                cmd.Parameters.AddWithValue("$base", drill.BaseUri(post.Site).AbsoluteUri + "%");
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    ids.Add(r.GetInt64(0));
                    stored = Min(stored, Time(r.GetString(1)));
                }
            }

            DateTimeOffset? classified = null;
            string? label = null;
            long? incident = null;
            var opens = false;
            if (ids.Count > 0)
            {
                var inList = string.Join(",", ids);
                using (var cmd = connection.CreateCommand())
                {
                    cmd.CommandText = $"SELECT at_utc, label FROM classifications WHERE post_id IN ({inList}) ORDER BY sequence LIMIT 1";
                    using var r = cmd.ExecuteReader();
                    if (r.Read())
                    {
                        classified = Time(r.GetString(0));
                        label = r.GetString(1);
                    }
                }

                using (var cmd = connection.CreateCommand())
                {
                    cmd.CommandText = $"SELECT ip.incident_id, i.first_post_id FROM incident_posts ip JOIN incidents i ON i.id = ip.incident_id WHERE ip.post_id IN ({inList}) LIMIT 1";
                    using var r = cmd.ExecuteReader();
                    if (r.Read())
                    {
                        incident = r.GetInt64(0);
                        opens = ids.Contains(r.GetInt64(1));
                    }
                }
            }

            // The first mail about the post: the first one of its incident's stream accepted after it appeared.
            var mail = incident is { } inc
                ? accepted.FirstOrDefault(m => m.Order == "incident:" + inc.ToString(CultureInfo.InvariantCulture) && m.At >= appeared)
                : default;
            DateTimeOffset? alertCreated = null, outboxCreated = null, due = null, sent = null;
            string? level = null, kind = null;
            if (mail.Key is not null)
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "SELECT o.created_at, o.due_at, o.sent_at, a.created_at, a.level, o.idempotency_key FROM outbox o LEFT JOIN alerts a ON a.id = o.alert_id WHERE o.idempotency_key = $k";
                cmd.Parameters.AddWithValue("$k", mail.Key);
                using var r = cmd.ExecuteReader();
                if (r.Read())
                {
                    outboxCreated = Time(r.GetString(0));
                    due = Time(r.GetString(1));
                    sent = r.IsDBNull(2) ? null : Time(r.GetString(2));
                    alertCreated = r.IsDBNull(3) ? null : Time(r.GetString(3));
                    level = r.IsDBNull(4) ? null : LevelName(r.GetInt64(4));
                    kind = r.GetString(5).Contains(":update:", StringComparison.Ordinal) ? "update" : "new";
                }
            }
            else if (incident is { } i2)
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "SELECT level FROM incidents WHERE id = $i";
                cmd.Parameters.AddWithValue("$i", i2);
                level = cmd.ExecuteScalar() is long l ? LevelName(l) : null;
            }

            rows.Add(new PostLatency(post.Id, post.Site, post.Parent is not null, appeared, stored, classified, label, incident, opens, level,
                alertCreated, outboxCreated, due, sent, mail.Key is null ? null : mail.At, kind));
        }

        return rows;
    }

    private static string LevelName(long level) => ((IncidentLevel)level).Roman();

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>Prints the per-post table, the end-to-end percentiles against P + 5 s and where the time went.</summary>
internal static class LatencyReport
{
    public static bool Print(IReadOnlyList<PostLatency> rows, double poll, int mailsTotal)
    {
        var target = poll + 5;
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; SMTP accepted {mailsTotal} mails in all");
        Console.WriteLine("  post     site    reply label            inc  lvl  mail    stored  classif  alert   outbox  due     sent    SMTP   (s after the post appeared)");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Id,-8} {r.Site.ToString().ToLowerInvariant(),-7} {(r.Reply ? "yes" : "no"),-5} {r.Label ?? "-",-16} {(r.IncidentId is { } i ? "#" + i.ToString(CultureInfo.InvariantCulture) + (r.OpensIncident ? "" : "+") : "-"),-4} {r.Level ?? "-",-4} {r.MailKind ?? "-",-7} {S(r, r.Stored)} {S(r, r.Classified)}  {S(r, r.AlertCreated)} {S(r, r.OutboxCreated)} {S(r, r.OutboxDue)} {S(r, r.Sent)} {S(r, r.Accepted)}"));
        }

        var flagged = rows.Where(r => r.Label is { } l && l != Labels.Normal).ToList();
        var measured = flagged.Where(r => r.EndToEnd is not null).Select(r => r.EndToEnd!.Value).Order().ToList();
        var missing = flagged.Where(r => r.EndToEnd is null).Select(r => r.Id).ToList();
        var notStored = rows.Where(r => r.Stored is null).Select(r => r.Id).ToList();
        var judgedNormal = rows.Where(r => r.Label == Labels.Normal).Select(r => r.Id).ToList();
        Console.WriteLine($"  harmful posts: {rows.Count}; stored {rows.Count - notStored.Count}; flagged by the classifier {flagged.Count}; mail accepted for {measured.Count}");
        if (notStored.Count > 0)
        {
            Console.WriteLine($"  never stored: {string.Join(", ", notStored)}");
        }

        if (judgedNormal.Count > 0)
        {
            Console.WriteLine($"  judged normal by the classifier (no alert by design; a classifier miss, not latency): {string.Join(", ", judgedNormal)}");
        }

        if (missing.Count > 0)
        {
            Console.WriteLine($"  flagged but no mail before the run ended: {string.Join(", ", missing)}");
        }

        if (measured.Count == 0)
        {
            Console.WriteLine("  FAIL: no harmful post reached the SMTP server");
            return false;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  end to end (appeared → SMTP accepted), n={measured.Count}: p50 {Pct(measured, 0.50):0.0} s, p95 {Pct(measured, 0.95):0.0} s, max {measured[^1]:0.0} s; target p95 ≤ P + 5 = {target:0} s"));
        Console.WriteLine("  stage (s), p50 / p95 / max over mailed posts:");
        var done = flagged.Where(r => r.EndToEnd is not null).ToList();
        Stage("crawl: appeared → stored", done, r => r.Stored, r => r.Appeared);
        Stage("classify: stored → classified", done, r => r.Classified, r => r.Stored);
        Stage("alerting: classified → alert raised", done.Where(r => r.MailKind == "new"), r => r.AlertCreated, r => r.Classified);
        Stage("alerting: classified → message queued", done, r => r.OutboxCreated, r => r.Classified);
        Stage("group wait: queued → due", done, r => r.OutboxDue, r => r.OutboxCreated);
        Stage("delivery: due → sent (outbox)", done, r => r.Sent, r => r.OutboxDue);
        Stage("delivery: queued → SMTP accepted", done, r => r.Accepted, r => r.OutboxCreated);
        var pass = missing.Count == 0 && Pct(measured, 0.95) <= target;
        Console.WriteLine(pass ? $"  PASS: p95 ≤ P + 5 s and every flagged post was mailed" : $"  FAIL: {(missing.Count > 0 ? "flagged posts without mail; " : "")}p95 {Pct(measured, 0.95):0.0} s vs target {target:0} s");
        return pass;
    }

    private static void Stage(string name, IEnumerable<PostLatency> rows, Func<PostLatency, DateTimeOffset?> to, Func<PostLatency, DateTimeOffset?> from)
    {
        var d = rows.Select(r => to(r) is { } t && from(r) is { } f ? (t - f).TotalSeconds : (double?)null).OfType<double>().Order().ToList();
        if (d.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-40} {Pct(d, 0.5),6:0.0} / {Pct(d, 0.95),6:0.0} / {d[^1],6:0.0}"));
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Pct(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string S(PostLatency r, DateTimeOffset? t) =>
        t is { } x ? ((x - r.Appeared).TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(6) + " " : "     - ";
}
