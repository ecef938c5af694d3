using System.Globalization;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Office.Reports;

/// <summary>The Chinese words reports print for codes: labels, kinds, section numbers, Beijing times.</summary>
public static class Words
{
    public static string Label(string label) => label switch
    {
        Labels.Leak => "涉嫌泄露考题",
        Labels.AnswerSelling => "兜售答案",
        Labels.Cheating => "组织作弊",
        Labels.Fraud => "考试诈骗",
        Labels.Rumour => "谣言",
        Labels.Complaint => "考生投诉",
        Labels.Normal => "一般讨论",
        _ => label,
    };

    public static string Kind(string kind) => kind switch
    {
        ReportKinds.Flash => "舆情快报",
        ReportKinds.FollowUp => "舆情续报",
        ReportKinds.Special => "舆情专报",
        ReportKinds.Daily => "舆情日报",
        ReportKinds.Weekly => "舆情周报",
        ReportKinds.Sitting => "考试期间舆情专报",
        ReportKinds.Evaluation => "总结评估",
        _ => kind,
    };

    /// <summary>The masthead's last words: 快报, 续报, 专报, 日报, 周报, 考试期间专报.</summary>
    public static string Short(string kind) => kind switch
    {
        ReportKinds.Sitting => "考试期间专报",
        ReportKinds.Evaluation => "总结评估",
        _ => Kind(kind)[2..],
    };

    public static string Level(IncidentLevel level) => $"{level.Roman()}级（{level.ChineseName()}）";

    public static string Action(string action) => action switch
    {
        IncidentActionKinds.Close => "结案",
        IncidentActionKinds.Reopen => "重新打开",
        IncidentActionKinds.MergeIn => "合并事件",
        IncidentActionKinds.MergedInto => "并入其他事件",
        IncidentActionKinds.Downgrade => "调整等级",
        IncidentActionKinds.Acknowledge => "确认预警",
        IncidentActionKinds.Silence => "标记误报",
        IncidentActionKinds.Feedback => "研判反馈",
        IncidentActionKinds.ReportDrafted => "报告自动起草",
        IncidentActionKinds.ReportSent => "报告报送",
        _ => action,
    };

    public static string Work(string kind) => kind switch
    {
        IncidentWorkKinds.Assign => "指派处置人员",
        IncidentWorkKinds.SharePolice => "移交公安机关",
        IncidentWorkKinds.Guidance => "发布引导评论",
        IncidentWorkKinds.Note => "处置备注",
        _ => kind,
    };

    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"];

    /// <summary>一、二、… for section <paramref name="index"/> (0-based).</summary>
    public static string SectionNumber(int index) => (index < Numerals.Length ? Numerals[index] : (index + 1).ToString(CultureInfo.InvariantCulture)) + "、";

    public static string Time(DateTimeOffset t) => ChinaTime.ToBeijing(t).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset t) => ChinaTime.ToBeijing(t).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
