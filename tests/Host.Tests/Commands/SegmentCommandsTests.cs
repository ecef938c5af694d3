using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SentimentWatch.Testing;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>Runs the real <c>sw segment</c> / <c>sw keywords</c> verbs as a process, feeding stdin bytes.</summary>
public sealed class SegmentCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sw-segcli-");
    private readonly string _config;

    public SegmentCommandsTests()
    {
        _config = Path.Combine(_dir.FullName, "config");
        Directory.CreateDirectory(_config);
        File.WriteAllText(Path.Combine(_config, "sentimentwatch.json"), JsonSerializer.Serialize(new
        {
            Paths = new { Models = Path.Combine(RepoPaths.Root, "models"), Data = Path.Combine(_dir.FullName, "data") },
        }));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Segment_LinesIncludingInvalidUtf8AndEmpty_OneJsonArrayPerLineInOrder()
    {
        var input = new List<byte>();
        input.AddRange("我来到北京清华大学\n"u8.ToArray());
        input.AddRange(new byte[] { 0xE4, 0xB8, (byte)'a', 0xFF, (byte)'\n' });   // truncated sequence + invalid byte
        input.AddRange("\n"u8.ToArray());
        input.AddRange("a\0b\r\n"u8.ToArray());
        input.AddRange("最后一行没有换行"u8.ToArray());
        var (code, stdout, stderr) = await RunAsync(["segment", "--no-domain-dict"], input.ToArray());
        // The bad line is reported with its number and skipped (null keeps the lines aligned); the rest goes on.
        Assert.Equal(1, code);
        Assert.Contains("stdin:2: invalid UTF-8", stderr, StringComparison.Ordinal);
        var lines = stdout.Split('\n', StringSplitOptions.None);
        Assert.Equal(6, lines.Length);
        Assert.Equal("", lines[5]);
        Assert.Equal(["我", "来到", "北京", "清华大学"], Parse(lines[0]));
        Assert.Equal("null", lines[1]);
        Assert.Empty(Parse(lines[2]));
        Assert.Equal(["a", "\0", "b"], Parse(lines[3]));
        Assert.Equal("最后一行没有换行", string.Concat(Parse(lines[4])));
    }

    [Theory]
    [InlineData("segment")]
    [InlineData("keywords")]
    public async Task SegmentAndKeywords_BadLines_ReportedByNumberSkippedRestContinues(string verb)
    {
        var input = new List<byte>();
        input.AddRange("法考客观题答案出售\n"u8.ToArray());
        input.AddRange(new byte[] { 0xED, 0xA0, 0x80, (byte)'\n' });   // an encoded lone surrogate (U+D800): not UTF-8
        input.AddRange(new byte[] { 0xC0, 0xAF, (byte)'\n' });         // an overlong '/'
        input.AddRange("北京清华大学考点\n"u8.ToArray());
        var (code, stdout, stderr) = await RunAsync([verb, "--no-domain-dict"], input.ToArray());

        Assert.Equal(1, code);
        Assert.Contains("stdin:2: invalid UTF-8", stderr, StringComparison.Ordinal);
        Assert.Contains("stdin:3: invalid UTF-8", stderr, StringComparison.Ordinal);
        var lines = stdout.Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Equal(("null", "null"), (lines[1], lines[2]));
        Assert.NotEqual("null", lines[3]);
        Assert.Contains("清华", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_JsonLinesWithEscapedLoneSurrogate_ReportedAndSkipped()
    {
        var input = "\"第一行\"\n\"\\ud800孤立代理\"\n\"第三行\"\n"u8.ToArray();
        var (code, stdout, stderr) = await RunAsync(["segment", "--json-lines", "--no-domain-dict"], input);

        Assert.Equal(1, code);
        Assert.Contains("stdin:2:", stderr, StringComparison.Ordinal);
        var lines = stdout.Split('\n');
        Assert.Equal("null", lines[1]);
        Assert.Contains("第三", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_DomainDictionaryByDefault_ExamTermsKeptWhole()
    {
        var (_, withDomain, _) = await RunAsync(["segment"], "法考客观题包过\n"u8.ToArray());
        var (_, bare, _) = await RunAsync(["segment", "--no-domain-dict", "--mode", "nohmm"], "法考客观题包过\n"u8.ToArray());
        Assert.Equal(["法考", "客观题", "包过"], Parse(withDomain.TrimEnd('\n')));
        Assert.Equal(["法", "考", "客观", "题", "包", "过"], Parse(bare.TrimEnd('\n')));
    }

    [Fact]
    public async Task Segment_MalformedUserDictionary_ExitTwoNamingFileAndLine()
    {
        var dict = Path.Combine(_dir.FullName, "bad.txt");
        await File.WriteAllBytesAsync(dict, [.. "好词 3\n"u8, 0xC3, 0x28, (byte)'\n']);
        var (code, _, stderr) = await RunAsync(["segment", "--userdict", dict], "测试\n"u8.ToArray());
        Assert.Equal(2, code);
        Assert.Contains($"{dict}:2: not valid UTF-8", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_JsonLinesInput_TextsWithNewlinesAndBadLinesReported()
    {
        var input = "\"第一行\\n第二行\"\n{\"text\": \"你好\"}\nnot json\n"u8.ToArray();
        var (code, stdout, stderr) = await RunAsync(["segment", "--no-domain-dict", "--json-lines"], input);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(1, code);
        Assert.Equal(["第一行", "\n", "第二行"], Parse(lines[0]));
        Assert.Equal(["你好"], Parse(lines[1]));
        Assert.Equal("null", lines[2]);
        Assert.Contains("stdin:3:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keywords_Line_WordWeightPairs()
    {
        var (code, stdout, _) = await RunAsync(["keywords", "--no-domain-dict", "--top", "2"], "法律 法律 考试 职业\n"u8.ToArray());
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var pairs = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, pairs.Count);
        Assert.Equal("法律", pairs[0][0].GetString());
        Assert.True(pairs[0][1].GetDouble() > pairs[1][1].GetDouble());
    }

    private static List<string> Parse(string jsonLine) => JsonSerializer.Deserialize<List<string>>(jsonLine)!;

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, byte[] stdin)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sw.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--config");
        psi.ArgumentList.Add(_config);
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        await p.StandardInput.BaseStream.WriteAsync(stdin);
        p.StandardInput.Close();
        await p.WaitForExitAsync();
        return (p.ExitCode, await outTask, await errTask);
    }
}
