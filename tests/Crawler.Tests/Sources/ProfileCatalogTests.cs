using SentimentWatch.Crawler.Sources;
using SentimentWatch.Crawler.Tests.Parsing;

namespace SentimentWatch.Crawler.Tests.Sources;

public sealed class ProfileCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-profiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void BuiltIn_ListsTheShippedProfiles()
    {
        Assert.Equal(["bilibili", "discuz", "news", "news-163", "news-qq", "news-sina", "rss", "tieba", "weibo"], ProfileCatalog.BuiltIn);
    }

    [Theory]
    [InlineData("tieba")]
    [InlineData("discuz")]
    [InlineData("weibo")]
    [InlineData("news")]
    [InlineData("rss")]
    [InlineData("bilibili")]
    public void TryLoad_BuiltInProfile_SameKeysAsTheFileInConfig(string name)
    {
        var builtIn = new ProfileCatalog(_dir).TryLoad(name, out var error);
        var onDisk = new ProfileCatalog(ParsingFixtures.ProfilesDir).TryLoad(name, out _);
        Assert.Null(error);
        Assert.Equal(onDisk!.OrderBy(p => p.Key), builtIn!.OrderBy(p => p.Key));
    }

    [Fact]
    public void TryLoad_FileOnDisk_WinsOverBuiltIn()
    {
        File.WriteAllText(Path.Combine(_dir, "tieba.json"), """{ "Kind": "Feed", "Markers": { "Block": [ "x", "y" ] } }""");
        var pairs = new ProfileCatalog(_dir).TryLoad("tieba", out _)!;
        Assert.Equal("Feed", pairs["Kind"]);
        Assert.Equal("y", pairs["Markers:Block:1"]);
        Assert.False(pairs.ContainsKey("Selectors:item"));
    }

    [Theory]
    [InlineData("../etc/passwd", "is not a profile name")]
    [InlineData("Tieba", "is not a profile name")]
    [InlineData("nosuch", "is not a known profile")]
    public void TryLoad_BadName_Refused(string name, string reason)
    {
        Assert.Null(new ProfileCatalog(_dir).TryLoad(name, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryLoad_BrokenJson_SaysWhereAndWhy()
    {
        File.WriteAllText(Path.Combine(_dir, "mine.json"), "{ \"Kind\": ");
        Assert.Null(new ProfileCatalog(_dir).TryLoad("mine", out var error));
        Assert.Contains("is not valid JSON", error);
        Assert.Contains("mine.json", error);
    }
}
