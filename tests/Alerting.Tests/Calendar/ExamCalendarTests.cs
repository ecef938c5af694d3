using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Calendar;

public sealed class ExamCalendarTests
{
    [Fact]
    public void At_ObjectiveExamDay_IsSensitiveExamStage()
    {
        var m = Some.Calendar().At(Some.Beijing(2024, 9, 14, 9));
        Assert.Equal("考试实施", m.Stage);
        Assert.True(m.Sensitive);
        Assert.Equal("2024 客观题", m.Label);
    }

    [Fact]
    public void At_DayBeforeSubjectiveExam_IsSensitiveMargin()
    {
        var m = Some.Calendar().At(Some.Beijing(2024, 10, 11, 20));
        Assert.True(m.Sensitive);
        Assert.Equal("考试实施", m.Stage);
    }

    [Fact]
    public void At_BeijingDateDiffersFromUtcDate_UsesBeijingDate()
    {
        // 2024-09-13 17:00 UTC is already 2024-09-14 01:00 in Beijing: the exam day.
        var m = Some.Calendar().At(new DateTimeOffset(2024, 9, 13, 17, 0, 0, TimeSpan.Zero));
        Assert.Equal("2024 客观题", m.Label);
    }

    [Fact]
    public void At_QuietSummerDay_HasNoStage()
    {
        var m = Some.Calendar().At(Some.Beijing(2024, 8, 1));
        Assert.Null(m.Stage);
        Assert.False(m.Sensitive);
    }

    [Fact]
    public void At_RegistrationStage_IsNotSensitive()
    {
        var m = Some.Calendar().At(Some.Beijing(2024, 6, 20));
        Assert.Equal("报名", m.Stage);
        Assert.False(m.Sensitive);
    }
}
