namespace SentimentWatch.Core.Calendar;

/// <summary>
/// The exam calendar (<c>Calendar</c> section), the one place its dates are kept: the sittings with their sessions
/// (场次), which the classifier's timing features and alerting's grading both read, and the other dated stages of the
/// year (报名, 成绩发布 …) that alerting grades by. Beijing dates and times; no date is built into the code.
/// </summary>
public sealed class ExamCalendarOptions
{
    public const string Section = "Calendar";

    /// <summary>The stage a sitting is (alerting's content floors name it).</summary>
    public const string SittingStage = "考试实施";

    /// <summary>The stage names of the ministry's plan (报名, 考试实施, 答案异议, 试卷评阅, 成绩发布, 资格申请).</summary>
    public static IReadOnlyList<string> KnownStages { get; } = ["报名", SittingStage, "答案异议", "试卷评阅", "成绩发布", "资格申请"];

    /// <summary>The exam sittings (e.g. one year's 客观题 and 主观题), each with its sessions.</summary>
    public List<ExamSittingOptions> Sittings { get; set; } = [];

    /// <summary>Dated stages other than the sittings themselves (a <c>考试实施</c> stage here is refused: sittings carry it).</summary>
    public List<ExamStageOptions> Stages { get; set; } = [];
}

/// <summary>One sitting: the sessions of one exam in one year, all its batches.</summary>
public sealed class ExamSittingOptions
{
    /// <summary>Shown in reasons and incidents, e.g. <c>2026 客观题</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The sessions (场次), in any order.</summary>
    public List<ExamSessionOptions> Sessions { get; set; } = [];

    /// <summary>Days before the first session's date that alerting already treats as sensitive.</summary>
    public int SensitiveDaysBefore { get; set; } = 1;

    /// <summary>Days after the last session's date that alerting still treats as sensitive.</summary>
    public int SensitiveDaysAfter { get; set; } = 1;
}

/// <summary>One session: a paper sat by one batch at a given time (Beijing).</summary>
public sealed class ExamSessionOptions
{
    /// <summary>Beijing date, <c>yyyy-MM-dd</c>.</summary>
    public string Date { get; set; } = string.Empty;

    /// <summary>Beijing start time, <c>HH:mm</c>.</summary>
    public string Start { get; set; } = string.Empty;

    /// <summary>Beijing end time, <c>HH:mm</c>, after <see cref="Start"/> on the same day.</summary>
    public string End { get; set; } = string.Empty;

    /// <summary>The paper, e.g. <c>卷一</c> (shown in reasons).</summary>
    public string? Paper { get; set; }

    /// <summary>The batch (批次) sitting it, 1 or more; a sitting sat by everyone at once has only batch 1.</summary>
    public int Batch { get; set; } = 1;
}

/// <summary>One dated stage of one exam year other than a sitting.</summary>
public sealed class ExamStageOptions
{
    /// <summary>One of <see cref="ExamCalendarOptions.KnownStages"/> except <see cref="ExamCalendarOptions.SittingStage"/>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Free text shown in reasons, e.g. <c>2024 客观题成绩</c>.</summary>
    public string? Label { get; set; }

    /// <summary>First day (Beijing date, <c>yyyy-MM-dd</c>).</summary>
    public string Start { get; set; } = string.Empty;

    /// <summary>Last day, inclusive (Beijing date).</summary>
    public string End { get; set; } = string.Empty;

    /// <summary>Whether the stage lowers spread thresholds (敏感时间).</summary>
    public bool Sensitive { get; set; }

    /// <summary>Days before <see cref="Start"/> that already count as sensitive.</summary>
    public int SensitiveDaysBefore { get; set; }

    /// <summary>Days after <see cref="End"/> that still count as sensitive.</summary>
    public int SensitiveDaysAfter { get; set; }
}
