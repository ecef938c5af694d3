using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentimentWatch.Host.Commands;

namespace SentimentWatch.Host.Tests.Commands;

public sealed class FetchCommandsTests : IAsyncLifetime
{
    private readonly string _configDir = Path.Combine(Path.GetTempPath(), "sw-fetch-cli-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private Uri _base = null!;
    private readonly List<string> _cookies = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_configDir);
        Crash.SwProcess.CopyProductConfig(_configDir);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async c =>
        {
            lock (_cookies)
            {
                _cookies.Add(c.Request.Headers.Cookie.ToString());
            }

            switch (c.Request.Path.Value)
            {
                case "/robots.txt":
                    await c.Response.WriteAsync("User-agent: *\nDisallow: /private\n");
                    break;
                case "/old":
                    c.Response.Redirect("/forum");
                    break;
                default:
                    c.Response.ContentType = "text/html";
                    await c.Response.Body.WriteAsync(CodePages.Gbk.GetBytes("<html><body>法考客观题答案出售，这是骗局，请大家注意。</body></html>"));
                    break;
            }
        });
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_configDir, recursive: true);
    }

    private static Dictionary<string, string?> Quick(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            // The test site runs on 127.0.0.1, refused by default (docs/security.md).
            ["Outbound:AllowLoopback"] = "true",
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00",
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
            ["Storage:Database"] = Path.Combine(Path.GetTempPath(), "sw-fetch-cli-unused.db"),
        };
        foreach (var (k, v) in more ?? [])
        {
            settings[k] = v;
        }

        return settings;
    }

    [Fact]
    public async Task FetchAsync_RedirectedGbkPage_PrintsHopsCharsetAndText()
    {
        var output = new StringWriter();

        var code = await FetchCommands.FetchAsync(_configDir, new FetchCommandArgs(new Uri(_base, "/old").AbsoluteUri, Text: true), output, CancellationToken.None, Quick());

        var printed = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("outcome      Ok", printed, StringComparison.Ordinal);
        Assert.Contains($"redirects    {new Uri(_base, "/forum").AbsoluteUri}", printed, StringComparison.Ordinal);
        Assert.Contains("charset      gb18030 (sniff)", printed, StringComparison.Ordinal);
        Assert.Contains("法考客观题答案出售", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_DisallowedPage_PrintsRobotsFailureAndExitsOne()
    {
        var output = new StringWriter();

        var code = await FetchCommands.FetchAsync(_configDir, new FetchCommandArgs(new Uri(_base, "/private/x").AbsoluteUri), output, CancellationToken.None, Quick());

        Assert.Equal(1, code);
        Assert.Contains("failure      RobotsDisallowed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_AsConfiguredSource_SendsItsSecretCookie()
    {
        var output = new StringWriter();
        var settings = Quick(new Dictionary<string, string?>
        {
            ["Secrets:forum_session"] = "sid=s3cr3t",
            ["Crawler:Sources:0:Id"] = "forum",
            ["Crawler:Sources:0:Kind"] = "Feed",
            ["Crawler:Sources:0:Urls:0"] = new Uri(_base, "/forum").AbsoluteUri,
            ["Crawler:Sources:0:Interval"] = "00:05:00",
            ["Crawler:Sources:0:Cookie"] = "secret:forum_session",
        });

        var code = await FetchCommands.FetchAsync(_configDir, new FetchCommandArgs(new Uri(_base, "/forum").AbsoluteUri, Source: "forum"), output, CancellationToken.None, settings);

        Assert.True(code == 0, output.ToString());
        lock (_cookies)
        {
            Assert.Contains("sid=s3cr3t", _cookies);
        }
    }

    [Fact]
    public async Task FetchAsync_NotAUrl_ExitsUsageSayingSo()
    {
        var output = new StringWriter();

        var code = await FetchCommands.FetchAsync(_configDir, new FetchCommandArgs("tieba.example.cn/f"), output, CancellationToken.None, Quick());

        Assert.Equal(SentimentWatch.Host.Cli.ExitCodes.Usage, code);
        Assert.Contains("not an absolute http(s) URL", output.ToString(), StringComparison.Ordinal);
    }

    private static class CodePages
    {
        public static Encoding Gbk { get; } = Create();

        private static Encoding Create()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("gbk");
        }
    }
}
