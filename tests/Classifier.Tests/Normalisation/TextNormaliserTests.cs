using SentimentWatch.Classifier.Normalisation;

namespace SentimentWatch.Classifier.Tests.Normalisation;

public sealed class TextNormaliserTests
{
    private static TextNormaliser N => Some.Normaliser;

    [Fact]
    public void Normalise_Traditional_ConvertsToSimplified()
    {
        Assert.Equal("出售法考真题与答案", N.Normalise("出售法考真題與答案").Text);
    }

    [Fact]
    public void Normalise_FullWidthUpperCase_FoldsToHalfWidthLowerCase()
    {
        Assert.Equal("abc123 qq", N.Normalise("ＡＢＣ１２３\u3000QQ").Text);
    }

    [Fact]
    public void Normalise_ZeroWidthAndBidiCharacters_Removed()
    {
        Assert.Equal("答案", N.Normalise("答\u200B\u200D\u202E\u2066\uFEFF案").Text);
    }

    [Theory]
    [InlineData("答.案")]
    [InlineData("答 案")]
    [InlineData("答/案")]
    [InlineData("答*案")]
    [InlineData("答😀案")]
    [InlineData("答 . 案")]
    public void Normalise_SeparatorsBetweenCharacters_CollapsedAndReportedAsEvasion(string written)
    {
        var result = N.Normalise("出" + written + "了");

        Assert.Equal("出答案了", result.Text);
        var evasion = Assert.Single(result.Evasions);
        Assert.Equal("split", evasion.Kind);
        Assert.Equal("答案", evasion.Canonical);
        Assert.Equal("evasion: " + written + "→答案", evasion.ToString());
    }

    [Fact]
    public void Normalise_SpacedOutPhrase_Collapsed()
    {
        Assert.Equal("法考真题", N.Normalise("法 考 真 题").Text);
    }

    [Theory]
    [InlineData("卫星号：lawpass66", "微信号:lawpass66")]
    [InlineData("衛星號 lawpass66", "微信号 lawpass66")]
    [InlineData("要的加卫星", "要的加微信")]
    [InlineData("北斗卫星发射成功", "北斗卫星发射成功")]
    public void Normalise_SatelliteEuphemism_WeChatOnlyAsContactWording(string text, string expected)
    {
        Assert.Equal(expected, N.Normalise(text).Text);
    }

    [Theory]
    [InlineData("da案", "答案")]
    [InlineData("答an", "答案")]
    [InlineData("荅案", "答案")]
    [InlineData("薇信", "微信")]
    [InlineData("V信", "微信")]
    [InlineData("VX", "微信")]
    [InlineData("vx", "微信")]
    [InlineData("威信", "微信")]
    [InlineData("扣扣", "qq")]
    [InlineData("企鹅", "qq")]
    [InlineData("微訊", "微信")]
    public void Normalise_VariantSpelling_ReplacedByCanonical(string variant, string canonical)
    {
        var result = N.Normalise("加" + variant + "看");

        Assert.Equal("加" + canonical + "看", result.Text);
        Assert.Contains(result.Evasions, e => e.Canonical == canonical);
    }

    [Theory]
    [InlineData("vxworks 系统")]
    [InlineData("panda案例")]
    public void Normalise_VariantInsideLatinWord_Untouched(string text)
    {
        var result = N.Normalise(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Evasions);
    }

    [Fact]
    public void Normalise_SentencePunctuationBetweenCharacters_Kept()
    {
        Assert.Equal("回答,案子", N.Normalise("回答，案子").Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("😀😀🎉")]
    [InlineData("\u200B\u200B")]
    public void Normalise_EmptyOrSymbolOnly_NoEvasions(string text)
    {
        var result = N.Normalise(text);

        Assert.Empty(result.Evasions);
        Assert.DoesNotContain('\u200B', result.Text);
    }

    [Fact]
    public void Normalise_MegabyteOfText_ReturnsSameLengthForPlainChinese()
    {
        var text = string.Concat(Enumerable.Repeat("今天复习民法总则。", 120_000));

        var result = N.Normalise(text);

        Assert.Equal(text.Length, result.Text.Length);
    }
}
