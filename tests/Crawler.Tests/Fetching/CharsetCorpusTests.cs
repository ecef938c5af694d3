using System.Text;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Tests.Parsing;

namespace SentimentWatch.Crawler.Tests.Fetching;

/// <summary>The charset corpus (<c>Fixtures/charsets</c>, see its README): each file sniffed to its charset and decoded exactly.</summary>
public sealed class CharsetCorpusTests
{
    private static string Dir => Path.Combine(ParsingFixtures.RepoRoot, "tests", "Crawler.Tests", "Fixtures", "charsets");

    public static TheoryData<string, string, string> Corpus()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Dir, "EXPECTED.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var cols = line.Split('\t');
            data.Add(cols[0], cols[1], cols[2]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Decode_NoDeclaration_ChoosesTheCharsetAndDecodesExactly(string file, string charset, string expectedFile)
    {
        var body = File.ReadAllBytes(Path.Combine(Dir, file));
        var decoded = CharsetDetector.Decode(body, headerCharset: null);

        Assert.Equal(charset, decoded.Encoding.WebName, ignoreCase: true);
        Assert.Equal(File.ReadAllText(Path.Combine(Dir, expectedFile), Encoding.UTF8), decoded.Text);
    }

    [Theory]
    [InlineData("utf16le.html")]
    [InlineData("utf16le-chinese-only.txt")]
    public void Decode_Utf16LeWithoutBomUnderAWrongBig5Header_NotBig5(string file)
    {
        var decoded = CharsetDetector.Decode(File.ReadAllBytes(Path.Combine(Dir, file)), "big5");
        Assert.Equal("utf-16", decoded.Encoding.WebName);
    }
}
