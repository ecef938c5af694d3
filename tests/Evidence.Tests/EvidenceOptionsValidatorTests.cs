using SentimentWatch.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class EvidenceOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new EvidenceOptionsValidator().Validate(null, new EvidenceOptions()).Succeeded);
    }

    [Fact]
    public void Validate_ManyBadKeys_ReportsEveryKeyWithItsValue()
    {
        var options = new EvidenceOptions
        {
            FetchTimeout = TimeSpan.Zero,
            MaxResponseBytes = 10,
            MaxRedirects = 99,
            Signing = new SigningOptions { CertificatePath = "/nonexistent/bureau.pfx" },
            Tsa = [new TsaOptions { Url = "htp://x", TrustedRootPath = "/nonexistent/root.pem" }],
        };

        var result = new EvidenceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains("Evidence:FetchTimeout '00:00:00' must be positive and at most 00:10:00", failures);
        Assert.Contains("Evidence:MaxResponseBytes '10' must be between 1024 and 1073741824", failures);
        Assert.Contains("Evidence:MaxRedirects '99' must be between 0 and 50", failures);
        Assert.Contains("Evidence:Signing:CertificatePath '/nonexistent/bureau.pfx' does not exist", failures);
        Assert.Contains("Evidence:Tsa:0:Url 'htp://x' is not an absolute http(s) URI", failures);
        Assert.Contains(failures, f => f.StartsWith("Evidence:Tsa:0:TrustedRootPath '/nonexistent/root.pem'", StringComparison.Ordinal));
    }
}
