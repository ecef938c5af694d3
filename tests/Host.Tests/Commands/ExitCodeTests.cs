using SentimentWatch.Host.Cli;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// One exit-code table (<see cref="ExitCodes"/>) on the real <c>sw</c> process: the same mistake gives the same code
/// whichever verb makes it — an unknown id, a bad configuration key, a missing input file, a parse error, nobody named.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-exit-" + Guid.NewGuid().ToString("N"));
    private readonly string _config;
    private readonly Dictionary<string, string?> _settings;

    public ExitCodeTests()
    {
        Directory.CreateDirectory(_dir);
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        // SW_BY is emptied so a person set in the test runner's environment never stands in for --by.
        _settings = new Dictionary<string, string?> { ["Storage:Database"] = Path.Combine(_dir, "sw.db"), ["BY"] = "" };
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("incidents show 999")]
    [InlineData("incidents downgrade 999 --level III --by 值班员甲 --reason 误报")]
    [InlineData("incidents close 999 --by 值班员甲 --reason 已处置")]
    [InlineData("incidents reopen 999 --by 值班员甲")]
    [InlineData("incidents merge 999 998 --by 值班员甲 --reason 同一卖家")]
    [InlineData("incidents silence 999 --by 值班员甲 --reason 误报")]
    [InlineData("alerts silence 999 --by 值班员甲 --reason 误报")]
    [InlineData("incidents evaluate 999")]
    [InlineData("alerts show 999")]
    [InlineData("alerts ack 999 --by 值班员甲")]
    [InlineData("evidence show no-such-packet --by 值班员甲")]
    [InlineData("evidence handover no-such-packet --to 网安支队 --by 值班员甲")]
    [InlineData("reports export 999 --out r.pdf")]
    [InlineData("reports generate --kind flash --incident 999 --out r.pdf --by 值班员甲")]
    [InlineData("classifier feedback --post 999 --decision confirmed --by 值班员甲")]
    [InlineData("crawler run --source no-such-source --once")]
    [InlineData("crawler fetch http://127.0.0.1:9/ --source no-such-source")]
    [InlineData("users disable nobody")]
    [InlineData("evaluation sitting --name no-such-sitting")]
    public async Task Verb_UnknownId_ExitsNotFound(string line)
    {
        var run = await SwAsync(_settings, line);

        Assert.True(run.Exit == ExitCodes.NotFound, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.DoesNotContain("Unhandled", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("incidents list")]
    [InlineData("incidents close 1 --by 值班员甲 --reason 已处置")]
    [InlineData("alerts list")]
    [InlineData("evidence list")]
    [InlineData("reports list")]
    [InlineData("users list")]
    [InlineData("audit verify")]
    [InlineData("search 法考")]
    [InlineData("status")]
    [InlineData("crawler run --source no-such-source --once")]
    [InlineData("crawler check")]
    [InlineData("classifier feedback --post 1 --decision confirmed --by 值班员甲")]
    public async Task Verb_BadStoreKey_RefusedNamingTheKey(string line)
    {
        var run = await SwAsync(new Dictionary<string, string?>(_settings) { ["Storage:BusyTimeout"] = "-1" }, line);

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("Configuration is invalid", run.Err, StringComparison.Ordinal);
        Assert.Contains("Storage:BusyTimeout", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmenterCut_BadSegmentationKey_RefusedWithTheSameMessage()
    {
        var run = await SwAsync(new Dictionary<string, string?>(_settings) { ["Segmentation:Dictionary"] = Path.Combine(_dir, "missing-dict.txt") }, "segmenter cut", stdin: "法考\n");

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("Configuration is invalid", run.Err, StringComparison.Ordinal);
        Assert.Contains("Segmentation:Dictionary", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evidence verify {missing}.zip")]
    [InlineData("evidence verify {dir} --signer-root {missing}.pem")]
    [InlineData("evidence handover p1 --to 网安支队 --by 值班员甲 --zip {missing}.zip")]
    [InlineData("classifier evaluate --input {missing}.jsonl")]
    [InlineData("classifier classify --input {missing}.jsonl")]
    [InlineData("segmenter cut --userdict {missing}.txt")]
    [InlineData("exercise run --scenario {missing}.jsonl")]
    [InlineData("drill serve --scenario {missing}.jsonl")]
    public async Task Verb_MissingInputFile_ExitsUsage(string line)
    {
        var run = await SwAsync(_settings, line.Replace("{missing}", Path.Combine(_dir, "missing"), StringComparison.Ordinal).Replace("{dir}", _dir, StringComparison.Ordinal), stdin: "");

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("missing", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("incidents close 1 --by 值班员甲")]
    [InlineData("incidents show not-a-number")]
    [InlineData("evidence list --no-such-option")]
    [InlineData("no-such-verb")]
    public async Task Parse_Error_ExitsUsage(string line)
    {
        var run = await SwAsync(_settings, line);

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
    }

    [Theory]
    [InlineData("incidents close 1 --reason 已处置")]
    [InlineData("incidents silence 1 --reason 误报")]
    [InlineData("alerts ack 1")]
    [InlineData("evidence show p1")]
    [InlineData("evidence export 1 --out e.zip")]
    [InlineData("reports generate --kind flash --incident 1 --out r.pdf")]
    [InlineData("classifier feedback --post 1 --decision confirmed")]
    public async Task Verb_NobodyNamed_ExitsUsageAskingForBy(string line)
    {
        var run = await SwAsync(_settings, line);

        Assert.True(run.Exit == ExitCodes.Usage, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("--by NAME", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verb_PersonFromSwBy_IsTheActingPerson()
    {
        // The shift's person from SW_BY counts like --by: the verb gets past the person and finds no incident.
        var run = await SwAsync(new Dictionary<string, string?>(_settings) { ["BY"] = "值班员乙" }, "incidents close 999 --reason 已处置");

        Assert.True(run.Exit == ExitCodes.NotFound, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
    }

    [Fact]
    public async Task Evidence_OldOperatorSpelling_WorksAndShowsTheNewForm()
    {
        var run = await SwAsync(_settings, "evidence show no-such-packet --operator 值班员甲");

        Assert.True(run.Exit == ExitCodes.NotFound, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("'--operator' is now '--by'", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsSilence_OldForm_RewrittenToIncidentsSilence()
    {
        var run = await SwAsync(_settings, "alerts silence 999 --by 值班员甲 --reason 误报");

        Assert.Contains("'alerts silence' is now 'incidents silence'", run.Err, StringComparison.Ordinal);
        Assert.True(run.Exit == ExitCodes.NotFound, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
    }

    private Task<(int Exit, string Out, string Err)> SwAsync(IReadOnlyDictionary<string, string?> settings, string line, string? stdin = null) =>
        SwProcess.RunAsync(_dir, settings, stdin, ["--config", _config, .. line.Split(' ')]);
}
