using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Grading;

public sealed class GazetteerTests
{
    private static Gazetteer Make() => new(Some.Wrap(Some.Options().Gazetteer));

    [Fact]
    public void Find_AliasInText_ReturnsSiteId()
    {
        Assert.Equal(["qz-qztc"], Make().Find("今天泉师考点门口有人拉横幅"));
    }

    [Fact]
    public void Find_TwoSites_ReturnsBothInOrderOfAppearance()
    {
        Assert.Equal(["qz-lmu", "qz-hqu"], Make().Find("黎明大学考点断网，华侨大学考点正常"));
    }

    [Fact]
    public void Find_LongNameContainingShortAlias_CountsOnce()
    {
        Assert.Equal(["qz-zone"], Make().Find("泉州考区今年考生较多，泉州考区秩序良好"));
    }

    [Fact]
    public void Find_NoSiteOrEmpty_ReturnsEmpty()
    {
        Assert.Empty(Make().Find("北京今天下雨"));
        Assert.Empty(Make().Find(null));
    }
}
