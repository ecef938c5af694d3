using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Reports;

/// <summary>
/// Drafts the incident reports — 快报, 续报, 专报 — from an <see cref="IncidentDossier"/>. Every number, time, name and
/// quotation is a fact with its sources; what the store does not hold is a visible blank.
/// </summary>
internal sealed class IncidentDrafter(ReportOptions options)
{
    public ReportDocument Flash(IncidentDossier d, int number, DateTimeOffset nowUtc) => InDepth(ReportKinds.Flash, d, number, nowUtc);

    /// <summary>专报: the 快报's sections with the spread charts and the most engaged posts.</summary>
    public ReportDocument Special(IncidentDossier d, int number, DateTimeOffset nowUtc) => InDepth(ReportKinds.Special, d, number, nowUtc);

    private ReportDocument InDepth(string kind, IncidentDossier d, int number, DateTimeOffset nowUtc)
    {
        var special = kind == ReportKinds.Special;
        var draft = new Draft(new FactBook());
        WhatHappened(draft, d);
        Spread(draft, d, withCharts: special);
        if (special)
        {
            TopPosts(draft, d);
        }

        LevelAndBasis(draft, d);
        ActionsTaken(draft, d, since: null);
        NextSteps(draft, d);
        return Document(kind, $"关于{Topic(d)}的网络{Words.Kind(kind)}", number, nowUtc, draft);
    }

    /// <summary>续报: what changed since the incident's previous report (or since it was first seen, when there is none).</summary>
    public ReportDocument FollowUp(IncidentDossier d, int number, DateTimeOffset nowUtc)
    {
        var draft = new Draft(new FactBook());
        var previous = d.EarlierReports.OrderByDescending(r => r.CreatedUtc).FirstOrDefault();
        var since = previous?.CreatedUtc ?? d.Incident.FirstSeenUtc;
        var f = draft.Facts;
        draft.Section("新进展");
        var sinceFact = previous is null
            ? f.Add(Words.Time(since), Refs.Incident(d.Incident))
            : f.Add(Words.Time(since), Refs.Report(previous));
        var intro = new Para().T(previous is null ? "自事件首次发现（" : "自上次报告（").F(sinceFact).T("）以来：");
        draft.Add(intro);
        var developments = 0;
        var (newPosts, newPlatforms) = Joined(d, previous, since);
        if (newPosts.Count > 0)
        {
            developments++;
            var line = new Para().T("新增相关帖子").F(f.Add($"{Words.Count(newPosts.Count)}条", PostRefs(newPosts, d.Incident)));
            if (previous is not null && d.Coverage is { } covered && covered.ReportId == previous.Id)
            {
                line.T("，累计由").F(f.Add($"{Words.Count(covered.Posts)}条", Refs.Report(previous))).T("增至").F(f.Add($"{Words.Count(d.Membership.Posts)}条", Refs.Incident(d.Incident)));
            }

            draft.Add(line.T("。"));
        }

        foreach (var first in newPlatforms)
        {
            developments++;
            draft.Add(new Para().T("传播至新平台").F(f.Add(first.Platform, Refs.Post(first))).T("，首条帖子发布于").F(f.Add(Words.Time(first.At), Refs.Post(first))).T("。"));
        }

        foreach (var alert in d.Alerts.Where(a => a.CreatedUtc > since && a.Kind == "incident"))
        {
            developments++;
            draft.Add(new Para().T("等级研判为").F(f.Add(Words.Level(alert.Level), Refs.Alert(alert))).T("，预警时间").F(f.Add(Words.Time(alert.CreatedUtc), Refs.Alert(alert))).T("。"));
        }

        developments += ActionLines(draft, d, since);
        if (developments == 0)
        {
            draft.Add(new Para().T("未发现新的传播、等级变化或处置进展。"));
        }

        draft.Section("当前状态");
        draft.Add(new Para().T("事件当前等级为").F(f.Add(Words.Level(d.Incident.Level), Refs.Incident(d.Incident)))
            .T("，累计相关帖子").F(f.Add($"{Words.Count(d.Incident.PostCount)}条", Refs.Incident(d.Incident)))
            .T("，涉及平台").F(f.Add(string.Join("、", d.Incident.Platforms), Refs.Incident(d.Incident))).T("。"));
        NextSteps(draft, d);
        return Document(ReportKinds.FollowUp, $"关于{Topic(d)}的网络舆情续报", number, nowUtc, draft);
    }

    /// <summary>
    /// The posts new since the previous report and the first post of each platform new to the incident. When the
    /// previous report recorded what it covered, by join sequence — a post collected late still counts as new —;
    /// else (a report from before membership was recorded) by the posts' own times.
    /// </summary>
    private static (List<IncidentPost> Posts, List<IncidentPost> FirstOnNewPlatform) Joined(IncidentDossier d, ReportRecord? previous, DateTimeOffset since)
    {
        if (previous is not null && d.Coverage is { } covered && covered.ReportId == previous.Id)
        {
            var byId = d.Posts.ToDictionary(p => p.PostId);
            var posts = d.JoinedSince.Select(j => byId.GetValueOrDefault(j.PostId)).OfType<IncidentPost>().ToList();
            var firsts = d.JoinedSince.Where(j => j.NewPlatform).Select(j => byId.GetValueOrDefault(j.PostId)).OfType<IncidentPost>().ToList();
            return (posts, firsts);
        }

        var newPosts = d.Posts.Where(p => p.At > since).ToList();
        var platformsBefore = d.Posts.Where(p => p.At <= since).Select(p => p.Platform).ToHashSet(StringComparer.Ordinal);
        return (newPosts, [.. newPosts.GroupBy(p => p.Platform).Where(g => !platformsBefore.Contains(g.Key)).Select(g => g.First())]);
    }

    private static string Topic(IncidentDossier d) => SafeText.Quote(d.Incident.Title, 30);

    internal static ReportHeader Header(ReportOptions options, string kind, int number, DateTimeOffset nowUtc) =>
        new(options.Classification, options.UrgencyOf(kind), options.Masthead + Words.Short(kind), $"第{number}期", options.Issuer, options.Recipients, Words.Date(nowUtc));

    private ReportDocument Document(string kind, string title, int number, DateTimeOffset nowUtc, Draft draft) =>
        new(kind, title, Header(options, kind, number, nowUtc), draft.Sections(), draft.Facts.Facts);

    private IEnumerable<SourceRef> PostRefs(IEnumerable<IncidentPost> posts, IncidentRecord incident) =>
        posts.Take(options.MaxPostRefs).Select(Refs.Post).Prepend(Refs.Incident(incident));

    private void WhatHappened(Draft draft, IncidentDossier d)
    {
        var f = draft.Facts;
        var first = d.Posts.FirstOrDefault(p => p.PostId == d.Incident.FirstPostId) ?? d.Posts.FirstOrDefault();
        draft.Section("基本情况");
        var p = new Para();
        if (first is null)
        {
            p.Blank("首发时间").T("，").Blank("首发平台").T("出现").Blank("事件性质").T("相关帖子，首发链接").Blank("首发链接").T("。");
            draft.Add(p);
            draft.Add(new Para().T("首发内容：").Blank("首发帖子原文").T("。"));
            return;
        }

        var labels = d.Incident.Labels.Where(l => l != Core.Classification.Labels.Normal).Select(Words.Label).ToList();
        p.F(f.Add(Words.Time(first.At), Refs.Post(first))).T("，")
            .F(f.Add(first.Platform, Refs.Post(first))).T("出现")
            .F(labels.Count == 0 ? null : f.Add(string.Join("、", labels), Refs.Incident(d.Incident)), "事件性质")
            .T("相关帖子，首发链接").F(f.Add(first.Url.AbsoluteUri, Refs.Post(first))).T("。");
        draft.Add(p);
        draft.Add(new Para().T("首发内容：").F(f.Add(SafeText.Quote(first.Text, options.MaxQuoteChars), Refs.Post(first)))
            .T("（发布者").F(string.IsNullOrWhiteSpace(first.AuthorName) ? null : f.Add(SafeText.Clean(first.AuthorName), Refs.Post(first)), "发布者").T("）。"));
    }

    private void Spread(Draft draft, IncidentDossier d, bool withCharts)
    {
        var f = draft.Facts;
        draft.Section("传播情况");
        if (d.Posts.Count == 0)
        {
            draft.Add(new Para().T("截至").Blank("统计时间").T("，相关帖子").Blank("帖子数").T("，涉及平台").Blank("平台").T("。"));
            return;
        }

        var incident = Refs.Incident(d.Incident);
        var top = d.Posts.MaxBy(p => p.Engagement)!;
        draft.Add(new Para().T("截至").F(f.Add(Words.Time(d.Incident.LastSeenUtc), incident)).T("，相关帖子共")
            .F(f.Add($"{Words.Count(d.Posts.Count)}条", PostRefs(d.Posts, d.Incident)))
            .T("，分布于").F(f.Add($"{d.Incident.Platforms.Count}个平台（{string.Join("、", d.Incident.Platforms)}）", incident))
            .T("；单帖最高互动量").F(f.Add(Words.Count(top.Engagement), Refs.Post(top))).T("；传播态势")
            .F(f.Add(Trend(d.Incident), incident)).T("。"));

        var path = d.Posts.GroupBy(p => p.Platform).Select(g => g.First()).OrderBy(p => p.At).ToList();
        var line = new Para().T("传播路径：");
        for (var i = 0; i < path.Count; i++)
        {
            line.T(i == 0 ? string.Empty : " → ").F(f.Add($"{path[i].Platform}（{Words.Time(path[i].At)}）", Refs.Post(path[i])));
        }

        draft.Add(line.T("。"));
        if (withCharts)
        {
            var chartFact = f.Add($"{Words.Count(d.Posts.Count)}条帖子的发布时间与平台", PostRefs(d.Posts, d.Incident));
            draft.Add(new Para().T("图表数据：").F(chartFact).T("。"));
            var byPlatform = d.Posts.GroupBy(p => p.Platform).OrderBy(g => g.First().At).ToList();
            draft.Add(new ChartSpec("各平台累计帖子数", "lines", "帖子数（累计）",
                [.. byPlatform.Select(g => new ChartSeries(g.Key, [.. g.Select(p => p.At.UtcDateTime.ToOADate())], [.. g.Select((_, i) => (double)(i + 1))]))],
                [], chartFact.Id));
            draft.Add(new ChartSpec("传播路径（每点一帖）", "path", "平台",
                [.. byPlatform.Select((g, i) => new ChartSeries(g.Key, [.. g.Select(p => p.At.UtcDateTime.ToOADate())], [.. g.Select(_ => (double)i)]))],
                [.. byPlatform.Select(g => g.Key)], chartFact.Id));
        }
    }

    private static string Trend(IncidentRecord i) => (i.Trend switch
    {
        "rising" => "上升",
        "falling" => "回落",
        _ => "平稳",
    }) + (i.Burst ? "，出现集中爆发" : string.Empty);

    private void TopPosts(Draft draft, IncidentDossier d)
    {
        var f = draft.Facts;
        draft.Section("重点帖子");
        var top = d.Posts.OrderByDescending(p => p.Engagement).ThenBy(p => p.At).Take(5).ToList();
        if (top.Count == 0)
        {
            draft.Add(new Para().Blank("重点帖子"));
        }

        foreach (var p in top)
        {
            draft.Add(new Para().F(f.Add($"{p.Platform}，{Words.Time(p.At)}，互动量{Words.Count(p.Engagement)}", Refs.Post(p))).T("：")
                .F(f.Add(SafeText.Quote(p.Text, options.MaxQuoteChars), Refs.Post(p))).T("。"));
        }
    }

    private static void LevelAndBasis(Draft draft, IncidentDossier d)
    {
        var f = draft.Facts;
        draft.Section("等级研判");
        var i = d.Incident;
        if (i.Level == IncidentLevel.None)
        {
            draft.Add(new Para().T("事件等级：").Blank("研判等级").T("。"));
            return;
        }

        var raised = d.Alerts.Where(a => a.Kind == "incident" && a.Level == i.Level).Select(Refs.Alert).Take(1);
        draft.Add(new Para().T("研判为").F(f.Add(Words.Level(i.Level), raised.Prepend(Refs.Incident(i)))).T("。"));
        if (i.Reasons.Count == 0)
        {
            draft.Add(new Para().T("研判依据：").Blank("研判依据").T("。"));
        }

        foreach (var reason in i.Reasons)
        {
            draft.Add(new Para().T("依据：").F(f.Add($"{SafeText.Clean(reason.Detail)}（{reason.Level.Roman()}级规则 {reason.Rule}）", Refs.Incident(i))).T("。"));
        }
    }

    private static void ActionsTaken(Draft draft, IncidentDossier d, DateTimeOffset? since)
    {
        draft.Section("已采取措施");
        if (ActionLines(draft, d, since ?? DateTimeOffset.MinValue) == 0)
        {
            draft.Add(new Para().Blank("已采取的处置措施"));
        }
    }

    /// <summary>One line per alert, acknowledgement, logged action, console work item, evidence packet and takedown after <paramref name="since"/>.</summary>
    private static int ActionLines(Draft draft, IncidentDossier d, DateTimeOffset since)
    {
        var f = draft.Facts;
        var lines = new List<(DateTimeOffset At, Para Para)>();
        foreach (var a in d.Alerts.Where(a => a.CreatedUtc > since))
        {
            var p = new Para().F(f.Add(Words.Time(a.CreatedUtc), Refs.Alert(a))).T("发出").F(f.Add($"{a.Level.Roman()}级预警", Refs.Alert(a)));
            if (a.AcknowledgedUtc is { } ack)
            {
                p.T("，").F(f.Add(SafeText.Clean(a.AcknowledgedBy ?? "值班人员"), Refs.Alert(a))).T("于").F(f.Add(Words.Time(ack), Refs.Alert(a))).T("确认");
            }

            lines.Add((a.CreatedUtc, p.T("。")));
        }

        foreach (var a in d.Actions.Where(a => a.AtUtc > since))
        {
            lines.Add((a.AtUtc, new Para().F(f.Add(Words.Time(a.AtUtc), Refs.Action(a))).T("，")
                .F(f.Add($"{SafeText.Clean(a.By)}{Words.Action(a.Action)}", Refs.Action(a)))
                .T(string.IsNullOrWhiteSpace(a.Reason) ? "。" : "，理由：").F(string.IsNullOrWhiteSpace(a.Reason) ? null : f.Add(SafeText.Quote(a.Reason, 80), Refs.Action(a)), "理由")
                .T(string.IsNullOrWhiteSpace(a.Reason) ? string.Empty : "。")));
        }

        foreach (var w in d.Work.Where(w => w.AtUtc > since && w.Kind != IncidentWorkKinds.Note))
        {
            lines.Add((w.AtUtc, new Para().F(f.Add(Words.Time(w.AtUtc), Refs.Work(w))).T("，").F(f.Add($"{SafeText.Clean(w.Actor)}{Words.Work(w.Kind)}", Refs.Work(w))).T("。")));
        }

        foreach (var e in d.Evidence.Where(e => e.CreatedAtUtc > since))
        {
            lines.Add((e.CreatedAtUtc, new Para().F(f.Add(Words.Time(e.CreatedAtUtc), Refs.Evidence(e))).T("固定证据").F(f.Add(e.Id, Refs.Evidence(e)))
                .T(e.Sound ? "（已封存）。" : "（未能完整固定）。")));
        }

        foreach (var t in d.Takedowns)
        {
            if (t.RequestedAtUtc > since)
            {
                lines.Add((t.RequestedAtUtc, new Para().F(f.Add(Words.Time(t.RequestedAtUtc), Refs.Takedown(t))).T("提出删帖请求，截止").F(f.Add(Words.Time(t.DeadlineUtc), Refs.Takedown(t))).T("。")));
            }

            if (t.State == TakedownState.Removed && t.RemovedAtUtc is { } removed && removed > since)
            {
                lines.Add((removed, new Para().F(f.Add(Words.Time(removed), Refs.Takedown(t))).T("复查确认帖子已删除。")));
            }
        }

        foreach (var (_, para) in lines.OrderBy(l => l.At))
        {
            draft.Add(para);
        }

        return lines.Count;
    }

    private static void NextSteps(Draft draft, IncidentDossier d)
    {
        var f = draft.Facts;
        draft.Section("下一步工作");
        foreach (var t in d.Takedowns.Where(t => t.State == TakedownState.Open))
        {
            draft.Add(new Para().T("跟踪删帖请求，截止").F(f.Add(Words.Time(t.DeadlineUtc), Refs.Takedown(t))).T("前复查是否删除。"));
        }

        draft.Add(new Para().Blank("下一步工作安排"));
    }
}
