using Microsoft.Extensions.Configuration;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Testing;

namespace SentimentWatch.Core.Tests.Calendar;

public sealed class ExamScheduleTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>The brief's 2026 客观题: two batches, 卷一 08:30–11:30 and 卷二 14:00–17:00 each day; 主观题 one session.</summary>
    private static ExamCalendarOptions Brief2026() => new()
    {
        Sittings =
        [
            new()
            {
                Name = "2026 客观题",
                Sessions =
                [
                    // Out of order on purpose: the schedule sorts.
                    new() { Date = "2026-09-13", Start = "08:30", End = "11:30", Paper = "卷一", Batch = 2 },
                    new() { Date = "2026-09-12", Start = "08:30", End = "11:30", Paper = "卷一", Batch = 1 },
                    new() { Date = "2026-09-12", Start = "14:00", End = "17:00", Paper = "卷二", Batch = 1 },
                    new() { Date = "2026-09-13", Start = "14:00", End = "17:00", Paper = "卷二", Batch = 2 },
                ],
            },
            new() { Name = "2026 主观题", Sessions = [new() { Date = "2026-10-17", Start = "08:30", End = "12:30", Paper = "主观题" }] },
        ],
    };

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    [Fact]
    public void Inside_InASession_PhaseAndPaper()
    {
        var m = new ExamSchedule(Brief2026()).Inside(At(9, 13, 15));

        Assert.NotNull(m);
        Assert.Equal(SittingPhase.InSession, m.Phase);
        Assert.Equal(("卷二", 2), (m.Current.Paper, m.Current.Batch));
        Assert.Null(m.Next);
    }

    [Fact]
    public void Inside_EveningBetweenTheBatches_BetweenBatches()
    {
        var m = new ExamSchedule(Brief2026()).Inside(At(9, 12, 20, 30));

        Assert.NotNull(m);
        Assert.Equal(SittingPhase.BetweenBatches, m.Phase);
        Assert.Equal(1, m.Current.Batch);
        Assert.Equal(2, m.Next!.Batch);
    }

    [Fact]
    public void Inside_LunchBreakOfOneBatch_BetweenSessions()
    {
        var m = new ExamSchedule(Brief2026()).Inside(At(9, 13, 12, 30));

        Assert.Equal(SittingPhase.BetweenSessions, m!.Phase);
    }

    [Fact]
    public void Inside_EveningAfterTheLastSessionAndMorningBeforeTheFirst_Outside()
    {
        var schedule = new ExamSchedule(Brief2026());

        Assert.Null(schedule.Inside(At(9, 13, 17, 1)));
        Assert.Null(schedule.Inside(At(9, 12, 8, 29)));
        Assert.Null(schedule.Inside(At(10, 17, 19)));
        Assert.Equal(SittingPhase.InSession, schedule.Inside(At(10, 17, 12, 30))!.Phase);
    }

    [Fact]
    public void Sittings_FirstAndLastDates_FromTheSessions()
    {
        var objective = new ExamSchedule(Brief2026()).Sittings[0];

        Assert.Equal(At(9, 12, 8, 30), objective.FirstStart);
        Assert.Equal(At(9, 13, 17), objective.LastEnd);
        Assert.Equal((new DateOnly(2026, 9, 12), new DateOnly(2026, 9, 13)), (objective.FirstDate, objective.LastDate));
    }

    [Fact]
    public void ShippedCalendar_Valid_AndHasTheBriefs2026Sitting()
    {
        var path = Path.Combine(RepoPaths.Root, "config", "conf.d", "10-calendar.json");
        var options = new ExamCalendarOptions();
        new ConfigurationBuilder().AddJsonFile(path, optional: false).Build().GetSection(ExamCalendarOptions.Section).Bind(options);

        Assert.True(new ExamCalendarOptionsValidator().Validate(null, options).Succeeded);
        var schedule = new ExamSchedule(options);
        Assert.Equal(SittingPhase.BetweenBatches, schedule.Inside(At(9, 12, 19))!.Phase);
        Assert.Equal(4, schedule.Sittings.Single(s => s.Name == "2026 客观题").Sessions.Count);
        Assert.Contains(options.Stages, s => s.Name == "报名");
    }
}
