namespace SentimentWatch.Alerting.Calendar;

/// <summary>The exam calendar (<c>Alerting:Calendar</c>): stages with dates in Beijing time and their sensitive windows.</summary>
public sealed class ExamCalendarOptions
{
    public const string Section = "Alerting:Calendar";

    /// <summary>The stage names the ministry's plan monitors (报名, 考试实施, 答案异议, 试卷评阅, 成绩发布, 资格申请).</summary>
    public static IReadOnlyList<string> KnownStages { get; } = ["报名", "考试实施", "答案异议", "试卷评阅", "成绩发布", "资格申请"];

    public List<ExamStageOptions> Stages { get; set; } = [];
}

/// <summary>One dated stage of one exam year.</summary>
public sealed class ExamStageOptions
{
    /// <summary>One of <see cref="ExamCalendarOptions.KnownStages"/>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Free text shown in reasons, e.g. <c>2024 客观题</c>.</summary>
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
