using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using SentimentWatch.Core.Alerting;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;

namespace SentimentWatch.DutyConsole.Tests;

/// <summary>The console over real TLS: a certificate made with openssl, Kestrel serving it, a browser and a client connecting.</summary>
public sealed class HttpsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Https_WithAPemCertificate_ServesTls_SendsHsts_AndMarksCookiesSecure()
    {
        var dir = Directory.CreateTempSubdirectory("sw-console-tls-").FullName;
        var (cert, key) = await SelfSignedAsync(dir);
        await using var console = await ConsoleHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Console:Listen"] = "https://127.0.0.1:0",
            ["Console:Https:CertificatePath"] = cert,
            ["Console:Https:KeyPath"] = key,
        });
        Assert.Equal("https", console.Address.Scheme);
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var (_, alert, _) = await console.SeedAsync("出售答案 加微信", IncidentLevel.II);

        // A client that trusts exactly this certificate: the bytes on the wire are TLS with our certificate.
        var expected = X509Certificate2.CreateFromPemFile(cert, key).Thumbprint;
        string? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, c, _, _) =>
            {
                seen = c?.Thumbprint;
                return c?.Thumbprint == expected;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = console.Address };
        using var response = await client.GetAsync("/login");
        Assert.Equal(expected, seen);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());

        // Plain HTTP on the same port gets no page.
        using var plain = new HttpClient { BaseAddress = new UriBuilder(console.Address) { Scheme = "http" }.Uri };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetStringAsync("/login"));

        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password, ignoreHttpsErrors: true);
        Assert.Equal(1, await page.Locator($"li.row[data-id='{alert}']").CountAsync());
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "sw.session");
        Assert.All(cookies.Where(c => c.Name.StartsWith("sw.", StringComparison.Ordinal)), c => Assert.True(c.Secure && c.HttpOnly, c.Name + " is not Secure+HttpOnly"));
    }

    [Fact]
    public async Task SwRun_BeyondLoopbackWithoutHttps_RefusesToStart_NamingTheKey()
    {
        await using var console = await ConsoleHarness.StartAsync();

        var (exit, stdout, stderr) = await console.SwAsync(new Dictionary<string, string> { ["SW_Console__Listen"] = "http://0.0.0.0:0" }, "run");

        Assert.NotEqual(0, exit);
        Assert.Contains("Console:Listen 'http://0.0.0.0:0' is beyond loopback over plain HTTP", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPfxPassword_IsRefusedAtStartUp_NamingTheKey()
    {
        var dir = Directory.CreateTempSubdirectory("sw-console-tls-").FullName;
        var (cert, key) = await SelfSignedAsync(dir);
        var pfx = Path.Combine(dir, "console.pfx");
        await OpensslAsync("pkcs12", "-export", "-in", cert, "-inkey", key, "-out", pfx, "-passout", "pass:right-password");
        await using var console = await ConsoleHarness.StartAsync();

        var (exit, stdout, stderr) = await console.SwAsync(new Dictionary<string, string>
        {
            ["SW_Console__Listen"] = "https://0.0.0.0:0",
            ["SW_Console__Https__CertificatePath"] = pfx,
            ["SW_Console__Https__Password"] = "wrong-password",
        }, "run");

        Assert.NotEqual(0, exit);
        Assert.Contains($"Console:Https:CertificatePath '{pfx}' cannot be loaded", stdout + stderr, StringComparison.Ordinal);
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (PEM certificate and key) made by openssl.</summary>
    private static async Task<(string Cert, string Key)> SelfSignedAsync(string dir)
    {
        var cert = Path.Combine(dir, "console.crt");
        var key = Path.Combine(dir, "console.key");
        await OpensslAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        return (cert, key);
    }

    private static async Task OpensslAsync(params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "openssl " + string.Join(' ', args) + ": " + await err);
    }
}
