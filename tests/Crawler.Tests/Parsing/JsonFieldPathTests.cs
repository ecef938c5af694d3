using System.Text.Json;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class JsonFieldPathTests
{
    private static readonly Uri Page = new("https://m.weibo.cn/comments/hotflow?id=1&mid=5078&max_id_type=0");

    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement;

    [Fact]
    public void Select_WildcardsAndAlternatives_ReachEveryItemInOrder()
    {
        var root = Json("""{"data":{"cards":[{"mblog":{"id":1}},{"card_group":[{"mblog":{"id":2}},{"x":0}]},{"mblog":{"id":3}}]}}""");
        var ids = JsonFieldPath.Parse("data.cards[*].mblog | data.cards[*].card_group[*].mblog").Select(root)
            .Select(e => e.GetProperty("id").GetInt32()).ToList();
        Assert.Equal([1, 3, 2], ids);
    }

    [Fact]
    public void FirstText_IndexAndNestedNames_ReturnsValueAsWritten()
    {
        var root = Json("""{"data":[{"user":{"id":1234567890123456789,"name":"张三","v":true}}]}""");
        Assert.Equal("1234567890123456789", JsonFieldPath.Parse("data[0].user.id").FirstText(root, Page));
        Assert.Equal("张三", JsonFieldPath.Parse("data[0].user.name").FirstText(root, Page));
        Assert.Equal("true", JsonFieldPath.Parse("data[0].user.v").FirstText(root, Page));
    }

    [Fact]
    public void FirstText_MissingOrNull_ReturnsNullAndAlternativeIsTried()
    {
        var root = Json("""{"a":null,"b":"x"}""");
        Assert.Null(JsonFieldPath.Parse("a").FirstText(root, Page));
        Assert.Null(JsonFieldPath.Parse("c.d[3]").FirstText(root, Page));
        Assert.Equal("x", JsonFieldPath.Parse("a | b").FirstText(root, Page));
    }

    [Fact]
    public void FirstText_QueryParameter_ReadsPageUrl()
    {
        Assert.Equal("5078", JsonFieldPath.Parse("$query.mid").FirstText(Json("{}"), Page));
        Assert.Null(JsonFieldPath.Parse("$query.nope").FirstText(Json("{}"), Page));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("data..cards", "empty name")]
    [InlineData("data.cards[*", "without ']'")]
    [InlineData("data.cards[x]", "only [*], [N] and [?name]")]
    [InlineData("a | ", "empty alternative")]
    [InlineData("$query.", "names no query parameter")]
    public void TryParse_BadPath_SaysWhy(string path, string reason)
    {
        Assert.Null(JsonFieldPath.TryParse(path, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Select_FilterStep_KeepsOnlyObjectsWithTheProperty()
    {
        var extend = Json("""{"ok":1,"data":{"longTextContent":"全文"}}""");
        var hotflow = Json("""{"ok":1,"data":{"data":[{"id":1}],"max_id":0}}""");
        var path = JsonFieldPath.Parse("data.data[*] | data[?longTextContent]");
        Assert.Equal("全文", Assert.Single(path.Select(extend)).GetProperty("longTextContent").GetString());
        Assert.Equal(1, Assert.Single(path.Select(hotflow)).GetProperty("id").GetInt32());
    }

    [Fact]
    public void FirstText_QueryParameterAsLaterAlternative_UsedWhenTheFieldIsMissing()
    {
        var path = JsonFieldPath.Parse("reply_id | status_mid | $query.mid");
        Assert.Equal("7", path.FirstText(Json("""{"reply_id":"7","status_mid":"9"}"""), Page));
        Assert.Equal("9", path.FirstText(Json("""{"status_mid":"9"}"""), Page));
        Assert.Equal("5078", path.FirstText(Json("{}"), Page));
    }
}
