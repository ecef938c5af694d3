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
}
