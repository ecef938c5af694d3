using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class UrlCanonicalizerTests
{
    [Fact]
    public void Canonicalize_SchemeHostCaseDefaultPortAndFragment_Normalised()
    {
        var url = UrlCanonicalizer.Canonicalize(new Uri("HTTPS://Tieba.Baidu.COM:443/p/9123456789#post_2"));
        Assert.Equal("https://tieba.baidu.com/p/9123456789", url.AbsoluteUri);
    }

    [Fact]
    public void Canonicalize_NonDefaultPort_Kept()
    {
        Assert.Equal("http://127.0.0.1:5080/p/1", UrlCanonicalizer.Canonicalize(new Uri("http://127.0.0.1:5080/p/1")).AbsoluteUri);
    }

    [Fact]
    public void Canonicalize_TrackingParameters_RemovedAndRestSorted()
    {
        var url = UrlCanonicalizer.Canonicalize(new Uri(
            "https://bbs.example.cn/forum.php?tid=12345&utm_source=wx&mod=viewthread&spm=a.b&from=timeline&share_token=x&fr=frs&page=2"));
        Assert.Equal("https://bbs.example.cn/forum.php?mod=viewthread&page=2&tid=12345", url.AbsoluteUri);
    }

    [Fact]
    public void Canonicalize_OnlyTrackingParameters_QueryDropped()
    {
        Assert.Equal("https://weibo.com/123/Abc", UrlCanonicalizer.Canonicalize(new Uri("https://weibo.com/123/Abc?from=page_100505&utm_medium=x")).AbsoluteUri);
    }

    [Fact]
    public void Canonicalize_RepeatedParameter_KeepsOrderOfValues()
    {
        var url = UrlCanonicalizer.Canonicalize(new Uri("https://x.cn/s?b=2&a=1&b=1"));
        Assert.Equal("https://x.cn/s?a=1&b=2&b=1", url.AbsoluteUri);
    }

    [Fact]
    public void Canonicalize_ProfileHostAliasAndExtraTracking_Applied()
    {
        var source = ParsingFixtures.Source("tieba");
        var mobile = UrlCanonicalizer.Canonicalize(new Uri("https://m.tieba.com/p/9123456789?share=9105&sfc=copy&pn=2"), source);
        var desktop = UrlCanonicalizer.Canonicalize(new Uri("https://tieba.baidu.com/p/9123456789?pn=2"), source);
        Assert.Equal(desktop, mobile);
        Assert.Equal("https://tieba.baidu.com/p/9123456789?pn=2", mobile.AbsoluteUri);
    }

    [Fact]
    public void Canonicalize_AliasOfOtherSource_NotApplied()
    {
        var source = new SourceOptions { CanonicalHosts = { ["m.weibo.cn"] = "weibo.com" } };
        Assert.Equal("m.tieba.com", UrlCanonicalizer.Canonicalize(new Uri("https://m.tieba.com/p/1"), source).Host);
        Assert.Equal("weibo.com", UrlCanonicalizer.Canonicalize(new Uri("https://M.WEIBO.CN/detail/1"), source).Host);
    }

    [Fact]
    public void Canonicalize_PercentEncodedChinesePath_StaysEncoded()
    {
        var url = UrlCanonicalizer.Canonicalize(new Uri("https://tieba.baidu.com/f?kw=%E6%B3%95%E8%80%83&ie=utf-8"));
        Assert.Equal("https://tieba.baidu.com/f?ie=utf-8&kw=%E6%B3%95%E8%80%83", url.AbsoluteUri);
    }
}
