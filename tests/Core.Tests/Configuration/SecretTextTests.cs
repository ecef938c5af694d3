using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Tests.Configuration;

public sealed class SecretTextTests
{
    [Theory]
    [InlineData("POST https://bot:pa55@hooks.example.cn/x failed", "POST https://***@hooks.example.cn/x failed")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=xyz", "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***")]
    [InlineData("http://127.0.0.1:8788/ack/4?r=duty&action=ack&exp=1&sig=deadbeef", "http://127.0.0.1:8788/ack/4?r=duty&action=ack&exp=1&sig=***")]
    [InlineData("mail to someone@example.cn about https://example.cn/p?id=3", "mail to someone@example.cn about https://example.cn/p?id=3")]
    [InlineData("", "")]
    public void Redact_CredentialsMaskedEverythingElseKept(string text, string expected) =>
        Assert.Equal(expected, SecretText.Redact(text));

    [Fact]
    public void ConfigErrors_ValueWithCredentials_Masked()
    {
        var errors = new ConfigErrors();
        errors.Add("Crawler:Sources:0:Urls:0", "htp://spider:hunter2@bbs.example.cn/", "is not an absolute http(s) URI");
        Assert.Equal("Crawler:Sources:0:Urls:0 'htp://***@bbs.example.cn/' is not an absolute http(s) URI", Assert.Single(errors.Errors));
    }
}
