namespace SentimentWatch.Office.Evaluation;

/// <summary>
/// Targets of the evaluation (<c>Office:Evaluation</c>), taken from the plan: each step of an incident's handling
/// must happen within so long of another (by default of <c>first_stored</c>, when the system first knew), per level,
/// e.g. <c>Targets:acknowledged:Within:I = 00:10:00</c> for 第一时间报告.
/// </summary>
public sealed class EvaluationOptions
{
    public const string Section = "Office:Evaluation";

    /// <summary>Step name (see <see cref="EvaluationSteps"/>) → target.</summary>
    public Dictionary<string, StepTargetOptions> Targets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One step's target: how long after <see cref="From"/>, per level (I, II, III, IV); a level not named has no target.</summary>
public sealed class StepTargetOptions
{
    public string From { get; set; } = EvaluationSteps.FirstStored;

    /// <summary>Level → time allowed (a time span; the evaluation shows it in minutes). <c>Minutes</c> (a number) is no longer read.</summary>
    public Dictionary<string, TimeSpan> Within { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What the plan says, shown next to the target (e.g. 第一时间报告).</summary>
    public string Basis { get; set; } = string.Empty;
}

/// <summary>The steps of an incident's handling, in the order they normally happen.</summary>
public static class EvaluationSteps
{
    public const string FirstPost = "first_post";
    public const string FirstStored = "first_stored";
    public const string Classified = "classified";
    public const string Alerted = "alerted";
    public const string Acknowledged = "acknowledged";
    public const string ReportDrafted = "report_drafted";
    public const string ReportSent = "report_sent";
    public const string LineApproved = "line_approved";
    public const string EvidenceFrozen = "evidence_frozen";
    public const string Police = "police";
    public const string Takedown = "takedown";
    public const string Closed = "closed";

    public static IReadOnlyList<string> All { get; } = [FirstPost, FirstStored, Classified, Alerted, Acknowledged, ReportDrafted, ReportSent, LineApproved, EvidenceFrozen, Police, Takedown, Closed];

    public static string ChineseName(string step) => step switch
    {
        FirstPost => "首条信息发布",
        FirstStored => "首次入库",
        Classified => "完成分类",
        Alerted => "发出告警",
        Acknowledged => "签收（第一时间报告）",
        ReportDrafted => "快报就绪",
        ReportSent => "报告报送",
        LineApproved => "口径审定",
        EvidenceFrozen => "证据固定",
        Police => "移交公安",
        Takedown => "确认删除",
        Closed => "事件关闭",
        _ => step,
    };
}
