using System.Text.Json.Nodes;
using SentimentWatch.Classifier.Pipeline;

namespace SentimentWatch.Classifier.Tests.Pipeline;

public sealed class BatchClassifierTests
{
    [Fact]
    public async Task RunAsync_MixedLines_OneRecordPerLineAndAnErrorRecordPerBadLine()
    {
        var input = string.Join('\n',
            """{"id":1,"text":"卖法考答案 加qq 2876543210","platform":"qq","published_at":"2026-09-19T09:00:00+08:00","likes":3,"unknown":{"x":1}}""",
            "{bad json",
            """{"id":"x"}""",
            """{"id":3,"text":""}""",
            """{"id":4,"text":"😀😀😀"}""",
            """{"id":5,"text":"ok","published_at":"yesterday"}""",
            """{"id":6,"text":"ok","likes":"many"}""",
            """{"text":"no id"}""",
            "",
            """{"id":"7","text":"考场空调坏了"}""");
        var output = new StringWriter();

        var summary = await new BatchClassifier(Some.Model.Classifier).RunAsync(new StringReader(input), output, CancellationToken.None);

        var records = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(new BatchSummary(10, 3, 6), summary);
        Assert.Equal(9, records.Count);
        var first = records[0];
        Assert.Equal(1, first["id"]!.GetValue<int>());
        Assert.NotNull(first["label"]);
        Assert.Equal(7, first["scores"]!.AsObject().Count);
        Assert.Equal("2876543210", first["contacts"]![0]!["value"]!.GetValue<string>());
        Assert.NotEmpty(first["reasons"]!.AsArray());
        Assert.Null(first["error"]);
        Assert.Contains("invalid JSON", records[1]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, records[1]["line"]!.GetValue<int>());
        Assert.Equal("x", records[2]["id"]!.GetValue<string>());
        Assert.Contains("'text'", records[2]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("empty", records[3]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(records[4]["label"]);
        Assert.Contains("published_at", records[5]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("likes", records[6]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'id'", records[7]["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("7", records[8]["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2026-09-19T09:00:00+08:00", "2026-09-19T01:00:00Z")]
    [InlineData("2026-09-19T01:00Z", "2026-09-19T01:00:00Z")]
    [InlineData("2026-09-19T09:00:00", "2026-09-19T01:00:00Z")]
    [InlineData("2026-09-19 09:00", "2026-09-19T01:00:00Z")]
    [InlineData("2026-09-19 09:00:30.5", "2026-09-19T01:00:30.5Z")]
    public async Task RunAsync_PublishedAt_WithoutOffsetIsBeijingTime(string publishedAt, string expectedUtc)
    {
        var seen = new List<DateTimeOffset?>();
        var batch = new BatchClassifier(Some.Model.Classifier, (_, input, _, _) => seen.Add(input.PublishedAtUtc));
        var output = new StringWriter();

        var summary = await batch.RunAsync(new StringReader($$"""{"id":1,"text":"卷二第23题选C吗","published_at":"{{publishedAt}}"}"""), output, CancellationToken.None);

        Assert.Equal(new BatchSummary(1, 1, 0), summary);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(seen));
    }

    [Theory]
    [InlineData("2026-09-19")]
    [InlineData("2026/09/19 09:00")]
    [InlineData("9月19日 09:00")]
    [InlineData("2026-09-19T25:00:00")]
    public async Task RunAsync_PublishedAtWithoutTimeOfDayOrMalformed_IsAnErrorRecordNamingTheField(string publishedAt)
    {
        var output = new StringWriter();

        var summary = await new BatchClassifier(Some.Model.Classifier).RunAsync(
            new StringReader($$"""{"id":1,"text":"卷二第23题选C吗","published_at":"{{publishedAt}}"}"""), output, CancellationToken.None);

        Assert.Equal(new BatchSummary(1, 0, 1), summary);
        var error = JsonNode.Parse(output.ToString())!["error"]!.GetValue<string>();
        Assert.Contains("published_at", error, StringComparison.Ordinal);
        Assert.Contains(publishedAt, error, StringComparison.Ordinal);
    }
}
