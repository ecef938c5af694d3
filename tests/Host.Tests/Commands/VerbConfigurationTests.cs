using System.Text.Json;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Cli;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// Each verb validates only the configuration it uses, and every verb reads <c>--config</c> (real <c>sw</c> processes):
/// a one-off crawl runs with a broken alerting section, one source's unset variable stops only what needs that source,
/// and <c>demo</c> reads the directory it is given.
/// </summary>
public sealed class VerbConfigurationTests : IAsyncLifetime
{
    private const string UnsetVariable = "SW_TEST_NEVER_SET_COOKIE_12";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-verbcfg-" + Guid.NewGuid().ToString("N"));
    private DrillServer _drill = null!;
    private string _config = null!;
    private Dictionary<string, string?> _settings = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        _drill = await DrillServer.StartAsync(new DrillOptions { Scenario = DrillScenario.Generate(posts: 30, seed: 3, spreadSeconds: 0) }, CancellationToken.None);
        _settings = new Dictionary<string, string?>(DrillSourceConfig.For(_drill, TimeSpan.FromMinutes(1)))
        {
            ["Storage:Database"] = Path.Combine(_dir, "sw.db"),
            ["Outbound:AllowLoopback"] = "true",
        };
    }

    public async Task DisposeAsync()
    {
        await _drill.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task CrawlerRunOnce_AlertingSectionBroken_CrawlsWhileAlertingVerbsRefuse()
    {
        var broken = new Dictionary<string, string?>(_settings) { ["Alerting:PollInterval"] = "-00:00:05" };

        var crawl = await SwAsync(broken, "crawler run --source drill-rss --once");
        var status = await SwAsync(broken, "status");
        var incidents = await SwAsync(broken, "incidents list");

        Assert.True(crawl.Exit == ExitCodes.Ok, $"crawl: exit {crawl.Exit}\n{crawl.Out}\n{crawl.Err}");
        Assert.Matches(@"\(\d*[1-9]\d* posts\)", crawl.Out);
        Assert.True(status.Exit == ExitCodes.Ok, $"status: exit {status.Exit}\n{status.Out}\n{status.Err}");
        // The control: the alerting section really is broken, and a verb that reads it says so.
        Assert.True(incidents.Exit == ExitCodes.Usage, $"incidents: exit {incidents.Exit}\n{incidents.Out}\n{incidents.Err}");
        Assert.Contains("Alerting:PollInterval", incidents.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnrelatedVerbs_OneSourcesVariableUnset_RunWhileThatSourceIsRefused()
    {
        File.WriteAllText(Path.Combine(_config, "conf.d", "20-sources.json"), JsonSerializer.Serialize(new
        {
            Crawler = new { Sources = new[] { new { Id = "needs-cookie", Profile = "rss", Urls = new[] { "http://127.0.0.1:9/rss.xml" }, Interval = "00:30:00", Cookie = "env:" + UnsetVariable } } },
        }));
        var notAPacket = Directory.CreateDirectory(Path.Combine(_dir, "not-a-packet")).FullName;
        // Only the file's source: sources given as variables would take its place by list position.
        var settings = new Dictionary<string, string?> { ["Storage:Database"] = _settings["Storage:Database"] };

        var cut = await SwAsync(settings, "segmenter cut", stdin: "法考答案出售\n");
        var verify = await SwAsync(settings, $"evidence verify {notAPacket}");
        var incidents = await SwAsync(settings, "incidents list");
        var crawl = await SwAsync(settings, "crawler run --source needs-cookie --once");

        Assert.True(cut.Exit == ExitCodes.Ok, $"segmenter cut: exit {cut.Exit}\n{cut.Out}\n{cut.Err}");
        Assert.Contains("法考", cut.Out, StringComparison.Ordinal);
        // Verifying a directory without a packet finds a problem (1); it is never refused for a source's cookie (2).
        Assert.True(verify.Exit == ExitCodes.Failed, $"evidence verify: exit {verify.Exit}\n{verify.Out}\n{verify.Err}");
        Assert.DoesNotContain(UnsetVariable, verify.Err, StringComparison.Ordinal);
        Assert.True(incidents.Exit == ExitCodes.Ok, $"incidents list: exit {incidents.Exit}\n{incidents.Out}\n{incidents.Err}");
        // The control: the source that needs the variable is refused, naming it.
        Assert.True(crawl.Exit == ExitCodes.Usage, $"crawl: exit {crawl.Exit}\n{crawl.Out}\n{crawl.Err}");
        Assert.Contains(UnsetVariable, crawl.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config {dir} demo --speed 1000 --linger 0", false)]
    [InlineData("demo --demo-config {dir} --speed 1000 --linger 0", true)]
    [InlineData("--config {dir} exercise run --scenario {scenario} --speed 1000 --linger 0", false)]
    [InlineData("exercise run --exercise-config {dir} --scenario {scenario} --speed 1000 --linger 0", true)]
    public async Task Demo_ConfigGiven_ReadsThatDirectory(string line, bool oldForm)
    {
        // A directory whose only flaw is one a demo cannot miss: the worker refuses it, naming the key, so the demo read it.
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "demo-config"));
        File.WriteAllText(Path.Combine(config, "conf.d", "90-flaw.json"), """{ "Node": { "Name": "two words" } }""");
        var scenario = Path.Combine(SwProcess.RepoRoot, "config", "exercises", "leak-level1-sitting.jsonl");

        var run = await SwProcess.RunAsync(_dir, new Dictionary<string, string?> { ["Paths:Data"] = Path.Combine(_dir, "demo-data") }, null,
            line.Replace("{dir}", config, StringComparison.Ordinal).Replace("{scenario}", scenario, StringComparison.Ordinal).Split(' '));

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("Node:Name", run.Err, StringComparison.Ordinal);
        Assert.Equal(oldForm, run.Err.Contains("is now '--config DIR'", StringComparison.Ordinal));
    }

    private Task<(int Exit, string Out, string Err)> SwAsync(IReadOnlyDictionary<string, string?> settings, string line, string? stdin = null) =>
        SwProcess.RunAsync(_dir, settings, stdin, ["--config", _config, .. line.Split(' ')]);
}
