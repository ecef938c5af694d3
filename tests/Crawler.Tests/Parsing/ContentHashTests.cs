using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Tests.Parsing;

public sealed class ContentHashTests
{
    [Fact]
    public void Compute_KnownInput_IsSha256HexOfNormalisedTitleAndText()
    {
        // sha256("t\nbody") computed independently with sha256sum.
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("t\nbody"u8)),
            ContentHash.Compute("t", "body"));
    }

    [Fact]
    public void Compute_WhitespaceAndFullWidthDifferences_SameHash()
    {
        Assert.Equal(
            ContentHash.Compute("法考答案", "有人卖答案，800一套"),
            ContentHash.Compute("  法考答案 ", "有人卖答案，８００一套\n\n"));
    }

    [Fact]
    public void Compute_DifferentWords_DifferentHash()
    {
        Assert.NotEqual(ContentHash.Compute("法考答案", "有人卖答案"), ContentHash.Compute("法考答案", "没人卖答案"));
    }

    [Fact]
    public void Compute_TitleMovedIntoText_DifferentHash()
    {
        Assert.NotEqual(ContentHash.Compute("a", "b"), ContentHash.Compute(null, "a b"));
    }

    [Fact]
    public void Compute_NullTitle_HashesLikeEmpty()
    {
        Assert.Equal(ContentHash.Compute(null, "x"), ContentHash.Compute("", "x"));
        Assert.Equal(64, ContentHash.Compute(null, "x").Length);
    }
}
