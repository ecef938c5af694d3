using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class CountTextTests
{
    [Theory]
    [InlineData("23", 23L)]
    [InlineData("1.2万", 12_000L)]
    [InlineData("3千", 3_000L)]
    [InlineData("10万+", 100_000L)]
    [InlineData("1.1亿", 110_000_000L)]
    [InlineData("1,234", 1_234L)]
    [InlineData("2.5k", 2_500L)]
    [InlineData("3W", 30_000L)]
    [InlineData("评论(1.5万)", 15_000L)]
    [InlineData("赞(12)", 12L)]
    [InlineData("１２３", 123L)]
    [InlineData(" 45 次查看", 45L)]
    public void Parse_PrintedCount_ReturnsNumber(string raw, long expected)
    {
        Assert.Equal(expected, CountText.Parse(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("评论")]
    public void Parse_NoDigits_ReturnsNull(string? raw)
    {
        Assert.Null(CountText.Parse(raw));
    }

    [Fact]
    public void Parse_LabelOnlyWhenZeroAllowed_ReturnsZero()
    {
        Assert.Equal(0L, CountText.Parse("转发", labelOnlyIsZero: true));
    }

    [Fact]
    public void Parse_Overflow_ReturnsNull()
    {
        Assert.Null(CountText.Parse("99999999999999999999亿"));
    }
}
