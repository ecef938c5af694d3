using System.Text;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Classification;
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
        var output = new Utf8Output();

        var summary = await new BatchClassifier(Some.Model.Classifier).RunAsync(Utf8(input), output, CancellationToken.None);

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
        var batch = new BatchClassifier(Some.Model.Classifier, new Recorder((input, _) => seen.Add(input.PublishedAtUtc)));
        var output = new Utf8Output();

        var summary = await batch.RunAsync(Utf8($$"""{"id":1,"text":"卷二第23题选C吗","published_at":"{{publishedAt}}"}"""), output, CancellationToken.None);

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
        var output = new Utf8Output();

        var summary = await new BatchClassifier(Some.Model.Classifier).RunAsync(
            Utf8($$"""{"id":1,"text":"卷二第23题选C吗","published_at":"{{publishedAt}}"}"""), output, CancellationToken.None);

        Assert.Equal(new BatchSummary(1, 0, 1), summary);
        var error = JsonNode.Parse(output.ToString())!["error"]!.GetValue<string>();
        Assert.Contains("published_at", error, StringComparison.Ordinal);
        Assert.Contains(publishedAt, error, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> BadLines => new()
    {
        { "duplicate key", """{"id":2,"text":"卖答案","text":"正常内容"}"""u8.ToArray(), "invalid JSON" },
        { "escaped lone surrogate in text", """{"id":2,"text":"卖答案\ud800"}"""u8.ToArray(), "lone surrogate" },
        { "escaped lone surrogate in id", """{"id":"a\udc00","text":"卖答案"}"""u8.ToArray(), "lone surrogate" },
        { "invalid UTF-8", [.. """{"id":2,"text":"卖"""u8, 0xE5, 0x8D, 0x22, .. "}"u8], "not valid UTF-8 (first bad byte at byte 20)" },
        { "overlong UTF-8 encoding", [.. """{"id":2,"text":"""u8, 0xC0, 0xAF, .. "\"}"u8], "not valid UTF-8" },
        { "missing text", """{"id":2,"platform":"weibo"}"""u8.ToArray(), "field 'text' is missing" },
        { "text not a string", """{"id":2,"text":{"a":1}}"""u8.ToArray(), "field 'text' is missing or not a string" },
        { "not an object", "[1,2,3]"u8.ToArray(), "not a JSON object" },
        { "nested too deep", Encoding.UTF8.GetBytes("{\"id\":2,\"x\":" + new string('[', 5000) + new string(']', 5000) + ",\"text\":\"a\"}"), "invalid JSON" },
        { "over the line limit", Encoding.UTF8.GetBytes("{\"id\":2,\"text\":\"" + new string('答', 40_000) + "\"}"), "over the limit of 65536" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task RunAsync_BadLineBetweenGoodOnes_ErrorRecordWithItsLineNumberAndTheBatchGoesOn(string kind, byte[] bad, string expected)
    {
        var input = new MemoryStream([.. """{"id":1,"text":"考场空调坏了"}"""u8, (byte)'\n', .. bad, (byte)'\n', .. """{"id":3,"text":"出售答案加qq 2876543210"}"""u8, (byte)'\n']);
        var output = new Utf8Output();

        var summary = await new BatchClassifier(Some.Model.Classifier, options: new BatchOptions(2, MaxLineBytes: 65536)).RunAsync(input, output, CancellationToken.None);

        var records = Records(output);
        Assert.Equal(new BatchSummary(3, 2, 1), summary);
        Assert.Equal(3, records.Count);
        Assert.Equal(2, (int?)records[1]["line"]);
        Assert.Contains(expected, (string?)records[1]["error"], StringComparison.Ordinal);
        Assert.Null(records[1]["label"]);
        Assert.Equal([1, 3], new[] { records[0], records[2] }.Select(r => (int?)r["id"]));
        Assert.All(new[] { records[0], records[2] }, r => Assert.NotNull((string?)r["label"]));
        _ = kind;
    }

    [Fact]
    public async Task RunAsync_HugeLineMuchLongerThanTheBuffer_SkippedWithItsSizeAndTheNextLineRead()
    {
        var huge = new byte[3_000_000];
        Array.Fill(huge, (byte)'a');
        var input = new MemoryStream([.. huge, (byte)'\n', .. """{"id":2,"text":"考场空调坏了"}"""u8]);
        var output = new Utf8Output();

        var summary = await new BatchClassifier(Some.Model.Classifier, options: new BatchOptions(1, MaxLineBytes: 1000)).RunAsync(input, output, CancellationToken.None);

        var records = Records(output);
        Assert.Equal(new BatchSummary(2, 1, 1), summary);
        Assert.Equal("line is 3000000 bytes, over the limit of 1000 (--max-line-bytes): skipped", (string?)records[0]["error"]);
        Assert.Equal(1, (int?)records[0]["line"]);
        Assert.Equal(2, (int?)records[1]["id"]);
    }

    [Fact]
    public async Task RunAsync_ByteOrderMarkCrLfAndLineAtTheLimit_ReadAsText()
    {
        // The first line with its byte-order mark and \r is exactly at the limit.
        var line = """{"id":1,"text":"考场空调坏了"}"""u8.ToArray();
        var input = new MemoryStream([0xEF, 0xBB, 0xBF, .. line, (byte)'\r', (byte)'\n', .. """{"id":2,"text":"考场空调坏了"}"""u8]);
        var output = new Utf8Output();

        var summary = await new BatchClassifier(Some.Model.Classifier, options: new BatchOptions(1, MaxLineBytes: line.Length + 4)).RunAsync(input, output, CancellationToken.None);

        Assert.Equal(new BatchSummary(2, 2, 0), summary);
        Assert.Equal([1, 2], Records(output).Select(r => (int?)r["id"]));
    }

    [Fact]
    public async Task RunAsync_FourThreadsSmallChunks_OutputInInputOrderAndEqualToOneThread()
    {
        var texts = new[] { "出售法考答案，加V信 fk2024da", "考场空调坏了，热得没法答题", "今天刷了两百道真题", "网传主观题泄露了？", "成绩可以改，内部渠道" };
        var lines = string.Join('\n', Enumerable.Range(1, 2000).Select(i => (i % 97 == 0 ? "{broken" : $$"""{"id":{{i}},"text":"{{texts[i % texts.Length]}} {{i}}"}""")));
        var annotated = new List<int>();
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var parallel = new Utf8Output();
        var single = new Utf8Output();

        // The first thread to prepare waits (once, up to ten seconds) for a second thread to prepare too: on a
        // two-core machine the pool may otherwise finish every chunk on one thread, and a serial batch still fails.
        using var secondThread = new ManualResetEventSlim();
        var waited = 0;
        void Prepare()
        {
            threads[Environment.CurrentManagedThreadId] = true;
            if (threads.Count > 1)
            {
                secondThread.Set();
            }
            else if (Interlocked.Exchange(ref waited, 1) == 0)
            {
                secondThread.Wait(TimeSpan.FromSeconds(10));
            }
        }

        var summary = await new BatchClassifier(Some.Model.Classifier, new Recorder((_, _) => Prepare(), id => annotated.Add(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))),
            new BatchOptions(4, ChunkLines: 7)).RunAsync(Utf8(lines), parallel, CancellationToken.None);
        await new BatchClassifier(Some.Model.Classifier, options: new BatchOptions(1)).RunAsync(Utf8(lines), single, CancellationToken.None);

        var records = Records(parallel);
        Assert.Equal(new BatchSummary(2000, 1980, 20), summary);
        Assert.Equal(Enumerable.Range(1, 2000).Where(i => i % 97 != 0), records.Where(r => r["error"] is null).Select(r => (int)r["id"]!));
        Assert.Equal(Enumerable.Range(1, 2000).Where(i => i % 97 == 0), records.Where(r => r["error"] is not null).Select(r => (int)r["line"]!));
        Assert.Equal(Enumerable.Range(1, 2000).Where(i => i % 97 != 0), annotated);
        Assert.True(records.Where(r => r["error"] is null).All(r => (int?)r["seq"] is not null), "annotated fields are on every classified record");
        Assert.True(threads.Count > 1, "prepared on more than one thread");
        Assert.Equal(single.ToString().Split('\n').Length, parallel.ToString().Split('\n').Length);
        Assert.Equal(
            single.ToString().Split('\n').Where(l => l.Length > 0),
            records.Select(r => { r.Remove("seq"); return r.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }); }));
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static List<JsonObject> Records(Utf8Output output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    /// <summary>Records what the batch hands an annotator and adds a <c>seq</c> field in annotation order.</summary>
    /// <summary>The batch's output bytes, read back as UTF-8 text.</summary>
    internal sealed class Utf8Output : MemoryStream
    {
        public override string ToString() => Encoding.UTF8.GetString(ToArray());
    }

    private sealed class Recorder(Action<ClassificationInput, ClassificationResult> prepare, Action<string>? annotate = null) : IBatchAnnotator
    {
        private int _seq;

        public object? Prepare(ClassificationInput input, ClassificationResult result)
        {
            prepare(input, result);
            return null;
        }

        public void Annotate(string id, object? prepared, System.Text.Json.Utf8JsonWriter fields)
        {
            annotate?.Invoke(id);
            fields.WriteNumber("seq", ++_seq);
        }
    }
}
