namespace SentimentWatch.Classifier.Features;

/// <summary>One exam sitting (e.g. the objective-question exam) during which leaks and cheating peak.</summary>
public sealed class ExamWindow
{
    /// <summary>Shown in reasons, e.g. <c>2026 客观题</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Start of the sitting (ISO 8601 with offset, e.g. <c>2026-09-19T08:00:00+08:00</c>).</summary>
    public DateTimeOffset Start { get; set; }

    /// <summary>End of the sitting.</summary>
    public DateTimeOffset End { get; set; }
}
