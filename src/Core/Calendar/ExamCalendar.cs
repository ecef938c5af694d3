using Microsoft.Extensions.Options;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Core.Calendar;

/// <summary>Where a moment falls in the exam calendar.</summary>
/// <param name="Stage">Stage name, or null outside every stage.</param>
/// <param name="Label">The stage's label (e.g. <c>2024 客观题</c>).</param>
/// <param name="Sensitive">True inside a sensitive window (the stage itself or its margin days).</param>
public sealed record ExamMoment(string? Stage, string? Label, bool Sensitive);

/// <summary>
/// Answers "which exam stage is it, and is it a sensitive time?" from the shared calendar (<see cref="ExamCalendarOptions"/>,
/// section <c>Calendar</c>): every sitting is a sensitive <c>考试实施</c> stage from its first to its last session's day,
/// plus the other dated stages.
/// </summary>
public sealed class ExamCalendar
{
    private readonly IReadOnlyList<(ExamMoment Moment, DateOnly Start, DateOnly End, int Before, int After)> _stages;

    public ExamCalendar(IOptions<ExamCalendarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sittings = new ExamSchedule(options.Value).Sittings
            .Select(s => (new ExamMoment(ExamCalendarOptions.SittingStage, s.Name, true), s.FirstDate, s.LastDate, s.SensitiveDaysBefore, s.SensitiveDaysAfter));
        var stages = options.Value.Stages
            .Select(s => (s, Ok: ExamSchedule.TryDate(s.Start, out var start) & ExamSchedule.TryDate(s.End, out var end), start, end))
            .Where(t => t.Ok)
            .Select(t => (new ExamMoment(t.s.Name, t.s.Label, t.s.Sensitive), t.start, t.end, t.s.SensitiveDaysBefore, t.s.SensitiveDaysAfter));
        _stages = sittings.Concat(stages).ToList();
    }

    /// <summary>
    /// The stage at <paramref name="at"/> (Beijing date). When stages overlap the sensitive one wins; a moment only
    /// inside a stage's sensitive margin reports that stage with <see cref="ExamMoment.Sensitive"/> true.
    /// </summary>
    public ExamMoment At(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(ChinaTime.ToBeijing(at).DateTime);
        ExamMoment? inside = null;
        foreach (var (moment, start, end, _, _) in _stages)
        {
            if (day >= start && day <= end)
            {
                if (moment.Sensitive)
                {
                    return moment;
                }

                inside ??= moment;
            }
        }

        foreach (var (moment, start, end, before, after) in _stages)
        {
            if (moment.Sensitive && day >= start.AddDays(-before) && day <= end.AddDays(after))
            {
                return new ExamMoment(inside?.Stage ?? moment.Stage, inside?.Label ?? moment.Label, true);
            }
        }

        return inside ?? new ExamMoment(null, null, false);
    }
}
