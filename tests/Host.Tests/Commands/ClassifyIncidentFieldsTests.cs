using System.Text.Json.Nodes;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary><c>sw classify --input</c> carries alerting's view of the run: level, level reasons, duplicates, incident.</summary>
public sealed class ClassifyIncidentFieldsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-classify-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ClassifyBatch_PostsSharingAContact_ShareAnIncidentWithLevelAndReasons()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        var input = Path.Combine(_dir, "in.jsonl");
        var output = Path.Combine(_dir, "out.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": 1, "text": "出售法考客观题答.案，加V信 fk2024da，考前三天发"}""",
            """{"id": "b", "text": "主观题押题真题都有，需要的加V信 fk2024da 价格私聊"}""",
            """{"id": 3, "text": "今天刷了两百道真题，正确率终于上来了"}""",
            """{"id": 4}""",
        ]);

        using var p = SwProcess.Start(_dir, new Dictionary<string, string?> { ["Paths:Data"] = Path.Combine(_dir, "data") },
            "--config", config, "classify", "--input", input, "--output", output);
        await p.WaitForExitAsync();

        var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("answer_selling", (string?)lines[0]["label"]);
        Assert.NotNull((string?)lines[0]["level"]);
        Assert.NotEmpty(lines[0]["level_reasons"]!.AsArray());
        Assert.Equal((int?)lines[0]["incident"], (int?)lines[1]["incident"]);
        Assert.NotNull((int?)lines[0]["incident"]);
        Assert.Equal("normal", (string?)lines[2]["label"]);
        Assert.Null((string?)lines[2]["level"]);
        Assert.Null((int?)lines[2]["incident"]);
        Assert.Contains("text", (string?)lines[3]["error"]);
    }

    [Fact]
    public async Task ClassifyBatch_TwoThreadsWithBadLines_RecordsInInputOrderAndCopiesInOneIncident()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        var input = Path.Combine(_dir, "in.jsonl");
        var output = Path.Combine(_dir, "out.jsonl");
        var lines = new List<byte[]>();
        for (var i = 1; i <= 600; i++)
        {
            var line = (i % 100) switch
            {
                10 => $$"""{"id":{{i}},"text":"a","text":"b"}""",
                20 => $$"""{"id":{{i}},"text":"出售答案\ud800"}""",
                30 => null,
                _ => i % 3 == 0
                    ? $$"""{"id":{{i}},"text":"出售法考客观题答案，考前三天发货，需要的私聊 {{i % 7}}","published_at":"2026-09-10T10:00:00+08:00"}"""
                    : $$"""{"id":{{i}},"text":"今天刷了{{i}}道真题，正确率终于上来了"}""",
            };
            lines.Add(line is null ? [.. """{"id":0,"text":"卖"""u8, 0xFF, .. "\"}"u8] : System.Text.Encoding.UTF8.GetBytes(line));
        }

        await File.WriteAllBytesAsync(input, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());

        using var p = SwProcess.Start(_dir, new Dictionary<string, string?> { ["Paths:Data"] = Path.Combine(_dir, "data") },
            "--config", config, "classify", "--input", input, "--output", output, "--threads", "2");
        await p.WaitForExitAsync();

        Assert.Equal(0, p.ExitCode);
        var records = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(600, records.Count);
        var errors = records.Where(r => r["error"] is not null).ToList();
        Assert.Equal(Enumerable.Range(1, 600).Where(i => i % 100 is 10 or 20 or 30), errors.Select(r => (int)r["line"]!));
        Assert.Equal(Enumerable.Range(1, 600).Where(i => i % 100 is not (10 or 20 or 30)), records.Where(r => r["error"] is null).Select(r => (int)r["id"]!));
        var sellers = records.Where(r => (string?)r["label"] == "answer_selling").ToList();
        Assert.True(sellers.Count > 100, $"{sellers.Count} answer sellers");
        Assert.Single(sellers.Select(r => (int?)r["incident"]).Distinct());
        Assert.All(sellers.Skip(1), r => Assert.NotNull(r["duplicate_of"]));
    }
}
