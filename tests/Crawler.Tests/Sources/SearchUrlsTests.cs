using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Tests.Sources;

public sealed class SearchUrlsTests
{
    private static SourceOptions Search(string template, string charset = "utf-8", params string[] keywords) => new()
    {
        Id = "s",
        SearchUrlTemplate = template,
        Charset = charset,
        Keywords = [.. keywords],
    };

    [Fact]
    public void Expand_Utf8Keyword_PercentEncodedUtf8Bytes()
    {
        var url = SearchUrls.Expand(Search("https://tieba.baidu.com/f/search/res?qw={keyword}&pn={page}"), "法考 答案", 1);
        Assert.Equal("https://tieba.baidu.com/f/search/res?qw=%E6%B3%95%E8%80%83%20%E7%AD%94%E6%A1%88&pn=1", url.AbsoluteUri);
    }

    [Fact]
    public void Expand_GbkForum_KeywordEncodedInGbk()
    {
        var url = SearchUrls.Expand(Search("http://bbs.example.cn/search.php?mod=forum&srchtxt={keyword}&page={page}", "gbk"), "法考 答案", 2);
        // 法 = B7 A8, 考 = BF BC, 答 = B4 F0, 案 = B0 B8 in GBK.
        Assert.Equal("http://bbs.example.cn/search.php?mod=forum&srchtxt=%B7%A8%BF%BC%20%B4%F0%B0%B8&page=2", url.AbsoluteUri);
    }

    [Fact]
    public void Expand_Big5Keyword_EncodedInBig5()
    {
        var url = SearchUrls.Expand(Search("https://forum.example.tw/s?q={keyword}", "big5"), "法考", 1);
        Assert.Equal("https://forum.example.tw/s?q=%AAk%A6%D2", url.AbsoluteUri);
    }

    [Fact]
    public void Expand_ZeroBasedPageAndOffset_Filled()
    {
        var source = Search("https://x.cn/s?q={keyword}&p0={page0}&pn={offset}");
        source.PageSize = 50;
        Assert.Equal("https://x.cn/s?q=a&p0=2&pn=100", SearchUrls.Expand(source, "a", 3).AbsoluteUri);
    }

    [Fact]
    public void Expand_ReservedCharactersInKeyword_Escaped()
    {
        Assert.Equal("https://x.cn/s?q=a%26b%3Dc%2Fd%23e", SearchUrls.Expand(Search("https://x.cn/s?q={keyword}"), "a&b=c/d#e", 1).AbsoluteUri);
    }

    [Fact]
    public void StartUrls_FixedUrlsThenOneSearchPerKeyword()
    {
        var source = Search("https://x.cn/s?q={keyword}&page={page}", "utf-8", "法考 真题", "客观题 泄露");
        source.Urls = ["https://x.cn/list"];
        var urls = SearchUrls.StartUrls(source);
        Assert.Equal(
            ["https://x.cn/list", "https://x.cn/s?q=%E6%B3%95%E8%80%83%20%E7%9C%9F%E9%A2%98&page=1", "https://x.cn/s?q=%E5%AE%A2%E8%A7%82%E9%A2%98%20%E6%B3%84%E9%9C%B2&page=1"],
            urls.Select(u => u.Url.AbsoluteUri));
        Assert.Equal([null, "法考 真题", "客观题 泄露"], urls.Select(u => u.Keyword));
    }

    [Fact]
    public void IsPaged_TemplateWithAndWithoutPage_Detected()
    {
        Assert.True(SearchUrls.IsPaged(Search("https://x.cn/s?q={keyword}&pn={offset}")));
        Assert.False(SearchUrls.IsPaged(Search("https://x.cn/s?q={keyword}")));
    }

    [Theory]
    [InlineData("gbk", true)]
    [InlineData("GB2312", true)]
    [InlineData("gb18030", true)]
    [InlineData("big5", true)]
    [InlineData("utf-8", true)]
    [InlineData("klingon", false)]
    [InlineData("", false)]
    public void EncodingFor_WebCharsetNames_Resolved(string charset, bool known)
    {
        Assert.Equal(known, SearchUrls.EncodingFor(charset) is not null);
    }
}
