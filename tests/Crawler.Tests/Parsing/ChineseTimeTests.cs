using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class ChineseTimeTests
{
    // 2024-09-14 12:00 Beijing.
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 4, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Beijing(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) =>
        new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromHours(8)).ToUniversalTime();

    [Theory]
    [InlineData("刚刚", 0)]
    [InlineData("30秒前", 30)]
    [InlineData("3分钟前", 180)]
    [InlineData("3 分钟前", 180)]
    [InlineData("2小时前", 7200)]
    [InlineData("2个小时前", 7200)]
    [InlineData("半小时前", 1800)]
    [InlineData("1天前", 86400)]
    [InlineData("发表于 10 分钟前", 600)]
    public void Parse_RelativeTime_ResolvesAgainstFetchTime(string raw, int secondsAgo)
    {
        Assert.Equal(Now.AddSeconds(-secondsAgo), ChineseTime.Parse(raw, Now));
    }

    [Theory]
    [InlineData("今天 08:12", 2024, 9, 14, 8, 12)]
    [InlineData("昨天 23:05", 2024, 9, 13, 23, 5)]
    [InlineData("前天 07:00", 2024, 9, 12, 7, 0)]
    [InlineData("昨天", 2024, 9, 13, 0, 0)]
    [InlineData("今天 下午3:30", 2024, 9, 14, 15, 30)]
    public void Parse_DayWords_ResolveToBeijingCalendarDays(string raw, int y, int mo, int d, int h, int mi)
    {
        Assert.Equal(Beijing(y, mo, d, h, mi), ChineseTime.Parse(raw, Now));
    }

    [Fact]
    public void Parse_DayWordsJustAfterBeijingMidnight_UseTheBeijingDateNotTheUtcDate()
    {
        // 00:30 on 15 September in Beijing is still 14 September in UTC.
        var fetched = new DateTimeOffset(2024, 9, 14, 16, 30, 0, TimeSpan.Zero);
        Assert.Equal(Beijing(2024, 9, 14, 23, 5), ChineseTime.Parse("昨天 23:05", fetched));
    }

    [Theory]
    [InlineData("09-14 10:00", 2024, 9, 14, 10, 0)]
    [InlineData("9-14", 2024, 9, 14, 0, 0)]
    [InlineData("9月13日 18:30", 2024, 9, 13, 18, 30)]
    [InlineData("12-31 23:00", 2023, 12, 31, 23, 0)]
    [InlineData("09/01", 2024, 9, 1, 0, 0)]
    public void Parse_DateWithoutYear_ResolvesToMostRecentPastDate(string raw, int y, int mo, int d, int h, int mi)
    {
        Assert.Equal(Beijing(y, mo, d, h, mi), ChineseTime.Parse(raw, Now));
    }

    [Fact]
    public void Parse_LeapDayWithoutYear_StepsBackToALeapYear()
    {
        var fetched = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(Beijing(2024, 2, 29, 8, 0), ChineseTime.Parse("02-29 08:00", fetched));
    }

    [Theory]
    [InlineData("2024年9月14日 10:00", 2024, 9, 14, 10, 0, 0)]
    [InlineData("2024年09月14日10:00:30", 2024, 9, 14, 10, 0, 30)]
    [InlineData("2024-9-14 10:00", 2024, 9, 14, 10, 0, 0)]
    [InlineData("2024-09-14 10:00:05", 2024, 9, 14, 10, 0, 5)]
    [InlineData("2024/9/14", 2024, 9, 14, 0, 0, 0)]
    [InlineData("发表于 2024-9-14 10:15", 2024, 9, 14, 10, 15, 0)]
    [InlineData("２０２４年９月１４日 １０：００", 2024, 9, 14, 10, 0, 0)]
    [InlineData("2024-09-14T10:00:00", 2024, 9, 14, 10, 0, 0)]
    public void Parse_FullDate_IsBeijingTime(string raw, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.Equal(Beijing(y, mo, d, h, mi, s), ChineseTime.Parse(raw, Now));
    }

    [Theory]
    [InlineData("2024-09-14T10:00:00+08:00", "2024-09-14T02:00:00Z")]
    [InlineData("2024-09-14T02:00:00Z", "2024-09-14T02:00:00Z")]
    [InlineData("2024-09-13T20:00:00-06:00", "2024-09-14T02:00:00Z")]
    [InlineData("Sat, 14 Sep 2024 02:00:00 GMT", "2024-09-14T02:00:00Z")]
    [InlineData("Sat, 14 Sep 2024 10:00:00 +0800", "2024-09-14T02:00:00Z")]
    [InlineData("14 Sep 24 10:00 +0800", "2024-09-14T02:00:00Z")]
    [InlineData("Sat, 14 Sep 2024 10:00:00 CST", "2024-09-14T02:00:00Z")]
    [InlineData("Sat Sep 14 10:00:00 +0800 2024", "2024-09-14T02:00:00Z")]
    [InlineData("1726279200", "2024-09-14T02:00:00Z")]
    [InlineData("1726279200000", "2024-09-14T02:00:00Z")]
    public void Parse_ZonedAndEpochFormats_ResolveToTheSameInstant(string raw, string expectedUtc)
    {
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), ChineseTime.Parse(raw, Now));
    }

    [Theory]
    [InlineData("10:42", 2024, 9, 14, 10, 42)]
    [InlineData("23:30", 2024, 9, 13, 23, 30)]
    public void Parse_TimeOnly_IsTodayUnlessThatIsInTheFuture(string raw, int y, int mo, int d, int h, int mi)
    {
        Assert.Equal(Beijing(y, mo, d, h, mi), ChineseTime.Parse(raw, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("很久以前")]
    [InlineData("2024-13-45 10:00")]
    [InlineData("12345")]
    [InlineData("99:99")]
    public void Parse_Unreadable_ReturnsNull(string? raw)
    {
        Assert.Null(ChineseTime.Parse(raw, Now));
    }

    [Fact]
    public void Parse_ResultIsUtc()
    {
        Assert.Equal(TimeSpan.Zero, ChineseTime.Parse("2024年9月14日 10:00", Now)!.Value.Offset);
    }
}
