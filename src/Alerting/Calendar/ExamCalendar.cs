using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Calendar;

/// <summary>Where a moment falls in the exam calendar.</summary>
/// <param name="Stage">Stage name, or null outside every stage.</param>
/// <param name="Label">The stage's label (e.g. <c>2024 客观题</c>).</param>
/// <param name="Sensitive">True inside a sensitive window (the stage itself or its margin days).</param>
public sealed record ExamMoment(string? Stage, string? Label, bool Sensitive);

/// <summary>Answers "which exam stage is it, and is it a sensitive time?" from <see cref="ExamCalendarOptions"/>.</summary>
public sealed class ExamCalendar
{
    private readonly IReadOnlyList<(ExamStageOptions Stage, DateOnly Start, DateOnly End)> _stages;

    public ExamCalendar(IOptions<ExamCalendarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stages = options.Value.Stages
            .Select(s => (s, ParseDate(s.Start), ParseDate(s.End)))
            .Where(t => t.Item2 is not null && t.Item3 is not null)
            .Select(t => (t.s, t.Item2!.Value, t.Item3!.Value))
            .ToList();
    }

    /// <summary>
    /// The stage at <paramref name="at"/> (Beijing date). When stages overlap the sensitive one wins; a moment only
    /// inside a stage's sensitive margin reports that stage with <see cref="ExamMoment.Sensitive"/> true.
    /// </summary>
    public ExamMoment At(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(ChinaTime.ToBeijing(at).DateTime);
        ExamMoment? inside = null;
        foreach (var (stage, start, end) in _stages)
        {
            if (day >= start && day <= end)
            {
                var m = new ExamMoment(stage.Name, stage.Label, stage.Sensitive);
                if (m.Sensitive)
                {
                    return m;
                }

                inside ??= m;
            }
        }

        foreach (var (stage, start, end) in _stages)
        {
            if (stage.Sensitive && day >= start.AddDays(-stage.SensitiveDaysBefore) && day <= end.AddDays(stage.SensitiveDaysAfter))
            {
                return new ExamMoment(inside?.Stage ?? stage.Name, inside?.Label ?? stage.Label, true);
            }
        }

        return inside ?? new ExamMoment(null, null, false);
    }

    internal static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
