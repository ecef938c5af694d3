using System.Text;
using SentimentWatch.Classifier.Segmentation;

namespace SentimentWatch.Classifier.Tests.Segmentation;

/// <summary>The <c>load_userdict</c> line grammar <c>^(.+?)( [0-9]+)?( [a-z]+)?$</c> and file handling.</summary>
public sealed class UserDictionaryParserTests
{
    [Theory]
    [InlineData("云计算 5", "云计算", "5", null)]
    [InlineData("凱特琳 nz", "凱特琳", null, "nz")]
    [InlineData("李小福 2 nr", "李小福", "2", "nr")]
    [InlineData("Edu Trust认证 2000", "Edu Trust认证", "2000", null)]
    [InlineData("中华人民 共和 3", "中华人民 共和", "3", null)]
    [InlineData("词 5 NZ", "词 5 NZ", null, null)]
    [InlineData("词 123abc", "词 123abc", null, null)]
    [InlineData("词 5nz", "词 5nz", null, null)]
    [InlineData("a b c 7", "a b c", "7", null)]
    [InlineData("石墨烯", "石墨烯", null, null)]
    [InlineData(" 5 nz", " 5", null, "nz")]
    [InlineData("词  5", "词 ", "5", null)]
    public void Match_LineGrammar_SameGroupsAsJiebaRegex(string line, string word, string? freq, string? tag)
    {
        Assert.Equal((word, freq, tag), UserDictionaryParser.Match(line));
    }

    [Fact]
    public void Parse_BomOnEveryLineAndBlankLines_BomStrippedBlankSkipped()
    {
        var text = "\uFEFF云计算 5\n\n   \n\uFEFF\uFEFF李小福 2 nr\r\n";
        var entries = UserDictionaryParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "u.txt");
        Assert.Equal([new UserDictionaryEntry("云计算", 5, null), new UserDictionaryEntry("李小福", 2, "nr")], entries);
    }

    [Fact]
    public void Parse_InvalidUtf8_ErrorNamesFileAndLine()
    {
        var bytes = "好词 3\n"u8.ToArray().Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();
        var ex = Assert.Throws<UserDictionaryException>(() => UserDictionaryParser.Parse(new MemoryStream(bytes), "my.dict"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(("my.dict", 2), (e.File, e.Line));
        Assert.Contains("UTF-8", e.Reason, StringComparison.Ordinal);
    }
}
