using System.Globalization;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Office.Facts;

/// <summary>Builds <see cref="SourceRef"/>s for store records, with the label the appendix prints.</summary>
public static class Refs
{
    private static string N(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static SourceRef Post(IncidentPost p) =>
        new(SourceKinds.Post, N(p.PostId), p.Url.AbsoluteUri, $"帖子 #{p.PostId}（{p.Platform}，{Words.Time(p.At)}）");

    public static SourceRef Incident(IncidentRecord i) =>
        new(SourceKinds.Incident, N(i.Id), null, $"事件 #{i.Id}（{i.Level.Roman()}级，首发 {Words.Time(i.FirstSeenUtc)}）");

    public static SourceRef Alert(AlertRecord a) =>
        new(SourceKinds.Alert, N(a.Id), null, $"预警 #{a.Id}（{a.Level.Roman()}级，{Words.Time(a.CreatedUtc)}）");

    public static SourceRef Action(IncidentAction a) =>
        new(SourceKinds.Action, $"{a.IncidentId}/{a.Id}", null, $"处置记录 #{a.Id}（{Words.Action(a.Action)}，{a.By}，{Words.Time(a.AtUtc)}）");

    public static SourceRef Work(IncidentWorkItem w) =>
        new(SourceKinds.Work, $"{w.IncidentId}/{w.Id}", w.Url?.AbsoluteUri, $"值班台记录 #{w.Id}（{Words.Work(w.Kind)}，{w.Actor}，{Words.Time(w.AtUtc)}）");

    public static SourceRef Evidence(EvidenceItem e) =>
        new(SourceKinds.Evidence, e.Id, e.Url.AbsoluteUri, $"证据包 {e.Id}（{Words.Time(e.CreatedAtUtc)}）");

    public static SourceRef Takedown(TakedownRequest t) =>
        new(SourceKinds.Takedown, N(t.Id), t.Url.AbsoluteUri, $"删帖请求 #{t.Id}（{Words.Time(t.RequestedAtUtc)}）");

    public static SourceRef Source(string sourceId) =>
        new(SourceKinds.Source, sourceId, null, $"采集源 {sourceId} 的运行记录");

    public static SourceRef Report(ReportRecord r) =>
        new(SourceKinds.Report, N(r.Id), null, $"{Words.Kind(r.Kind)} #{r.Id}（第{r.Number}期，{Words.Time(r.CreatedUtc)}）");

    /// <summary>A post by id only, when the caller has no <see cref="IncidentPost"/> (the label then names no platform).</summary>
    public static SourceRef Post(long postId, string platform, DateTimeOffset at, Uri? url) =>
        new(SourceKinds.Post, N(postId), url?.AbsoluteUri, $"帖子 #{postId}（{platform}，{Words.Time(at)}）");

    public static SourceRef Classification(StoredClassification c) =>
        new(SourceKinds.Classification, N(c.Sequence), null, $"分类记录 #{c.Sequence}（帖子 #{c.PostId}，{Words.Label(c.Result.Label)}，模型 {c.Result.ModelVersion}，{Words.Time(c.AtUtc)}）");

    public static SourceRef PressLine(PressLineStep s) =>
        new(SourceKinds.PressLine, $"{s.VersionId}/{s.Id}", null, $"口径版本 #{s.VersionId} 的{s.Step}（{s.Actor}，{Words.Time(s.AtUtc)}）");

    /// <summary>A count anyone can re-run: posts first stored in [from, to).</summary>
    public static SourceRef PostCount(DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        new(SourceKinds.Query, $"posts {Iso(fromUtc)} {Iso(toUtc)}", null, $"库内统计：{Words.Time(fromUtc)} 至 {Words.Time(toUtc)} 入库的帖子（sw reports tally --from {Iso(fromUtc)} --to {Iso(toUtc)}）");

    /// <summary>
    /// The rest of a period report's incident list, beyond the incidents cited one by one: a reference that re-opens the
    /// whole list (console <c>/reports?handler=Incidents&amp;q=…</c>, or <c>sw reports incidents "…"</c>).
    /// </summary>
    public static SourceRef IncidentList(DateTimeOffset fromUtc, DateTimeOffset toUtc, string? filter, int rest)
    {
        var id = IncidentQuery.Id(fromUtc, toUtc, filter);
        return new(SourceKinds.Query, id, null, $"及其余 {rest} 起（完整清单：控制台 /reports?handler=Incidents&q={Uri.EscapeDataString(id)}，或 sw reports incidents \"{id}\"）");
    }

    /// <summary>A setting stated as a fact (a press line's 发布单位, 举报电话…), by its full configuration key.</summary>
    public static SourceRef Config(string key) =>
        new(SourceKinds.Config, key, null, $"配置项 {key}");

    /// <summary>The clock when a text was filled.</summary>
    public static SourceRef Clock(DateTimeOffset at) =>
        new(SourceKinds.Clock, Iso(at), null, $"填写时间 {Words.Time(at)}");

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
