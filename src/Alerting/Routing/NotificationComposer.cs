using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Routing;

/// <summary>What one notification says.</summary>
public sealed record ComposedNotification(string Subject, string Text, string Html, string PayloadJson);

/// <summary>
/// Writes notifications in Chinese, following the plan's report contents (时间、起因、范围、措施): level and why,
/// first source, spread, trend, sites, what the route asks the reader to do, and the acknowledgement link.
/// </summary>
internal static class NotificationComposer
{
    public static ComposedNotification Incident(
        string kind,
        IncidentRecord incident,
        IncidentAnalysisResult analysis,
        RouteOptions route,
        Recipient recipient,
        Func<string?, Uri>? ackLink,
        long alertId,
        string? note = null)
    {
        var level = incident.Level;
        var prefix = kind switch
        {
            "upgrade" => "【升级】",
            "update" => "【续报】",
            "escalation" => "【催办】",
            "merge" => "【合并续报】",
            "reopen" => "【重新打开】",
            _ => string.Empty,
        };
        var subject = $"{prefix}【{level.Roman()}级舆情】{incident.Title}";
        var first = analysis.FirstSource;
        var lines = new List<(string Label, string Value)>
        {
            ("等级", $"{level.Roman()}级（{level.ChineseName()}），系统建议，待值班人员确认"),
            ("事件编号", $"#{incident.Id}（{incident.Key}）告警 #{alertId}"),
            ("首发", $"{ChinaTime.FormatBeijing(first.At)} {first.Platform} {first.AuthorName ?? first.AuthorId ?? "(匿名)"} {first.Url}"),
            ("传播", string.Create(CultureInfo.InvariantCulture,
                $"{incident.PostCount} 条，平台 {string.Join("、", analysis.Platforms)}；近1小时 {analysis.Metrics["posts_1h"]:0} 条；单条最高互动 {analysis.Metrics["max_engagement"]:0}")),
            ("趋势", $"{TrendName(analysis.Trend)}{(analysis.Burst ? "，检测到突发（5分钟分箱平滑z分数）" : string.Empty)}"),
            ("涉及考点", incident.Sites.Count == 0 ? "未识别" : string.Join("、", incident.Sites)),
            ("类别", string.Join("、", incident.Labels)),
        };

        var reasons = incident.Reasons.Select(r => $"[{r.Level.Roman()}] {r.Rule}: {r.Detail}").ToList();
        var path = analysis.SpreadPath.Take(8).Select(s => $"{ChinaTime.FormatBeijing(s.At)} {s.Platform} {s.Author}（互动 {s.Engagement}）{s.Url}").ToList();
        var asks = new List<string>();
        if (kind == "reopen")
        {
            asks.Add("本事件此前已关闭，善后观察期间出现新的相关信息，系统已重新打开，请按续报处理。");
        }

        if (!string.IsNullOrWhiteSpace(note))
        {
            asks.Add(note);
        }

        if (route.ApprovalRequest)
        {
            asks.Add("按预案，Ⅲ级舆情由领导小组办公室请示领导小组同意后开展处置：请领导小组审批处置方案。");
        }

        if (route.DraftReport)
        {
            asks.Add("按预案，Ⅰ级舆情由领导小组组长向省司法厅请示。附快报草稿（首报时限见升级计时）：");
            asks.Add(DraftReport(incident, analysis));
        }

        if (route.Digest)
        {
            asks.Add("Ⅳ级：由相关考点在办公室指导下处置，并列入舆情日报。");
        }

        asks.Add("请固定证据（系统已自动提交证据固定），核实情况，统一口径。");

        var text = new StringBuilder();
        text.Append(recipient.ResponderName).Append("：\n\n");
        foreach (var (label, value) in lines)
        {
            text.Append(label).Append("：").Append(value).Append('\n');
        }

        text.Append("\n定级依据：\n");
        foreach (var r in reasons)
        {
            text.Append("  - ").Append(r).Append('\n');
        }

        text.Append("\n传播路径：\n");
        foreach (var p in path)
        {
            text.Append("  - ").Append(p).Append('\n');
        }

        text.Append('\n');
        foreach (var a in asks)
        {
            text.Append(a).Append('\n');
        }

        // One signed link per decision; each opens a confirmation page and acts only when its button is pressed.
        var links = ackLink is null ? [] : LinkLabels(incident).Select(l => (Label: l, Url: ackLink(l))).ToList();
        if (links.Count > 0)
        {
            text.Append("\n处理链接（打开后显示确认页面，点击页面上的按钮才会执行；每个链接只能使用一次）：\n");
            foreach (var (label, url) in links)
            {
                text.Append("  - ").Append(LabelWords.LinkDoes(label)).Append("：").Append(url.AbsoluteUri).Append('\n');
            }

            text.Append(string.Create(CultureInfo.InvariantCulture, $"或在值班终端执行：sw alerts ack {alertId}（加 --label 类别 可同时确认类别，normal 为误报）\n"));
        }

        var html = new StringBuilder();
        html.Append("<html><body style=\"font-family:sans-serif\"><p>").Append(E(recipient.ResponderName)).Append("：</p><table>");
        foreach (var (label, value) in lines)
        {
            html.Append("<tr><th align=\"left\">").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        html.Append("</table><h4>定级依据</h4><ul>");
        foreach (var r in reasons)
        {
            html.Append("<li>").Append(E(r)).Append("</li>");
        }

        html.Append("</ul><h4>传播路径</h4><ol>");
        foreach (var p in path)
        {
            html.Append("<li>").Append(E(p)).Append("</li>");
        }

        html.Append("</ol>");
        foreach (var a in asks)
        {
            html.Append("<p>").Append(E(a).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        if (links.Count > 0)
        {
            html.Append("<p>处理链接（打开后显示确认页面，点击页面上的按钮才会执行；每个链接只能使用一次）：</p><ul>");
            foreach (var (label, url) in links)
            {
                html.Append("<li><a href=\"").Append(E(url.AbsoluteUri)).Append("\">").Append(E(LabelWords.LinkDoes(label))).Append("</a></li>");
            }

            html.Append("</ul>");
        }

        html.Append("</body></html>");
        var payload = JsonSerializer.Serialize(new
        {
            kind,
            alert_id = alertId,
            incident_id = incident.Id,
            cluster_id = incident.Key,
            level = level.ToString(),
            level_reasons = incident.Reasons,
            labels = incident.Labels,
            sites = incident.Sites,
            platforms = analysis.Platforms,
            first_source = first.Url.AbsoluteUri,
            first_seen = first.At,
            posts = incident.PostCount,
            trend = incident.Trend,
            burst = incident.Burst,
            ack_url = links.Count > 0 ? links[0].Url.AbsoluteUri : null,
            // What each link does: a GET shows a confirmation page, only its button (a POST) acts, once.
            actions = links.Select(l => new { action = l.Label is null ? "ack" : "label", label = l.Label, does = LabelWords.LinkDoes(l.Label), url = l.Url.AbsoluteUri }).ToList(),
        });
        return new ComposedNotification(subject, text.ToString(), html.ToString(), payload);
    }

    /// <summary>The plain acknowledgement first, then one label link per label of the incident (harmful ones first, then the false positive).</summary>
    private static IEnumerable<string?> LinkLabels(IncidentRecord incident) =>
        new string?[] { null }.Concat(incident.Labels.Where(l => l != "normal")).Append("normal");

    public static ComposedNotification Desk(string subject, string body, Recipient recipient, Uri? ackLink, object payload)
    {
        var does = LabelWords.LinkDoes(null) + "（打开后显示确认页面，点击按钮才会执行）";
        var text = $"{recipient.ResponderName}：\n\n{body}\n" + (ackLink is null ? string.Empty : $"\n{does}：{ackLink.AbsoluteUri}\n");
        var html = $"<html><body><p>{E(recipient.ResponderName)}：</p><pre>{E(body)}</pre>" +
            (ackLink is null ? string.Empty : $"<p><a href=\"{E(ackLink.AbsoluteUri)}\">{E(does)}</a></p>") + "</body></html>";
        return new ComposedNotification(subject, text, html, JsonSerializer.Serialize(payload));
    }

    /// <summary>A 快报 draft with the plan's required contents (时间、起因、范围、措施) for the head to edit and send.</summary>
    internal static string DraftReport(IncidentRecord incident, IncidentAnalysisResult analysis)
    {
        var first = analysis.FirstSource;
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            ——舆情快报（草稿）——
            标题：关于“{incident.Title}”网络舆情的快报
            一、基本情况（时间、起因）：{ChinaTime.FormatBeijing(first.At)}，{first.Platform}用户“{first.AuthorName ?? "(匿名)"}”发布相关信息（{first.Url}），起因待核实。
            二、传播情况（范围）：截至目前共监测到相关信息{incident.PostCount}条，涉及{string.Join("、", analysis.Platforms)}，趋势{TrendName(analysis.Trend)}。
            三、研判：系统建议定为{incident.Level.Roman()}级，依据：{string.Join("；", incident.Reasons.Select(r => r.Detail))}。
            四、已采取措施：已固定证据，正在核实，已通知相关考点。
            五、下一步建议：统一口径，适时发声；涉嫌违法犯罪的，会同公安机关和网络监管部门查处。
            报送单位：网络舆情应急领导小组办公室　签发人：________
            """);
    }

    private static string TrendName(Trend trend) => trend switch
    {
        Trend.Rising => "上升",
        Trend.Falling => "回落",
        _ => "平稳",
    };

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
