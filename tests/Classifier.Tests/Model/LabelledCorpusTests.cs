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
    public void Read_MissingFile_ErrorNamesIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => LabelledCorpus.Read("/nonexistent/train.jsonl"));

        Assert.Contains("/nonexistent/train.jsonl", ex.Message, StringComparison.Ordinal);
    }
}
