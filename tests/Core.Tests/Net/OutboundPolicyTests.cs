using System.Net;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Core.Tests.Net;

public sealed class OutboundPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("2002:7f00:1::", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.5.4", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("100.100.100.200", "metadata")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "reserved")]
    public void Refusal_NonPublicAddress_NamedRule(string address, string rule)
    {
        Assert.Equal(rule, OutboundPolicy.Refusal(IPAddress.Parse(address), new OutboundRules()));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    public void Refusal_PublicAddress_Allowed(string address)
    {
        Assert.Null(OutboundPolicy.Refusal(IPAddress.Parse(address), new OutboundRules()));
    }

    [Theory]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("0177.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.1")]
    public void Refusal_EncodedLoopbackHostAsTheUrlParsesIt_Loopback(string host)
    {
        // Whatever spelling the URL uses, the address checked is the one the connection would use.
        var url = new Uri($"http://{host}/admin");
        var address = IPAddress.Parse(url.Host);

        Assert.Equal("loopback", OutboundPolicy.Refusal(address, new OutboundRules()));
    }

    [Fact]
    public void Refusal_LinkLocalAllowed_MetadataStillRefused()
    {
        var rules = new OutboundRules { AllowLinkLocal = true, AllowPrivate = true, AllowLoopback = true };

        Assert.Null(OutboundPolicy.Refusal(IPAddress.Parse("169.254.3.4"), rules));
        Assert.Equal("metadata", OutboundPolicy.Refusal(IPAddress.Parse("169.254.169.254"), rules));
    }

    [Fact]
    public void Refusal_AllowNetworksEntry_OpensOnlyThatNetwork()
    {
        var rules = new OutboundRules { AllowNetworks = ["10.20.0.0/16", "169.254.169.254"] };

        Assert.Null(OutboundPolicy.Refusal(IPAddress.Parse("10.20.3.4"), rules));
        Assert.Null(OutboundPolicy.Refusal(IPAddress.Parse("169.254.169.254"), rules));
        Assert.Equal("private", OutboundPolicy.Refusal(IPAddress.Parse("10.21.0.1"), rules));
    }

    [Fact]
    public void Validate_BadNetwork_NamesKeyAndValue()
    {
        var errors = new SentimentWatch.Core.Configuration.ConfigErrors();

        new OutboundRules { AllowNetworks = ["10.0.0.0/8", "10.0.0.0/33", "intranet"] }.Validate("Outbound", errors);

        Assert.Equal(2, errors.Errors.Count);
        Assert.Contains(errors.Errors, e => e.StartsWith("Outbound:AllowNetworks:1 '10.0.0.0/33'", StringComparison.Ordinal));
        Assert.Contains(errors.Errors, e => e.StartsWith("Outbound:AllowNetworks:2 'intranet'", StringComparison.Ordinal));
    }
}
