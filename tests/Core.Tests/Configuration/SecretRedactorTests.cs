using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Tests.Configuration;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("https://x.cn/p?ticket=abc&id=1", "https://x.cn/p?ticket=***&id=1")]
    [InlineData("https://u:p@x.cn/p?TICKET=abc&token=t", "https://***@x.cn/p?TICKET=***&token=***")]
    [InlineData("no url here", "no url here")]
    public void Redact_ConfiguredParameter_MaskedBesideTheCommonOnes(string text, string expected)
    {
        Assert.Equal(expected, new SecretRedactor(["ticket"]).Redact(text));
    }

    [Fact]
    public void Redact_ParameterNotConfigured_Kept()
    {
        Assert.Equal("https://x.cn/p?ticket=abc", SecretRedactor.Common.Redact("https://x.cn/p?ticket=abc"));
    }

    [Theory]
    [InlineData("Cookie", "SESSDATA=abc; lang=zh", "SESSDATA=***; lang=***")]
    [InlineData("Authorization", "Bearer abc.def", "Bearer ***")]
    [InlineData("Authorization", "abc", "***")]
    [InlineData("Proxy-Authorization", "Basic dXNlcjpwdw==", "Basic ***")]
    [InlineData("Set-Cookie", "sid=abc; Path=/; HttpOnly", "sid=***; Path=/; HttpOnly")]
    [InlineData("Location", "https://x.cn/next?access_token=abc", "https://x.cn/next?access_token=***")]
    [InlineData("Content-Type", "text/html; charset=utf-8", "text/html; charset=utf-8")]
    public void RedactHeader_CredentialHeaders_ValuesMaskedNamesKept(string name, string value, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Common.RedactHeader(name, value));
    }
}
