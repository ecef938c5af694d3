using System.Globalization;
using Microsoft.Extensions.Configuration;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Classifier.Features;

/// <summary>
/// The exam sittings the timing feature measures against, so the feature is never dead for want of configuration.
/// Sources, most specific first: <c>Classifier:ExamWindows</c> (exact times); else the <c>考试实施</c> stages of the
/// alerting calendar (<c>Alerting:Calendar:Stages</c>, Beijing dates — the one calendar the office maintains, read as
/// configuration so the stages stay independent); then, for every year neither covers, the built-in pattern: the 2024
/// sittings (客观题 14–15 September, 主观题 12–13 October) and, for later years, the Saturday–Sunday nearest the same
/// dates, marked "estimated" in reasons. Estimates are off by a day or two at most in recent years, which the 7-day
/// lead and 3-day trail absorb; the real dates belong in the calendar each year.
/// </summary>
internal static class ExamSittings
{
    /// <summary>The sample year whose dates anchor the pattern (2024 plan, 泉司〔2024〕64号 period).</summary>
    public const int SampleYear = 2024;

    /// <summary>Last year the pattern is projected to.</summary>
    public const int LastEstimatedYear = 2040;

    private const string ExamStage = "考试实施";

    private static readonly (string Name, int Month, int Day)[] SampleSittings = [("客观题", 9, 14), ("主观题", 10, 12)];

    /// <summary>The effective list: configured windows, else calendar sittings, plus the pattern for uncovered years.</summary>
    public static IReadOnlyList<ExamWindow> Resolve(IReadOnlyList<ExamWindow> configured, IReadOnlyList<ExamWindow> calendar, bool estimate)
    {
        var explicitWindows = configured.Count > 0 ? configured : calendar;
        var result = new List<ExamWindow>(explicitWindows);
        if (!estimate)
        {
            return result;
        }

        var covered = explicitWindows.Select(w => ChinaTime.ToBeijing(w.Start).Year).ToHashSet();
        for (var year = SampleYear; year <= LastEstimatedYear; year++)
        {
            if (!covered.Contains(year))
            {
                result.AddRange(Pattern(year));
            }
        }

        return result;
    }

    /// <summary>The two sittings of <paramref name="year"/>: the 2024 dates exactly, later years the nearest weekend.</summary>
    public static IEnumerable<ExamWindow> Pattern(int year)
    {
        foreach (var (name, month, day) in SampleSittings)
        {
            var saturday = NearestSaturday(new DateOnly(year, month, day));
            yield return Days(year == SampleYear ? $"{year} {name}" : $"{year} {name}（推算）", saturday, saturday.AddDays(1));
        }
    }

    /// <summary>The <c>考试实施</c> stages of <c>Alerting:Calendar:Stages</c> as whole Beijing days; unparsable stages are skipped (alerting validates its own calendar).</summary>
    public static IReadOnlyList<ExamWindow> FromCalendar(IConfiguration stages)
    {
        var windows = new List<ExamWindow>();
        foreach (var stage in stages.GetChildren())
        {
            if (!string.Equals(stage["Name"], ExamStage, StringComparison.Ordinal)
                || !TryDate(stage["Start"], out var start) || !TryDate(stage["End"], out var end) || end < start)
            {
                continue;
            }

            var label = stage["Label"];
            windows.Add(Days(string.IsNullOrWhiteSpace(label) ? $"{ExamStage} {start:yyyy-MM-dd}" : label, start, end));
        }

        return windows;
    }

    private static ExamWindow Days(string name, DateOnly first, DateOnly last) => new()
    {
        Name = name,
        Start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset),
        End = new DateTimeOffset(last.ToDateTime(TimeOnly.MaxValue), ChinaTime.Offset),
    };

    private static DateOnly NearestSaturday(DateOnly d)
    {
        var offset = ((int)DayOfWeek.Saturday - (int)d.DayOfWeek + 7) % 7;
        return offset <= 3 ? d.AddDays(offset) : d.AddDays(offset - 7);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
