using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Operations;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Tests.Commands;

public sealed class LogFormatTests
{
    private static readonly List<KeyValuePair<string, object?>> State =
    [
        new("SourceId", "tieba-fakao"),
        new("Url", "https://user:pw@example.com/hook?key=abc"),
        new("{OriginalFormat}", "Run of {SourceId} at {Url}"),
    ];

    [Fact]
    public void Text_EveryLine_CarriesTheNodeName()
    {
        var line = Write(format: null);

        Assert.Contains("info: [node-b] Test[1001] Run of tieba-fakao at https://***@example.com/hook?key=***", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_OneObjectPerLine_WithNodeEventAndNamedValuesRedacted()
    {
        var line = Write(format: "json");

        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("node-b", json.GetProperty("node").GetString());
        Assert.Equal("info", json.GetProperty("level").GetString());
        Assert.Equal(1001, json.GetProperty("event_id").GetInt32());
        Assert.Equal("tieba-fakao", json.GetProperty("SourceId").GetString());
        Assert.Equal("https://***@example.com/hook?key=***", json.GetProperty("Url").GetString());
        Assert.DoesNotContain("pw@", line, StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void NodeName_Refused_WhenItWouldBreakALogLineOrALabel()
    {
        var result = new NodeOptionsValidator().Validate(null, new NodeOptions { Name = "node a\n" });

        Assert.True(result.Failed);
        Assert.Contains("Node:Name", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new NodeOptionsValidator().Validate(null, new NodeOptions { Name = "exam-area-3.node_1" }).Succeeded);
    }

    private static string Write(string? format)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = format }).Build();
        var formatter = new RedactingConsoleFormatter(SecretRedactor.Common, Options.Create(new NodeOptions { Name = "node-b" }), config);
        using var writer = new StringWriter();
        var entry = new Microsoft.Extensions.Logging.Abstractions.LogEntry<List<KeyValuePair<string, object?>>>(
            LogLevel.Information, "Test", new EventId(1001), State, null, (s, _) => $"Run of {s[0].Value} at {s[1].Value}");
        formatter.Write(entry, null, writer);
        return writer.ToString().TrimEnd();
    }
}
