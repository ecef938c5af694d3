using System.Text;
using SentimentWatch.Crawler.Fetching;

namespace SentimentWatch.Crawler.Tests.Fetching;

public sealed class CharsetDetectorTests
{
    private const string Simplified = "有人在群里出售法考主观题答案，声称保证通过，大家不要相信。";
    private const string Traditional = "有人在群裡出售法考主觀題答案，聲稱保證通過，大家不要相信。";

    [Fact]
    public void Decode_DeclaredUtf8ButBytesAreGbk_OverrulesTheHeader()
    {
        var bytes = CharsetDetector.Gb18030.GetBytes(Simplified);

        var decoded = CharsetDetector.Decode(bytes, "utf-8");

        Assert.Equal(Simplified, decoded.Text);
        Assert.Equal(54936, decoded.Encoding.CodePage);
        Assert.StartsWith("sniff (header declared utf-8", decoded.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MetaSaysUtf8ButBytesAreBig5_FallsBackToSniffing()
    {
        var bytes = CharsetDetector.Big5.GetBytes($"<meta charset=\"utf-8\"><p>{Traditional}</p>");

        var decoded = CharsetDetector.Decode(bytes, null);

        Assert.Contains(Traditional, decoded.Text, StringComparison.Ordinal);
        Assert.Equal(950, decoded.Encoding.CodePage);
        Assert.Contains("meta declared utf-8", decoded.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Utf8Bom_WinsOverContradictingHeader()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Simplified)).ToArray();

        var decoded = CharsetDetector.Decode(bytes, "gbk");

        Assert.Equal(Simplified, decoded.Text);
        Assert.StartsWith("bom", decoded.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Utf16LeBom_Decoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Simplified)).ToArray();

        var decoded = CharsetDetector.Decode(bytes, null);

        Assert.Equal(Simplified, decoded.Text);
        Assert.Equal("bom", decoded.Source);
    }

    [Theory]
    [InlineData("gbk", 54936)]
    [InlineData("GB2312", 54936)]
    [InlineData("x-gbk", 54936)]
    [InlineData("gb18030", 54936)]
    [InlineData("Big5", 950)]
    [InlineData("big5-hkscs", 950)]
    [InlineData("UTF8", 65001)]
    [InlineData("iso-8859-1", 28591)]
    public void Lookup_KnownLabels_MapToEncodings(string label, int codePage)
    {
        Assert.Equal(codePage, CharsetDetector.Lookup(label)!.CodePage);
    }

    [Fact]
    public void Lookup_UnknownLabel_ReturnsNull()
    {
        Assert.Null(CharsetDetector.Lookup("klingon-8"));
    }

    [Fact]
    public void Decode_UnknownHeaderCharset_SniffsAndSaysSo()
    {
        var decoded = CharsetDetector.Decode(Encoding.UTF8.GetBytes(Simplified), "klingon-8");

        Assert.Equal(Simplified, decoded.Text);
        Assert.Contains("unknown", decoded.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Sniff_Gb18030FourByteCharacters_StayGb18030()
    {
        // 𠀀 (U+20000) needs GB18030's four-byte form; GBK cannot encode it.
        var text = "考生反映𠀀字乱码，法考报名系统的问题。";
        var bytes = CharsetDetector.Gb18030.GetBytes(text);

        var encoding = CharsetDetector.Sniff(bytes, out var decoded);

        Assert.Equal(54936, encoding.CodePage);
        Assert.Equal(text, decoded);
    }

    [Fact]
    public void Sniff_ShortBig5Title_PicksBig5()
    {
        var bytes = CharsetDetector.Big5.GetBytes("法考試題外洩？");

        var encoding = CharsetDetector.Sniff(bytes, out var decoded);

        Assert.Equal(950, encoding.CodePage);
        Assert.Equal("法考試題外洩？", decoded);
    }

    [Fact]
    public void Sniff_ShortGbkTitle_PicksGb18030()
    {
        var bytes = CharsetDetector.Gb18030.GetBytes("法考试题外泄？");

        var encoding = CharsetDetector.Sniff(bytes, out var decoded);

        Assert.Equal(54936, encoding.CodePage);
        Assert.Equal("法考试题外泄？", decoded);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(20240914);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);

            var decoded = CharsetDetector.Decode(bytes, i % 3 == 0 ? "utf-8" : null);

            Assert.NotNull(decoded.Text);
        }
    }
}
