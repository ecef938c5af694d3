using Microsoft.Extensions.Time.Testing;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Commands;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary><c>sw sources check</c> against the drill sites on 127.0.0.1, with a logged-in source among them.</summary>
public sealed class SourcesCommandsTests : IAsyncLifetime
{
    private const string CookieSecret = "SUB=_2A25check-secret-cookie";
    private const string TokenSecret = "check-secret-xsrf-token";
    private readonly string _configDir = Path.Combine(Path.GetTempPath(), "sw-sources-cli-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 9, 14, 0, 30, 0, TimeSpan.Zero));
    private DrillServer _drill = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_configDir);
        Crash.SwProcess.CopyProductConfig(_configDir);
        _drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.Demo(), TimeProvider = _clock }, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(11));
    }

    public async Task DisposeAsync()
    {
        await _drill.DisposeAsync();
        Directory.Delete(_configDir, recursive: true);
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(DrillSourceConfig.For(_drill, TimeSpan.FromMinutes(5), maxPages: 3))
        {
            ["Crawler:Fetching:Politeness:MinDelay"] = "00:00:00.005",
            ["Crawler:Fetching:Retry:MaxRetries"] = "0",
            ["Secrets:weibo_cookie"] = CookieSecret,
            ["Secrets:weibo_xsrf"] = TokenSecret,
        };
        var weibo = DrillSourceConfig.SourceIds.ToList().IndexOf("drill-weibo");
        settings[$"Crawler:Sources:{weibo}:Cookie"] = "secret:weibo_cookie";
        settings[$"Crawler:Sources:{weibo}:Headers:X-Xsrf-Token"] = "secret:weibo_xsrf";
        return settings;
    }

    [Fact]
    public async Task CheckAsync_EveryDrillSource_TablesOkWithSampleTitlesAndNoSecret()
    {
        var output = new StringWriter();

        var code = await SourcesCommands.CheckAsync(_configDir, output, CancellationToken.None, Settings());

        var text = output.ToString();
        Assert.True(code == 0, text);
        foreach (var id in DrillSourceConfig.SourceIds)
        {
            Assert.Contains(text.Split('\n'), line => line.Contains(id, StringComparison.Ordinal) && line.Contains(" Ok ", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("What failed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("check-secret", text, StringComparison.Ordinal);
        // Per-role match counts: how much of each list the selectors still read.
        Assert.Contains("roles matched", text, StringComparison.Ordinal);
        Assert.Matches(@"drill-discuz\s.*authorName (\d+)/\1\b", text);
    }

    [Fact]
    public async Task CheckAsync_CaptchaOnOneSite_ThatSourceFailedWithWhereAndWhyOthersOk()
    {
        _drill.Control(DrillSite.Weibo).Captcha = true;
        var output = new StringWriter();

        var code = await SourcesCommands.CheckAsync(_configDir, output, CancellationToken.None, Settings());

        var text = output.ToString();
        Assert.Equal(1, code);
        Assert.Contains(text.Split('\n'), line => line.Contains("drill-weibo", StringComparison.Ordinal) && line.Contains("Failed", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), line => line.Contains("drill-tieba", StringComparison.Ordinal) && line.Contains(" Ok ", StringComparison.Ordinal));
        Assert.Contains("drill-weibo: Captcha at " + _drill.BaseUri(DrillSite.Weibo).AbsoluteUri, text, StringComparison.Ordinal);
        Assert.DoesNotContain("check-secret", text, StringComparison.Ordinal);
    }
}
