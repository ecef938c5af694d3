using SentimentWatch.Core.Calendar;

namespace SentimentWatch.Core.Tests.Calendar;

public sealed class ExamCalendarOptionsValidatorTests
{
    [Fact]
    public void Validate_EveryBadKey_NamedAtOnce()
    {
        var options = new ExamCalendarOptions
        {
            Sittings =
            [
                new()
                {
                    Name = "2026 客观题",
                    Sessions =
                    [
                        new() { Date = "2026-09-12", Start = "08:30", End = "11:30", Batch = 1 },
                        new() { Date = "2026-09-12", Start = "11:00", End = "12:00", Batch = 1 },
                        new() { Date = "2026-13-01", Start = "8.30", End = "17:00", Batch = 0 },
                    ],
                },
                new() { Name = "2026 客观题" },
            ],
            Stages = [new() { Name = "考试实施", Start = "2026-09-12", End = "2026-09-11" }],
        };

        var failures = new ExamCalendarOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Calendar:Sittings:0:Sessions:1:Start '11:00' overlaps session 0", failures);
        Assert.Contains("Calendar:Sittings:0:Sessions:2:Date '2026-13-01' is not a date yyyy-MM-dd (Beijing)", failures);
        Assert.Contains("Calendar:Sittings:0:Sessions:2:Start '8.30' is not a time HH:mm (Beijing)", failures);
        Assert.Contains("Calendar:Sittings:0:Sessions:2:Batch '0' must be 1 or more", failures);
        Assert.Contains("Calendar:Sittings:1:Name '2026 客观题' is used by another sitting", failures);
        Assert.Contains(failures, f => f.StartsWith("Calendar:Sittings:1:Sessions:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Calendar:Stages:0:Name '考试实施' is a sitting", StringComparison.Ordinal));
        Assert.Contains("Calendar:Stages:0:End '2026-09-11' is before Start 2026-09-12", failures);
    }

    [Fact]
    public void Validate_EmptyCalendar_Valid()
    {
        Assert.True(new ExamCalendarOptionsValidator().Validate(null, new ExamCalendarOptions()).Succeeded);
    }
}
