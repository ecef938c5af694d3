using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Routing;

/// <summary>One incident as the digest lists it.</summary>
/// <param name="Ack">签收 state of the incident's current alert, in Chinese.</param>
public sealed record DigestItem(IncidentRecord Incident, string Ack);

/// <summary>A compiled digest: the period it covers and what it lists.</summary>
public sealed record DigestContent(DateOnly Date, DateTimeOffset FromUtc, DateTimeOffset ToUtc, IReadOnlyList<DigestItem> LevelFour, IReadOnlyList<DigestItem> Others);

/// <summary>
/// The daily digest (舆情日报). Routing sends Ⅳ incidents "to the site and the daily digest": this compiles the Ⅳ
/// incidents active in the 24 hours before <see cref="DigestOptions.At"/> (and, if configured, a line per Ⅰ–Ⅲ incident)
/// and enqueues one message per recipient through the outbox. The key <c>digest:{date}:{responder}|{channel}</c> makes a
/// restart, a second worker or <c>sw alerts digest --send</c> harmless. A day without Ⅳ incidents still sends a short
/// “无Ⅳ级舆情” digest, so the reader knows the system ran and found nothing rather than wondering whether it ran.
/// </summary>
internal sealed class DailyDigest(IIncidentStore incidents, IAlertStore alerts, Router router, IOptions<RoutingOptions> options, TimeProvider time, ILogger<DailyDigest> logger)
{
    private DateOnly? _done;

    private DigestOptions Options => options.Value.Digest;

    /// <summary>The date of the latest digest whose time has come at <paramref name="nowUtc"/> (Beijing calendar).</summary>
    public DateOnly LatestDue(DateTimeOffset nowUtc)
    {
        var local = ChinaTime.ToBeijing(nowUtc);
        var today = DateOnly.FromDateTime(local.DateTime);
        return local - ScheduledAt(today) >= TimeSpan.Zero ? today : today.AddDays(-1);
    }

    /// <summary>When the digest dated <paramref name="date"/> is sent.</summary>
    public DateTimeOffset ScheduledAt(DateOnly date)
    {
        var minutes = Roster.ParseClock(Options.At) ?? 0;
        return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).AddMinutes(minutes).ToUniversalTime();
    }

    /// <summary>Enqueues the latest due digest unless this process already did; returns the messages added.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return 0;
        }

        var date = LatestDue(time.GetUtcNow());
        if (_done == date)
        {
            return 0;
        }

        var added = await SendAsync(date, cancellationToken).ConfigureAwait(false);
        _done = date;
        return added;
    }

    /// <summary>Compiles the digest of <paramref name="date"/> and enqueues it; messages already in the outbox are skipped by key.</summary>
    public async Task<int> SendAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var content = await CompileAsync(date, cancellationToken).ConfigureAwait(false);
        var messages = Messages(content, time.GetUtcNow());
        var added = await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        PipelineLog.DigestEnqueued(logger, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), added, content.LevelFour.Count);
        return added;
    }

    public async Task<DigestContent> CompileAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var to = ScheduledAt(date);
        var from = to.AddDays(-1);
        var active = await incidents.ListAsync(from, 100_000, cancellationToken).ConfigureAwait(false);
        var inPeriod = active.Where(i => i.FirstSeenUtc < to && i.State != IncidentStates.Merged && i.Level != IncidentLevel.None)
            .OrderBy(i => i.FirstSeenUtc).ThenBy(i => i.Id).ToList();
        var four = new List<DigestItem>();
        var others = new List<DigestItem>();
        foreach (var incident in inPeriod)
        {
            if (incident.Level != IncidentLevel.IV && !Options.IncludeOtherLevels)
            {
                continue;
            }

            var item = new DigestItem(incident, await AckStateAsync(incident, cancellationToken).ConfigureAwait(false));
            (incident.Level == IncidentLevel.IV ? four : others).Add(item);
        }

        others.Sort((a, b) => b.Incident.Level != a.Incident.Level ? b.Incident.Level.CompareTo(a.Incident.Level) : a.Incident.Id.CompareTo(b.Incident.Id));
        return new DigestContent(date, from, to, four, others);
    }

    /// <summary>The digest's messages, one per recipient channel.</summary>
    public IReadOnlyList<OutboxMessage> Messages(DigestContent content, DateTimeOffset nowUtc)
    {
        var date = content.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Recipients are resolved at the digest's own time, not "now": a catch-up after a restart reaches the same
        // people under the same keys as the first attempt would have.
        var targets = Options.Recipients.Count > 0 ? Options.Recipients : options.Value.DutyDesk;
        return router.Resolve(targets, [], content.ToUtc).Select(r =>
        {
            var n = Compose(content, r);
            return new OutboxMessage(0, $"digest:{date}:{r.ResponderId}|{r.Channel}", null, r.Channel, r.ResponderId, r.Address, $"digest:{r.ResponderId}",
                n.Subject, n.Text, n.Html, n.PayloadJson, 0, nowUtc, "pending", null, nowUtc, null);
        }).ToList();
    }

    /// <summary>Writes the digest for one reader, in Chinese, as plain text, HTML and a JSON payload for webhooks.</summary>
    public static ComposedNotification Compose(DigestContent content, Recipient recipient)
    {
        var date = content.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var subject = content.LevelFour.Count == 0
            ? $"【舆情日报】{date} 无Ⅳ级舆情"
            : string.Create(CultureInfo.InvariantCulture, $"【舆情日报】{date} Ⅳ级舆情 {content.LevelFour.Count} 起");
        var period = $"统计时段：{ChinaTime.FormatBeijing(content.FromUtc)} 至 {ChinaTime.FormatBeijing(content.ToUtc)}";
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(recipient.ResponderName).Append("：\n\n舆情日报（").Append(date).Append("）\n").Append(period).Append("\n\n");
        html.Append("<html><body style=\"font-family:sans-serif\"><p>").Append(E(recipient.ResponderName)).Append("：</p><h3>舆情日报（").Append(E(date)).Append("）</h3><p>")
            .Append(E(period)).Append("</p>");

        var heading = string.Create(CultureInfo.InvariantCulture, $"一、Ⅳ级舆情（由相关考点在办公室指导下处置）：共 {content.LevelFour.Count} 起");
        text.Append(heading).Append('\n');
        html.Append("<h4>").Append(E(heading)).Append("</h4>");
        if (content.LevelFour.Count == 0)
        {
            text.Append("本时段无Ⅳ级舆情。\n");
            html.Append("<p>本时段无Ⅳ级舆情。</p>");
        }
        else
        {
            html.Append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><th>编号</th><th>等级</th><th>标题</th><th>类别</th><th>首发</th><th>平台</th><th>条数</th><th>趋势</th><th>签收</th><th>状态</th></tr>");
            var n = 0;
            foreach (var item in content.LevelFour)
            {
                var i = item.Incident;
                n++;
                text.Append(string.Create(CultureInfo.InvariantCulture, $"{n}. #{i.Id} [{i.Level.Roman()}] {i.Title}\n"));
                text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"   类别：{Labels(i)}；首发：{ChinaTime.FormatBeijing(i.FirstSeenUtc)} {i.FirstUrl.AbsoluteUri}；平台：{string.Join("、", i.Platforms)}；{i.PostCount} 条；趋势：{Trend(i)}；签收：{item.Ack}；状态：{State(i)}\n"));
                html.Append(string.Create(CultureInfo.InvariantCulture,
                    $"<tr><td>#{i.Id}</td><td>{i.Level.Roman()}</td><td>{E(i.Title)}</td><td>{E(Labels(i))}</td><td>{E(ChinaTime.FormatBeijing(i.FirstSeenUtc))}<br><a href=\"{E(i.FirstUrl.AbsoluteUri)}\">{E(i.FirstUrl.AbsoluteUri)}</a></td><td>{E(string.Join("、", i.Platforms))}</td><td>{i.PostCount}</td><td>{E(Trend(i))}</td><td>{E(item.Ack)}</td><td>{E(State(i))}</td></tr>"));
            }

            html.Append("</table>");
        }

        if (content.Others.Count > 0)
        {
            var second = string.Create(CultureInfo.InvariantCulture, $"二、其他等级舆情（Ⅰ–Ⅲ级，已另行按级通知）：共 {content.Others.Count} 起");
            text.Append('\n').Append(second).Append('\n');
            html.Append("<h4>").Append(E(second)).Append("</h4><ul>");
            foreach (var item in content.Others)
            {
                var i = item.Incident;
                var line = string.Create(CultureInfo.InvariantCulture, $"#{i.Id} [{i.Level.Roman()}] {i.Title} — {Labels(i)}，{i.PostCount} 条，{Trend(i)}，签收：{item.Ack}，状态：{State(i)}");
                text.Append("  - ").Append(line).Append('\n');
                html.Append("<li>").Append(E(line)).Append("</li>");
            }

            html.Append("</ul>");
        }

        const string footer = "本日报由系统按预案自动汇总；详情可在值班终端执行 sw incidents show 编号。";
        text.Append('\n').Append(footer).Append('\n');
        html.Append("<p>").Append(E(footer)).Append("</p></body></html>");
        var payload = JsonSerializer.Serialize(new
        {
            kind = "digest",
            date,
            from = content.FromUtc,
            to = content.ToUtc,
            level_iv = content.LevelFour.Select(Json).ToList(),
            others = content.Others.Select(Json).ToList(),
        });
        return new ComposedNotification(subject, text.ToString(), html.ToString(), payload);
    }

    private async Task<string> AckStateAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        var current = (await alerts.ListAlertsOfIncidentAsync(incident.Id, cancellationToken).ConfigureAwait(false))
            .Where(a => a.Kind == "incident").OrderByDescending(a => a.Id).FirstOrDefault();
        return current switch
        {
            null => "无告警",
            { AcknowledgedBy: { } by } => "已签收（" + by + "）",
            { State: "open" } => "未签收",
            { State: "resolved" } => "已关闭",
            _ => current.State,
        };
    }

    private static object Json(DigestItem item) => new
    {
        incident_id = item.Incident.Id,
        level = item.Incident.Level.ToString(),
        title = item.Incident.Title,
        labels = item.Incident.Labels,
        first_source = item.Incident.FirstUrl.AbsoluteUri,
        first_seen = item.Incident.FirstSeenUtc,
        platforms = item.Incident.Platforms,
        posts = item.Incident.PostCount,
        trend = item.Incident.Trend,
        ack = item.Ack,
        state = item.Incident.State,
    };

    private static string Labels(IncidentRecord i) => string.Join("、", i.Labels.Select(l => LabelWords.Name(l)));

    private static string Trend(IncidentRecord i) => (i.Trend switch { "rising" => "上升", "falling" => "回落", _ => "平稳" }) + (i.Burst ? "（突发）" : string.Empty);

    private static string State(IncidentRecord i) => i.State switch
    {
        IncidentStates.Closed => "已关闭" + (i.Stage is null ? string.Empty : "（" + i.Stage + "）"),
        _ => "处置中",
    };

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
