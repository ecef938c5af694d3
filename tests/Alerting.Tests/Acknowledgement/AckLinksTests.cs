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
        Some.Wrap(new AckOptions { SigningKey = key ?? AlertingHarness.Key, BaseUrl = "http://127.0.0.1:8788/", LinkLifetimeHours = 24 }),
        Some.Wrap(new PathsOptions { Data = dataDir ?? Path.GetTempPath() }),
        _time);

    private static (long Id, string? R, string? Exp, string? Sig) Parse(Uri link)
    {
        var q = HttpUtility.ParseQueryString(link.Query);
        return (long.Parse(link.Segments[^1], System.Globalization.CultureInfo.InvariantCulture), q["r"], q["exp"], q["sig"]);
    }

    [Fact]
    public void Verify_FreshLink_Valid()
    {
        var link = Links().Create(42, "duty-a");
        Assert.StartsWith("http://127.0.0.1:8788/ack/42?r=duty-a&exp=", link.AbsoluteUri, StringComparison.Ordinal);
        var (id, r, exp, sig) = Parse(link);
        Assert.Equal(AckLinkStatus.Valid, Links().Verify(id, r, exp, sig));
    }

    [Fact]
    public void Verify_AfterLifetime_Expired()
    {
        var (id, r, exp, sig) = Parse(Links().Create(42, "duty-a"));
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(AckLinkStatus.Expired, Links().Verify(id, r, exp, sig));
    }

    [Fact]
    public void Verify_TamperedIdResponderExpiryOrKey_Forged()
    {
        var (id, r, exp, sig) = Parse(Links().Create(42, "duty-a"));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(43, r, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, "head", exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, (long.Parse(exp!, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), sig));
        Assert.Equal(AckLinkStatus.Forged, Links(Convert.ToBase64String(new byte[32])).Verify(id, r, exp, sig));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, exp, null));
        Assert.Equal(AckLinkStatus.Forged, Links().Verify(id, r, "soon", sig));
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
