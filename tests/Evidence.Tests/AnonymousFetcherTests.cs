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
using SentimentWatch.Evidence;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

public sealed class AnonymousFetcherTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    private static AnonymousFetcher Fetcher(int maxRedirects = 5, long maxBytes = 1 << 20) =>
        new(Options.Create(new EvidenceOptions { MaxRedirects = maxRedirects, MaxResponseBytes = maxBytes, FetchTimeout = TimeSpan.FromSeconds(3) }), TimeProvider.System);

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
