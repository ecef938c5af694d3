using Microsoft.Extensions.Configuration;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Crawler.Tests.Parsing;

namespace SentimentWatch.Crawler.Tests.Sources;

public sealed class SourceFilesConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-confd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private CrawlerOptions Bind(params string[] files)
    {
        var config = new ConfigurationBuilder().AddSourceMergingJsonFiles(files).Build();
        var options = new CrawlerOptions();
        var errors = new SourceBindErrors();
        SourceBinder.Bind(config.GetSection(CrawlerOptions.Section), options, errors);
        return options;
    }

    [Fact]
    public void Load_SecondFileWithItsOwnList_AddsItsSourceWithoutInheritingTheFirstFilesKeys()
    {
        var a = File("10-a.json", """{ "Crawler": { "Sources": [ { "Id": "forum-a", "Profile": "discuz", "Charset": "gbk", "MaxPages": 7, "Urls": [ "https://a.example/1", "https://a.example/2" ] } ] } }""");
        var b = File("20-b.json", """{ "Crawler": { "Sources": [ { "Id": "feed-b", "Kind": "Feed", "Urls": [ "https://b.example/rss" ] } ] } }""");

        var options = Bind(a, b);

        Assert.Equal(["forum-a", "feed-b"], options.Sources.Select(s => s.Id));
        var feed = options.Sources[1];
        Assert.Equal(["https://b.example/rss"], feed.Urls);
        Assert.Null(feed.Profile);
        Assert.Equal("utf-8", feed.Charset);
        Assert.Equal(5, feed.MaxPages);
        Assert.Equal(["https://a.example/1", "https://a.example/2"], options.Sources[0].Urls);
    }

    [Fact]
    public void Load_LaterFileNamesAnId_OverridesThatSourceKeyByKeyAndReplacesItsLists()
    {
        var a = File("10-a.json", """{ "Crawler": { "Sources": [ { "Id": "x", "Kind": "Feed", "Interval": "00:05:00", "Urls": [ "https://x.example/1", "https://x.example/2" ] }, { "Id": "y", "Kind": "Feed", "Urls": [ "https://y.example/" ] } ] } }""");
        var b = File("20-b.json", """{ "Crawler": { "Sources": [ { "Id": "y", "Enabled": false }, { "Id": "x", "Urls": [ "https://x.example/only" ] } ] } }""");

        var options = Bind(a, b);

        Assert.Equal(["x", "y"], options.Sources.Select(s => s.Id));
        Assert.Equal(["https://x.example/only"], options.Sources[0].Urls);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Sources[0].Interval);
        Assert.False(options.Sources[1].Enabled);
        Assert.Equal(["https://y.example/"], options.Sources[1].Urls);
    }

    [Fact]
    public void Load_OtherKeys_LaterFileWinsAsWithJsonFiles()
    {
        var a = File("sentimentwatch.json", """{ "Crawler": { "Collection": { "RecrawlMaxPerRun": 50 } }, "Storage": { "Database": "a.db" } }""");
        var b = File("30-x.json", """{ "Crawler": { "Collection": { "RecrawlMaxPerRun": 9 } } }""");
        var config = new ConfigurationBuilder().AddSourceMergingJsonFiles([a, b, Path.Combine(_dir, "missing.json")]).Build();
        Assert.Equal("9", config["Crawler:Collection:RecrawlMaxPerRun"]);
        Assert.Equal("a.db", config["Storage:Database"]);
    }

    [Fact]
    public void Load_EntryWithoutId_StaysItsOwnSourceSoValidationNamesIt()
    {
        var a = File("10-a.json", """{ "Crawler": { "Sources": [ { "Id": "x", "Kind": "Feed", "Urls": [ "https://x.example/" ] } ] } }""");
        var b = File("20-b.json", """{ "Crawler": { "Sources": [ { "Kind": "Feed", "Urls": [ "https://nameless.example/" ] } ] } }""");
        var options = Bind(a, b);
        Assert.Equal(2, options.Sources.Count);
        Assert.Equal("", options.Sources[1].Id);
    }

    [Fact]
    public void Load_FileNotJson_FailsNamingTheFile()
    {
        var bad = File("20-bad.json", "{ \"Crawler\": ");
        var ex = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddSourceMergingJsonFiles([bad]).Build());
        Assert.Contains("20-bad.json", ex.Message);
    }

    [Fact]
    public void ShippedConfD_EverySourceHasAnIdAndBindsWithoutErrors()
    {
        var confD = Path.Combine(ParsingFixtures.RepoRoot, "config", "conf.d");
        var options = Bind([.. Directory.GetFiles(confD, "*.json").Order(StringComparer.Ordinal)]);
        Assert.NotEmpty(options.Sources);
        Assert.All(options.Sources, s => Assert.False(string.IsNullOrEmpty(s.Id)));
        Assert.Equal(options.Sources.Count, options.Sources.Select(s => s.Id).Distinct().Count());
    }
}
