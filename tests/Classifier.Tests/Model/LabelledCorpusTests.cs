using SentimentWatch.Classifier.Training;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class LabelledCorpusTests
{
    [Fact]
    public void Read_MixedLines_KeepsGoodOnesAndReportsEachBadOneWithItsLine()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sw-corpus-").FullName, "c.jsonl");
        File.WriteAllLines(path,
        [
            """{"text":"卖答案","label":"answer_selling","platform":"qq","notes":"","extra":1}""",
            """{"text":"x","label":"spam"}""",
            "{broken",
            "",
            """{"label":"normal"}""",
            """["not","object"]""",
            """{"text":"警方破获作弊案","label":"normal","notes":"hard_negative: news"}""",
        ]);

        var (examples, errors) = LabelledCorpus.Read(path);

        Assert.Equal(2, examples.Count);
        Assert.True(examples[1].IsHardNegative);
        Assert.False(examples[0].IsHardNegative);
        Assert.Equal([2, 3, 5, 6], errors.Select(e => e.Line));
        Assert.Contains("spam", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PublishedAt_ParsedWithOffsetAndAbsentIsUntimed()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sw-corpus-").FullName, "c.jsonl");
        File.WriteAllLines(path,
        [
            """{"text":"卷一第5题选C的举手","label":"leak","published_at":"2025-09-13T10:40+08:00"}""",
            """{"text":"考完了来对答案","label":"normal","published_at":"2025-09-28T13:00:00Z"}""",
            """{"text":"今天复习刑法","label":"normal","published_at":null}""",
            """{"text":"没有时间的帖子","label":"normal"}""",
        ]);

        var (examples, errors) = LabelledCorpus.Read(path);

        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 10, 40, 0, TimeSpan.FromHours(8)), examples[0].PublishedAt);
        Assert.Equal(TimeSpan.FromHours(8), examples[0].PublishedAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2025, 9, 28, 13, 0, 0, TimeSpan.Zero), examples[1].PublishedAt);
        Assert.Null(examples[2].PublishedAt);
        Assert.Null(examples[3].PublishedAt);
    }

    [Theory]
    [InlineData("\"2025-09-13T10:40\"")]
    [InlineData("\"2025-09-13\"")]
    [InlineData("\"2025-13-40T10:40+08:00\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1757731200")]
    [InlineData("{}")]
    public void Read_BadPublishedAt_LineIsACorpusErrorOthersKept(string value)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sw-corpus-").FullName, "c.jsonl");
        File.WriteAllLines(path,
        [
            """{"text":"考前一晚的复习计划","label":"normal"}""",
            "{\"text\":\"卷一第5题选C的举手\",\"label\":\"leak\",\"published_at\":" + value + "}",
            """{"text":"卷二第7题题干出来了","label":"leak","published_at":"2025-09-13T15:00+08:00"}""",
        ]);

        var (examples, errors) = LabelledCorpus.Read(path);

        Assert.Equal(2, examples.Count);
        var error = Assert.Single(errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("published_at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => LabelledCorpus.Read("/nonexistent/train.jsonl"));

        Assert.Contains("/nonexistent/train.jsonl", ex.Message, StringComparison.Ordinal);
    }
}
