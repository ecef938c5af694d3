using SentimentWatch.DrillSites.Sites;

namespace SentimentWatch.DrillSites.Tests.Sites;

public sealed class TimeFormatsTests
{
    // 2024-09-14 10:00 Beijing.
    private static readonly DateTimeOffset Now = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-30, "刚刚")]
    [InlineData(-3 * 60, "3分钟前")]
    [InlineData(-2 * 3600, "今天 08:00")]
    [InlineData(-11 * 3600, "昨天 23:00")]
    [InlineData(-3 * 86400, "09-11 10:00")]
    [InlineData(-300 * 86400, "2023-11-19 10:00")]
    public void Weibo_Offsets_PlatformStrings(int seconds, string expected) =>
        Assert.Equal(expected, TimeFormats.Weibo(Now.AddSeconds(seconds), Now));

    [Theory]
    [InlineData(0, "刚刚")]
    [InlineData(-20, "20&nbsp;秒前")]
    [InlineData(-3 * 60, "3&nbsp;分钟前")]
    [InlineData(-40 * 60, "半小时前")]
    [InlineData(-2 * 3600, "2&nbsp;小时前")]
    [InlineData(-11 * 3600, "昨天&nbsp;23:00")]
    [InlineData(-35 * 3600, "前天&nbsp;23:00")]
    [InlineData(-4 * 86400, "4&nbsp;天前")]
    public void DiscuzRelative_Offsets_DgmdateStrings(int seconds, string expected) =>
        Assert.Equal(expected, TimeFormats.DiscuzRelative(Now.AddSeconds(seconds), Now));

    [Fact]
    public void DiscuzRelative_OlderThanAWeek_Null() => Assert.Null(TimeFormats.DiscuzRelative(Now.AddDays(-9), Now));

    [Theory]
    [InlineData(-30 * 60, "09:30")]
    [InlineData(-86400, "9-13")]
    [InlineData(-400 * 86400, "2023-8-11")]
    public void TiebaList_Offsets_ListStrings(int seconds, string expected) =>
        Assert.Equal(expected, TimeFormats.TiebaList(Now.AddSeconds(seconds), Now));

    [Fact]
    public void AbsoluteFormats_BeijingTime_PlatformStrings()
    {
        Assert.Equal("2024-09-14 10:00", TimeFormats.TiebaFloor(Now));
        Assert.Equal("2024-9-14 10:00", TimeFormats.TiebaLzl(Now));
        Assert.Equal("2024-9-14 10:00", TimeFormats.DiscuzDateTime(Now));
        Assert.Equal("2024-9-14", TimeFormats.DiscuzDate(Now));
        Assert.Equal("2024年9月14日 10:00", TimeFormats.News(Now));
        Assert.Equal(1726279200, TimeFormats.Epoch(Now));
        Assert.Equal("Sat, 14 Sep 2024 10:00:00 +0800", TimeFormats.Rfc822(Now));
        Assert.Equal("2024-09-14T10:00:00+08:00", TimeFormats.Rfc3339(Now));
    }
}
