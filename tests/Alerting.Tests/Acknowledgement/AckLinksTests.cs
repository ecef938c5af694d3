using System.Web;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Tests.Acknowledgement;

public sealed class AckLinksTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero));

    private AckLinks Links(string? key = null, string? dataDir = null) => new(
        Some.Wrap(new AckOptions { SigningKey = key ?? AlertingHarness.Key, BaseUrl = "http://127.0.0.1:8788/", LinkLifetime = TimeSpan.FromHours(24) }),
        Some.Wrap(new PathsOptions { Data = dataDir ?? Path.GetTempPath() }),
        _time);

    private static (long Id, string? R, string? Action, string? Label, string? Exp, string? Sig) Parse(Uri link)
    {
        var q = HttpUtility.ParseQueryString(link.Query);
        return (long.Parse(link.Segments[^1], System.Globalization.CultureInfo.InvariantCulture), q["r"], q["action"], q["label"], q["exp"], q["sig"]);
    }

    [Fact]
    public void Verify_FreshLink_Valid()
    {
        var link = Links().Create(42, "duty-a");
        Assert.StartsWith("http://127.0.0.1:8788/ack/42?r=duty-a&action=ack&exp=", link.AbsoluteUri, StringComparison.Ordinal);
        var (id, r, action, label, exp, sig) = Parse(link);
        Assert.Equal(AckLinkStatus.Valid, Links().Verify(id, r, action, label, exp, sig));
    }

    [Fact]
    public void Verify_AfterLifetime_Expired()
    {
        var (id, r, action, label, exp, sig) = Parse(Links().Create(42, "duty-a"));
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(AckLinkStatus.Expired, Links().Verify(id, r, action, label, exp, sig));
    }

    [Fact]
    public void Verify_TamperedIdResponderExpiryOrKey_Forged()
    {
        var (id, r, action, label, exp, sig) = Parse(Links().Create(42, "duty-a"));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(43, r, action, label, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, "head", action, label, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, action, label, (long.Parse(exp!, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), sig));
        Assert.Equal(AckLinkStatus.Forged, Links(Convert.ToBase64String(new byte[32])).Verify(id, r, action, label, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, action, label, exp, null));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, action, label, "soon", sig));
    }

    [Fact]
    public void Verify_LabelOrActionChanged_Forged()
    {
        var (id, r, action, label, exp, sig) = Parse(Links().Create(42, "duty-a", "leak"));
        Assert.Equal(("label", "leak"), (action, label));
        Assert.Equal(AckLinkStatus.Valid, Links().Verify(id, r, action, label, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, action, "normal", exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, "ack", null, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, "ack", label, exp, sig));
        var plain = Parse(Links().Create(42, "duty-a"));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(plain.Id, plain.R, "label", "normal", plain.Exp, plain.Sig));
    }

    [Fact]
    public void VerifyFormToken_BoundToTheLink()
    {
        var a = Parse(Links().Create(42, "duty-a")).Sig!;
        var b = Parse(Links().Create(42, "duty-a", "normal")).Sig!;
        Assert.True(Links().VerifyFormToken(a, Links().FormToken(a)));
        Assert.False(Links().VerifyFormToken(a, Links().FormToken(b)));
        Assert.False(Links().VerifyFormToken(a, null));
        Assert.False(Links().VerifyFormToken(a, a));
    }

    [Fact]
    public void LoadKey_NoConfiguredKey_GeneratesOwnerOnlyFileOnceAndReusesIt()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-ack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = AckLinks.LoadKey(new AckOptions(), new PathsOptions { Data = dir });
            var b = AckLinks.LoadKey(new AckOptions(), new PathsOptions { Data = dir });
            Assert.Equal(32, a.Length);
            Assert.Equal(a, b);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "alerting", "ack.key")));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
