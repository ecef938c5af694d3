using System.Globalization;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Time;

namespace SentimentWatch.DutyConsole.Rendering;

/// <summary>Display words for the pages (Chinese), in one place.</summary>
public static class Show
{
    public static string Time(DateTimeOffset t) => ChinaTime.ToBeijing(t).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string FullTime(DateTimeOffset? t) => t is { } v ? ChinaTime.ToBeijing(v).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Level(IncidentLevel level) => level == IncidentLevel.None ? "未分级" : level.Roman() + "级";

    public static string LevelClass(IncidentLevel level) => level switch
    {
        IncidentLevel.I => "l1",
        IncidentLevel.II => "l2",
        IncidentLevel.III => "l3",
        IncidentLevel.IV => "l4",
        _ => "l0",
    };

    public static string Label(string? label) => label switch
    {
        "leak" => "泄题",
        "answer_selling" => "售卖答案",
        "cheating" => "组织作弊",
        "fraud" => "考试诈骗",
        "rumour" => "谣言",
        "complaint" => "投诉",
        "normal" => "正常",
        null => "—",
        _ => label,
    };

    public static string AlertState(string state) => state switch
    {
        "open" => "待研判",
        "acknowledged" => "已签收",
        "resolved" => "已处置",
        "silenced" => "已静默",
        "superseded" => "已被取代",
        _ => state,
    };

    public static string IncidentState(string state) => state switch
    {
        IncidentStates.Open => "处置中",
        IncidentStates.Closed => "已关闭",
        IncidentStates.Merged => "已合并",
        _ => state,
    };

    /// <summary>A takedown's state: removed (when), overdue, or still tracked; and whether the overdue alert went out.</summary>
    public static string Takedown(Incidents.TakedownRow t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var r = t.Request;
        var state = r.State == TakedownState.Removed ? "已删除 " + FullTime(r.RemovedAtUtc) : t.Overdue ? "超期仍在线" : "跟踪中（仍在线）";
        return state + (r.OverdueAlertedAtUtc is { } at ? "，已告警 " + FullTime(at) : string.Empty);
    }

    public static string Observation(TakedownObservation o) => o switch
    {
        TakedownObservation.StillOnline => "仍在线",
        TakedownObservation.Removed => "已删除",
        _ => "无法判断",
    };

    public static string Percent(double? p) => p is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v * 100:0}%") : "—";

    /// <summary>An external link target only for http(s) URLs; anything else (javascript:, data:) is shown as text, never linked.</summary>
    public static string? SafeHref(Uri? url) => url is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.AbsoluteUri : null;
}
