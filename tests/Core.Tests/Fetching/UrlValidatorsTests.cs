using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Fetching;

namespace SentimentWatch.Core.Tests.Fetching;

public sealed class UrlValidatorsTests
{
    private static HttpExchange Exchange(int status, params KeyValuePair<string, string>[] headers) =>
        new(new Uri("http://bbs.example.cn/a"), new Uri("http://bbs.example.cn/b"), [new Uri("http://bbs.example.cn/b")], "GET", status, [],
            headers, [], DateTimeOffset.Parse("2026-09-14T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero, null);

    [Fact]
    public void FromExchange_SuccessWithValidators_KeyedByRequestUrl()
    {
        var v = UrlValidators.FromExchange(Exchange(200, new("etag", "W/\"r3\""), new("Last-Modified", "Sat, 14 Sep 2024 02:00:00 GMT")));

        Assert.NotNull(v);
        Assert.Equal(new Uri("http://bbs.example.cn/a"), v.Url);
        Assert.Equal("W/\"r3\"", v.ETag);
        Assert.Equal("Sat, 14 Sep 2024 02:00:00 GMT", v.LastModified);
        Assert.Equal(DateTimeOffset.Parse("2026-09-14T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture), v.SeenAtUtc);
    }

    [Fact]
    public void FromExchange_ErrorPage_GivesNoValidators()
    {
        Assert.Null(UrlValidators.FromExchange(Exchange(404, KeyValuePair.Create("ETag", "\"gone\""))));
    }

    [Fact]
    public void FromExchange_NoValidatorHeaders_GivesNull()
    {
        Assert.Null(UrlValidators.FromExchange(Exchange(200, KeyValuePair.Create("Content-Type", "text/html"))));
    }
}
