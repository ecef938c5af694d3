using SentimentWatch.Crawler.Collection;

namespace SentimentWatch.Crawler.Tests.Collection;

public sealed class AbstractsTests
{
    private const string Full = "#法考# 有人在卖今年客观题答案，[怒]大家别上当\n已向司法部举报，请大家不要轻信任何所谓的内部渠道";

    [Theory]
    [InlineData("#法考# 有人在卖今年客观题答案，[怒]大家别上当\n已向司法部举报 ...全文")]
    [InlineData("#法考# 有人在卖今年客观题答案，[怒]大家别上当 已向司法部举报…")]
    [InlineData("#法考# 有人在卖今年客观题答案，[怒]大家别上当\n已向司法部举报，请大家 展开全文")]
    public void IsAbstractOf_CutTextMarkedAsCut_True(string candidate) => Assert.True(Abstracts.IsAbstractOf(candidate, Full));

    [Theory]
    [InlineData("#法考# 有人在卖今年客观题答案，[怒]大家别上当")]
    [InlineData("#法考# 有人在卖今年客观题答案.")]
    [InlineData("#法考# 有人在卖明年客观题答案...全文")]
    [InlineData(Full)]
    [InlineData("...")]
    public void IsAbstractOf_UnmarkedOtherOrNotShorter_False(string candidate) => Assert.False(Abstracts.IsAbstractOf(candidate, Full));
}
