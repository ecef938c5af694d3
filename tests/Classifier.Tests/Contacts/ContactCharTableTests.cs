using SentimentWatch.Classifier.Contacts;

namespace SentimentWatch.Classifier.Tests.Contacts;

/// <summary>The shipped <c>models/contact-chars.tsv</c>, row by row, and the table's parser.</summary>
public sealed class ContactCharTableTests
{
    public static TheoryData<int> RowLines()
    {
        var data = new TheoryData<int>();
        foreach (var row in Some.ContactChars.Rows)
        {
            data.Add(row.Line);
        }

        return data;
    }

    private static ContactCharRow Row(int line) => Some.ContactChars.Rows.Single(r => r.Line == line);

    [Fact]
    public void Load_ShippedTable_HasEveryClassAndTheIssuesSpellings()
    {
        var rows = Some.ContactChars.Rows;
        Assert.True(rows.Count > 400, $"{rows.Count} rows");
        foreach (var cls in Enum.GetValues<ContactCharClass>().Where(c => c != ContactCharClass.Unlisted))
        {
            Assert.Contains(rows, r => r.Entry.Class == cls);
        }

        foreach (var c in "〇一二三四五六七八九零壹贰叁肆伍陆柒捌玖两幺洞拐①⑳⓪⑴⒈０９❶ＡＺａｚ²₃ㄒОοΟⅠⅰ⭕㊀➊要伞灵舞溜期霸酒思尔")
        {
            Assert.True(rows.Any(r => r.Character == c.ToString()), $"'{c}' is not in the table");
        }
    }

    /// <summary>Every row does what its class says, in a number or a cue as the extractor sees it, with exact offsets.</summary>
    [Theory]
    [MemberData(nameof(RowLines))]
    public void Row_InTheExtractor_ActsAsItsClassSays(int line)
    {
        var row = Row(line);
        var c = row.Character;
        var e = row.Entry;
        switch (e.Class)
        {
            case ContactCharClass.Digit:
            case ContactCharClass.Numeral:
                // Inside a run of Arabic digits after a QQ cue.
                AssertOnly($"QQ 9{c}87654", "qq", "9" + e.Digits + "87654");
                break;
            case ContactCharClass.LookAlike:
                AssertOnly($"QQ 98{c}7654", "qq", "98" + e.Digits + "7654");
                if (e.Letter != '\0')
                {
                    AssertOnly($"vx: zz{c}zzzz", "wechat", "zz" + e.Letter + "zzzz");
                }
                else
                {
                    // With no digit right after it, it is what it is: no digit appears from it.
                    AssertOnly($"QQ {c} 98765", "qq", "98765");
                }

                break;
            case ContactCharClass.Letter:
                AssertOnly($"vx: a{c}bcdef", "wechat", "a" + e.Letter + "bcdef");
                break;
            case ContactCharClass.Homophone:
                // A digit only inside a contact-long run after a cue; alone next to text it is the word it is.
                AssertOnly($"QQ 一{c}三四五六七八", "qq", "1" + e.Digits + "345678");
                Assert.Empty(Some.Contacts.Extract($"QQ群里{c}说 12"));
                break;
            case ContactCharClass.None:
                // Never a digit: it splits the number, and no contact carries a digit for it.
                Assert.DoesNotContain(Some.Contacts.Extract($"QQ 9{c}87654"), x => x.Raw.Contains(c, StringComparison.Ordinal));
                break;
            default:
                Assert.Fail($"row {line} has class {e.Class}");
                break;
        }
    }

    [Theory]
    [InlineData("一")]
    [InlineData("两")]
    [InlineData("洞")]
    [InlineData("叁")]
    public void Numeral_AsAShortWordNextToChineseText_NotADigit(string numeral)
    {
        Assert.Empty(Some.Contacts.Extract($"QQ群里{numeral}个人说 12"));
        Assert.Equal("38817265", Assert.Single(Some.Contacts.Extract($"QQ 38817265 加{numeral}下")).Value);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryOneWithItsLine()
    {
        string[] lines =
        [
            "# comment",
            "０\t0\tdigit\tfull-width",
            "０\t0\tdigit\tagain",
            "ab\t1\tdigit\ttwo characters",
            "Ａ\t1\tletter\tnot a letter value",
            "x\tx\tletter\tASCII letter",
            "①\t1\tcircle\tunknown class",
            "O\t0\tlookalike\tno letter part",
            "only two\tfields",
        ];

        var ex = Assert.Throws<InvalidDataException>(() => ContactCharTable.Parse(lines, "t.tsv"));

        var errors = ex.Message.Split(Environment.NewLine);
        Assert.Equal(7, errors.Length);
        Assert.Contains("t.tsv:3: '０' is listed twice (first on line 2)", errors);
        Assert.Contains("t.tsv:4: 'ab' is not one character", errors);
        Assert.Contains(errors, m => m.StartsWith("t.tsv:5: value '1' does not fit class letter", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("t.tsv:6: ASCII letters are letters already", StringComparison.Ordinal));
        Assert.Contains("t.tsv:7: class 'circle' is not one of digit, numeral, lookalike, letter, none, homophone", errors);
        Assert.Contains(errors, m => m.StartsWith("t.tsv:8: value '0' does not fit class lookalike", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("t.tsv:9: expected", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AstralCharacter_LookedUpByCodePoint()
    {
        var table = ContactCharTable.Parse(["𝟕\t7\tdigit\tmathematical bold seven"], "t.tsv");

        Assert.Equal("7", table.Lookup(0x1D7D5).Digits);
        Assert.Equal(ContactCharClass.Unlisted, table.Lookup('7').Class);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "sw-no-such-contact-chars.tsv");

        var ex = Assert.Throws<FileNotFoundException>(() => ContactCharTable.Load(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    private static void AssertOnly(string text, string kind, string value)
    {
        var found = Some.Contacts.Extract(text);
        var c = Assert.Single(found);
        Assert.Equal((kind, value), (c.Kind, c.Value));
        Assert.Equal(c.Raw, text[c.Start..c.End]);
    }
}
