using System.Text;
using Microsoft.Extensions.Configuration;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Testing;

namespace SentimentWatch.Crawler.Tests.Parsing;

/// <summary>Fixture files, the repository's ready-made profiles merged into sources, and the fetch time the fixtures assume.</summary>
internal static class ParsingFixtures
{
    static ParsingFixtures() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>2024-09-14 12:00 in Beijing: the fixtures' "now".</summary>
    public static readonly DateTimeOffset FetchedAt = new(2024, 9, 14, 4, 0, 0, TimeSpan.Zero);

    public static string RepoRoot => RepoPaths.Root;

    public static string ProfilesDir => Path.Combine(RepoRoot, "config", "profiles");

    public static string Text(string relative, string charset = "utf-8") =>
        Encoding.GetEncoding(charset).GetString(File.ReadAllBytes(Path.Combine(RepoRoot, "tests", "Crawler.Tests", "Fixtures", relative)));

    /// <summary>A source named <paramref name="id"/> on <paramref name="profile"/>, merged the way start-up merges it.</summary>
    public static SourceOptions Source(string profile, string id = "s1", IReadOnlyDictionary<string, string?>? extra = null)
    {
        var pairs = new Dictionary<string, string?>
        {
            ["Crawler:Profiles"] = ProfilesDir,
            ["Crawler:Sources:0:Id"] = id,
            ["Crawler:Sources:0:Profile"] = profile,
            ["Crawler:Sources:0:Urls:0"] = "https://example.cn/",
            ["Crawler:Sources:0:Interval"] = "00:05:00",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            pairs["Crawler:Sources:0:" + k] = v;
        }

        var options = Bind(pairs, out var errors);
        Assert.Empty(errors.Errors);
        return options.Sources[0];
    }

    public static CrawlerOptions Bind(IReadOnlyDictionary<string, string?> pairs, out SourceBindErrors errors)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
        var options = new CrawlerOptions();
        errors = new SourceBindErrors();
        SourceBinder.Bind(config.GetSection(CrawlerOptions.Section), options, errors);
        return options;
    }
}
