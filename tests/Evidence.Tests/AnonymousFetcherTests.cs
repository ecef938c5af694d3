using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Net;
using SentimentWatch.Evidence;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

public sealed class AnonymousFetcherTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    private static AnonymousFetcher Fetcher(int maxRedirects = 5, long maxBytes = 1 << 20, OutboundRules? rules = null) =>
        new(Options.Create(new EvidenceOptions { MaxRedirects = maxRedirects, MaxResponseBytes = maxBytes, FetchTimeout = TimeSpan.FromSeconds(3), Outbound = rules ?? new OutboundRules { AllowLoopback = true } }),
            Options.Create(new OutboundRules()), new OutboundGuard(Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboundGuard>.Instance), TimeProvider.System);

    [Theory]
    [InlineData("http://2130706433:{0}/post/1")]
    [InlineData("http://0x7f.0.0.1:{0}/post/1")]
    [InlineData("http://0177.0.0.1:{0}/post/1")]
    [InlineData("http://localhost:{0}/post/1")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/post/1")]
    public async Task Fetch_LoopbackSpelledAnyWayNotAllowed_RefusedNothingFetched(string template)
    {
        var url = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, servers.Site.BaseUri.Port));

        var result = await Fetcher(rules: new OutboundRules()).FetchAsync(url, CancellationToken.None);

        Assert.Equal(FetchFailure.Refused, result.Failure);
        Assert.Contains("loopback", result.FailureDetail, StringComparison.Ordinal);
        Assert.Empty(result.Hops);
    }

    [Theory]
    [InlineData("http://127.0.0.2:9/admin", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData("http://10.1.2.3/", "private")]
    public async Task Fetch_RedirectFromAllowedHostToInternalAddress_HopRefused(string target, string rule)
    {
        // Only the test site's own address is allowed; its redirect leads somewhere internal.
        var rules = new OutboundRules { AllowNetworks = ["127.0.0.1/32"] };

        var result = await Fetcher(rules: rules).FetchAsync(servers.Site.Url("redirect?to=" + Uri.EscapeDataString(target)), CancellationToken.None);

        Assert.Equal(FetchFailure.Refused, result.Failure);
        Assert.Contains(rule, result.FailureDetail, StringComparison.Ordinal);
        var hop = Assert.Single(result.Hops);
        Assert.Equal(302, hop.Status);
    }

    [Fact]
    public async Task Fetch_Redirect_EachHopRecordedWithServerIpAndIdentityEncoding()
    {
        var result = await Fetcher().FetchAsync(servers.Site.Url("moved"), CancellationToken.None);

        Assert.Equal(FetchFailure.None, result.Failure);
        Assert.Equal(2, result.Hops.Count);
        Assert.Equal(302, result.Hops[0].Status);
        Assert.Equal(servers.Site.Url("post/1"), result.Final!.Url);
        Assert.Equal("127.0.0.1", result.Final.ServerIp);
        Assert.Contains(result.Final.RequestHeaders, h => h.Key == "Accept-Encoding" && h.Value == "identity");
        Assert.Equal(Encoding.UTF8.GetBytes(TestSite.PostHtml), result.Final.Body);
        Assert.NotNull(result.ServerClockOffset);
        Assert.Null(result.Tls);
    }

    [Fact]
    public async Task Fetch_EndlessRedirects_StopsAtTheCap()
    {
        var result = await Fetcher(maxRedirects: 3).FetchAsync(servers.Site.Url("loop/1"), CancellationToken.None);

        Assert.Equal(FetchFailure.TooManyRedirects, result.Failure);
        Assert.Equal(4, result.Hops.Count);
    }

    [Fact]
    public async Task Fetch_TwentyMegabytes_CutAtTheCapAndMarked()
    {
        var result = await Fetcher(maxBytes: 64 * 1024).FetchAsync(servers.Site.Url("big"), CancellationToken.None);

        Assert.Equal(FetchFailure.TooLarge, result.Failure);
        Assert.True(result.Final!.Truncated);
        Assert.Equal(64 * 1024, result.Final.Body.Length);
    }

    [ToolFact("openssl")]
    public async Task Fetch_Https_RecordsTlsChainAndValidationErrors()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=forum.test.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var cert = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(cert)));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/p/1", () => Results.Text(TestSite.PostHtml, "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var result = await Fetcher().FetchAsync(new Uri(address, "/p/1"), CancellationToken.None);

        Assert.Equal(FetchFailure.None, result.Failure);
        Assert.NotNull(result.Tls);
        Assert.Equal(cert.RawData, result.Tls.ChainDer[0]);
        Assert.Contains("RemoteCertificateChainErrors", result.Tls.PolicyErrors, StringComparison.Ordinal);
        var pem = Path.Combine(Path.GetTempPath(), $"sw-tls-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, PemEncoding.WriteString("CERTIFICATE", result.Tls.ChainDer[0]) + "\n");
        var subject = Tools.Exec("/", "openssl", "x509", "-in", pem, "-noout", "-subject");
        File.Delete(pem);
        Assert.Contains("forum.test.example", subject.Output, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
