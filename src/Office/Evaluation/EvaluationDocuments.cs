using System.Globalization;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Office.Evaluation;

/// <summary>Turns evaluations into the plain document model (<see cref="OfficeDocument"/>), one numbered section per topic.</summary>
public static class EvaluationDocuments
{
    public static OfficeDocument Incident(IncidentEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var i = e.Incident;
        var late = e.LateSteps;
        var summary = new DocParagraph(
            $"事件 #{i.Id}「{i.Title}」，{i.Level.Roman()}级，{i.PostCount} 条信息，平台 {string.Join("、", i.Platforms)}；状态 {State(i.State)}。" +
            (late.Count == 0 ? "各环节均在时限内完成（或未设时限）。" : $"{late.Count} 个环节超时：{string.Join("、", late.Select(s => EvaluationSteps.ChineseName(s.Step) + (s.By is null ? "" : $"（{s.By}）")))}。"),
            [Refs.Incident(i)]);
        var sections = new List<DocSection>
        {
            new("概况", [summary]),
            new("处置时间线（对照预案时限）", [TimelineTable(e.Timeline)]),
            new("响应人员签收", e.Responders.Count == 0
                ? [new DocParagraph("无通知记录。", [Refs.Incident(i)])]
                : [new DocTable(["人员", "渠道", "告警", "通知时间", "签收人", "签收时间", "用时（分钟）"],
                    e.Responders.Select(r => new DocRow([r.Responder, r.Channel, "#" + r.AlertId, Time(r.NotifiedUtc), r.AcknowledgedBy ?? "未签收", r.AcknowledgedUtc is { } a ? Time(a) : "—", r.Minutes is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) : "—"],
                        [r.Source], r.AcknowledgedUtc is null)).ToList())]),
            new("研判员与处置人员的工作", e.Actions.Count == 0
                ? [new DocParagraph("无记录。", [Refs.Incident(i)])]
                : [new DocTable(["时间", "人员", "动作", "内容"], e.Actions.Select(a => new DocRow([Time(a.AtUtc), a.Actor, a.What, Short(a.Detail)], [a.Source])).ToList())]),
            new("模型误判（研判反馈）", e.Mistakes.Count == 0
                ? [new DocParagraph("研判反馈未发现模型误判。", [Refs.Incident(i)])]
                : [new DocTable(["信息", "模型判定", "研判结论", "研判人"], e.Mistakes.Select(m => new DocRow(["#" + m.PostId, m.Predicted, m.Decided, m.By], m.Sources)).ToList())]),
        };
        return new OfficeDocument($"{e.Marker}总结评估：事件 #{i.Id}", $"生成时间 {Time(e.AtUtc)}（北京时间）", sections);
    }

    public static OfficeDocument Sitting(string name, DateTimeOffset fromUtc, DateTimeOffset toUtc, IReadOnlyList<IncidentEvaluation> evaluations, string marker, DateTimeOffset atUtc)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var overview = new DocParagraph(
            $"{name}（{Time(fromUtc)} 至 {Time(toUtc)}）共 {evaluations.Count} 起事件：" +
            string.Join("，", evaluations.GroupBy(e => e.Incident.Level).OrderBy(g => g.Key).Select(g => $"{g.Key.Roman()}级 {g.Count()} 起")) +
            $"；超时环节共 {evaluations.Sum(e => e.LateSteps.Count)} 个。",
            evaluations.Select(e => Refs.Incident(e.Incident)).ToList());
        var incidents = new DocTable(["事件", "级别", "状态", "签收用时（分钟）", "超时环节"],
            evaluations.Select(e => new DocRow(
                ["#" + e.Incident.Id + " " + Short(e.Incident.Title), e.Incident.Level.Roman() + "级", State(e.Incident.State), Taken(e, EvaluationSteps.Acknowledged),
                    e.LateSteps.Count == 0 ? "无" : string.Join("、", e.LateSteps.Select(s => EvaluationSteps.ChineseName(s.Step) + (s.By is null ? "" : $"（{s.By}）")))],
                [Refs.Incident(e.Incident)], e.LateSteps.Count > 0)).ToList());
        var steps = new DocTable(["环节", "完成", "超时", "用时中位数（分钟）"],
            EvaluationSteps.All.Select(step =>
            {
                var rows = evaluations.Select(e => e.Timeline.First(t => t.Step == step)).ToList();
                var taken = rows.Where(r => r.TakenMinutes is not null).Select(r => r.TakenMinutes!.Value).Order().ToList();
                return new DocRow([EvaluationSteps.ChineseName(step), rows.Count(r => r.AtUtc is not null) + "/" + rows.Count, rows.Count(r => r.Late).ToString(CultureInfo.InvariantCulture),
                        taken.Count == 0 ? "—" : taken[taken.Count / 2].ToString("0.#", CultureInfo.InvariantCulture)],
                    evaluations.SelectMany(e => e.Timeline.First(t => t.Step == step).Sources).DistinctBy(r => r.Key).Take(20).ToList(), rows.Any(r => r.Late));
            }).ToList());
        var people = new DocTable(["人员", "通知次数", "签收次数", "签收用时中位数（分钟）"],
            evaluations.SelectMany(e => e.Responders).GroupBy(r => r.Responder).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var minutes = g.Where(r => r.Minutes is not null).Select(r => r.Minutes!.Value).Order().ToList();
                return new DocRow([g.Key, g.Count().ToString(CultureInfo.InvariantCulture), minutes.Count.ToString(CultureInfo.InvariantCulture),
                    minutes.Count == 0 ? "—" : minutes[minutes.Count / 2].ToString("0.#", CultureInfo.InvariantCulture)], g.Select(r => r.Source).DistinctBy(r => r.Key).ToList());
            }).ToList());
        var mistakes = evaluations.Sum(e => e.Mistakes.Count);
        return new OfficeDocument($"{marker}总结评估：{name}", $"生成时间 {Time(atUtc)}（北京时间）",
        [
            new DocSection("概况", [overview]),
            new DocSection("事件一览", [incidents]),
            new DocSection("各环节对照时限", [steps]),
            new DocSection("响应人员", [people]),
            new DocSection("模型误判", [new DocParagraph($"研判反馈指出模型误判 {mistakes} 条。", evaluations.Where(e => e.Mistakes.Count > 0).Select(e => Refs.Incident(e.Incident)).ToList())]),
        ]);
    }

    /// <summary>
    /// The evaluation as a <see cref="ReportDocument"/> (kind <c>evaluation</c>) for the reports' DOCX/PDF writers: each
    /// paragraph a fact carrying its sources (footnote and appendix), each table row a paragraph
    /// (<c>环节：签收；时间：…</c>) likewise; a late row starts with 【超时】. A statement without a source stays plain text.
    /// </summary>
    public static ReportDocument ToReport(OfficeDocument document, ReportHeader header, bool exercise)
    {
        ArgumentNullException.ThrowIfNull(document);
        var draft = new Draft(new FactBook());
        if (document.Subtitle.Length > 0)
        {
            draft.Section("说明");
            draft.Add(new Para().T(document.Subtitle + "。"));
        }

        foreach (var section in document.Sections)
        {
            draft.Section(section.Heading);
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case DocParagraph p:
                        draft.Add(Stated(draft.Facts, p.Text, p.Sources));
                        break;
                    case DocTable t:
                        foreach (var row in t.Rows)
                        {
                            var text = string.Join("；", row.Cells.Select((c, n) => (n < t.Header.Count ? t.Header[n] + "：" : string.Empty) + c));
                            draft.Add(Stated(draft.Facts, (row.Flagged ? "【超时】" : string.Empty) + text + "。", row.Sources));
                        }

                        break;
                }
            }
        }

        return new ReportDocument(ReportKinds.Evaluation, document.Title, header, draft.Sections(), draft.Facts.Facts, exercise);
    }

    private static Para Stated(FactBook facts, string text, IReadOnlyList<SourceRef> sources) =>
        sources.Count == 0 ? new Para().T(text) : new Para().F(facts.Add(text, sources));

    private static DocTable TimelineTable(IReadOnlyList<TimelineStep> timeline) =>
        new(["环节", "时间", "人员", "时限", "用时（分钟）", "说明"],
            timeline.Select(s => new DocRow(
                [EvaluationSteps.ChineseName(s.Step), s.AtUtc is { } at ? Time(at) : "—", s.By ?? "—",
                    s.TargetMinutes is { } t ? $"{EvaluationSteps.ChineseName(s.From!)}后 {t:0.#} 分钟" : "—",
                    s.TakenMinutes is { } m ? $"{m.ToString("0.#", CultureInfo.InvariantCulture)}（自{EvaluationSteps.ChineseName(s.From!)}）" : "—", (s.Late ? "⚠ " : string.Empty) + s.Note],
                s.Sources, s.Late)).ToList());

    private static string Taken(IncidentEvaluation e, string step) =>
        e.Timeline.First(t => t.Step == step).TakenMinutes is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    private static string State(string state) => state switch { IncidentStates.Open => "处置中", IncidentStates.Closed => "已关闭", _ => state };

    private static string Time(DateTimeOffset t) => Core.Time.ChinaTime.ToBeijing(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
