using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Reports;

/// <summary>What a period report is drafted from, read once.</summary>
public sealed record PeriodData(DateTimeOffset FromUtc, DateTimeOffset ToUtc, PeriodTally Tally, IReadOnlyList<IncidentRecord> Incidents, IReadOnlyList<SourceHealthTally> Sources);

/// <summary>
/// Drafts 日报, 周报 and 考试期间专报: counts by level, label, platform and exam stage, the trend, the top incidents and
/// source health. A period without incidents gives the 零报告: the same counts, stating that nothing was found.
/// </summary>
internal sealed class PeriodDrafter(ReportOptions options, ExamStages stages)
{
    public ReportDocument Draft(string kind, PeriodData data, int number, DateTimeOffset nowUtc)
    {
        var draft = new Draft(new FactBook());
        var f = draft.Facts;
        var count = Refs.PostCount(data.FromUtc, data.ToUtc);
        var zero = data.Incidents.Count == 0;
        var span = f.Add($"{Words.Time(data.FromUtc)}至{Words.Time(data.ToUtc)}", count);

        draft.Section("总体情况");
        var overall = new Para().F(span).T("，共采集涉考帖子").F(f.Add($"{Words.Count(data.Tally.Posts)}条", count))
            .T("，其中经分类标记为有害信息或投诉的").F(f.Add($"{Words.Count(data.Tally.FlaggedByLabel.Values.Sum())}条", count)).T("。");
        if (zero)
        {
            overall.T("本期未发现涉法考网络舆情事件（零报告）。");
        }
        else
        {
            overall.T("涉及舆情事件").F(f.Add($"{data.Incidents.Count}起", IncidentRefs(data.Incidents, data, null))).T("。");
        }

        draft.Add(overall);

        draft.Section("分类统计");
        if (!zero)
        {
            var byLevel = new Para().T("按等级：");
            var levels = data.Incidents.GroupBy(i => i.Level).OrderByDescending(g => g.Key).ToList();
            for (var i = 0; i < levels.Count; i++)
            {
                byLevel.T(i == 0 ? string.Empty : "，").F(f.Add($"{levels[i].Key.Roman()}级{levels[i].Count()}起", IncidentRefs([.. levels[i]], data, IncidentQuery.Level(levels[i].Key))));
            }

            draft.Add(byLevel.T("。"));
            var byStage = new Para().T("按考试阶段：");
            var byStages = data.Incidents.GroupBy(i => stages.Of(i.FirstSeenUtc)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            for (var i = 0; i < byStages.Count; i++)
            {
                byStage.T(i == 0 ? string.Empty : "，").F(f.Add($"{byStages[i].Key}{byStages[i].Count()}起", IncidentRefs([.. byStages[i]], data, IncidentQuery.Stage(byStages[i].Key))));
            }

            draft.Add(byStage.T("。"));
        }

        draft.Add(Breakdown("按类别（帖子）：", data.Tally.FlaggedByLabel, Words.Label, f, count));
        draft.Add(Breakdown("按平台（帖子）：", data.Tally.PostsByPlatform, p => p, f, count));
        var trendFact = f.Add($"按{(data.ToUtc - data.FromUtc <= TimeSpan.FromDays(2) ? "小时" : "日")}统计的采集量与标记量", count);
        draft.Add(new Para().T("趋势图数据：").F(trendFact).T("。"));
        draft.Add(new ChartSpec("采集量与标记量趋势", "lines", "帖子数",
            [
                new ChartSeries("采集帖子", [.. data.Tally.Buckets.Select(b => b.StartUtc.UtcDateTime.ToOADate())], [.. data.Tally.Buckets.Select(b => (double)b.Posts)]),
                new ChartSeries("标记帖子", [.. data.Tally.Buckets.Select(b => b.StartUtc.UtcDateTime.ToOADate())], [.. data.Tally.Buckets.Select(b => (double)b.Flagged)]),
            ],
            [], trendFact.Id));

        draft.Section("重点事件");
        if (zero)
        {
            draft.Add(new Para().T("无。"));
        }

        foreach (var (incident, rank) in data.Incidents.Take(options.TopIncidents).Select((i, n) => (i, n + 1)))
        {
            var r = Refs.Incident(incident);
            draft.Add(new Para().F(f.Add($"（{rank}）", r)).F(f.Add(SafeText.Quote(incident.Title, options.MaxQuoteChars), r)).T("，")
                .F(f.Add($"{incident.Level.Roman()}级，相关帖子{Words.Count(incident.PostCount)}条，首发于{Words.Time(incident.FirstSeenUtc)}，涉及{string.Join("、", incident.Platforms)}", r))
                .T("。"));
        }

        draft.Section("采集源运行情况");
        if (data.Sources.Count == 0)
        {
            draft.Add(new Para().T("本期无采集运行记录：").Blank("采集源运行情况").T("。"));
        }

        foreach (var s in data.Sources)
        {
            var r = Refs.Source(s.SourceId);
            var p = new Para().F(f.Add(s.SourceId, r)).T("：运行").F(f.Add($"{s.Runs}次", r)).T("，失败").F(f.Add($"{s.FailedRuns}次", r))
                .T("、部分失败").F(f.Add($"{s.PartialRuns}次", r)).T("，新增帖子").F(f.Add($"{Words.Count(s.NewPosts)}条", r));
            if (s.HealthEvents > 0)
            {
                p.T("；采集异常事件").F(f.Add($"{s.HealthEvents}次", r)).T("，最近一次：").F(f.Add(SafeText.Quote(s.LastHealthMessage, 80), r));
            }

            draft.Add(p.T("。"));
        }

        draft.Section("下一步工作");
        draft.Add(new Para().Blank("下一步工作安排"));

        var title = Words.Kind(kind) switch
        {
            var k when zero => $"{k}（{PeriodText(kind, data)}，零报告）",
            var k => $"{k}（{PeriodText(kind, data)}）",
        };
        return new ReportDocument(kind, title, IncidentDrafter.Header(options, kind, number, nowUtc), draft.Sections(), f.Facts);
    }

    /// <summary>
    /// The incidents behind a count: the first <c>MaxIncidentRefs</c> (the list is ordered by level, then posts) one by
    /// one, and the rest as one reference to the whole list (<see cref="Refs.IncidentList"/>), so a busy week's appendix
    /// stays readable and every incident stays reachable.
    /// </summary>
    private IEnumerable<SourceRef> IncidentRefs(IReadOnlyList<IncidentRecord> incidents, PeriodData data, string? filter)
    {
        var cited = incidents.Take(options.MaxIncidentRefs).Select(Refs.Incident);
        var rest = incidents.Count - options.MaxIncidentRefs;
        return rest <= 0 ? cited : cited.Append(Refs.IncidentList(data.FromUtc, data.ToUtc, filter, rest));
    }

    private static string PeriodText(string kind, PeriodData data) =>
        kind == ReportKinds.Daily && data.ToUtc - data.FromUtc <= TimeSpan.FromDays(1)
            ? Words.Date(data.FromUtc)
            : $"{Words.Date(data.FromUtc)}至{Words.Date(data.ToUtc.AddTicks(-1))}";

    private static Para Breakdown(string heading, IReadOnlyDictionary<string, long> counts, Func<string, string> name, FactBook f, SourceRef source)
    {
        var p = new Para().T(heading);
        if (counts.Count == 0)
        {
            return p.T("无。");
        }

        var i = 0;
        foreach (var (key, n) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            p.T(i++ == 0 ? string.Empty : "，").F(f.Add($"{name(key)}{Words.Count(n)}条", source));
        }

        return p.T("。");
    }
}
