using System.Text.Json;
using SentimentWatch.Classifier.Keywords;
using SentimentWatch.Classifier.Tests.Segmentation;

namespace SentimentWatch.Classifier.Tests.Keywords;

/// <summary>TF-IDF keywords against <c>jieba.analyse.extract_tags(..., withWeight=True)</c>.</summary>
public sealed class TfIdfKeywordExtractorTests
{
    private static readonly Lazy<TfIdfKeywordExtractor> Shared = new(() =>
        new TfIdfKeywordExtractor(JiebaTestData.Bare, Path.Combine(JiebaTestData.ModelDir, "idf.txt.gz")));

    [Fact]
    public void Extract_MixedText_SameWordsOrderAndWeightsAsJieba()
    {
        // jieba: [["Python", 1.7078239289857142], ["python", 1.7078...], ["...", 1.7078...], ["法律", 1.612443247422857],
        //         ["考试", 1.0620761325342858], ["职业", 0.9668828714742858]]
        var tags = Shared.Value.Extract("Python python THE the 👍👍 的的 法律 法律 考试 职业 ...", 0);
        Assert.Equal(["Python", "python", "...", "法律", "考试", "职业"], tags.Select(t => t.Word));
        double[] weights = [1.7078239289857142, 1.7078239289857142, 1.7078239289857142, 1.612443247422857, 1.0620761325342858, 0.9668828714742858];
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.Equal(weights[i], tags[i].Weight, 1e-12);
        }
    }

    [Fact]
    public void Extract_TopK_LimitsCount()
    {
        Assert.Equal(2, Shared.Value.Extract("法律 考试 职业 资格 法律", 2).Count);
    }

    [Fact]
    public void Extract_EmptyOrOnlyPunctuation_NoKeywords()
    {
        Assert.Empty(Shared.Value.Extract("", 20));
        Assert.Empty(Shared.Value.Extract("，。！👍 ", 20));
    }

    [Fact]
    public void MedianIdf_JiebaTable_UpperMedian()
    {
        Assert.Equal(11.9547675029, Shared.Value.MedianIdf, 1e-10);
    }

    [Fact]
    public void Constructor_StopWordFile_LinesAddedToDefaults()
    {
        var dir = Directory.CreateTempSubdirectory("sw-kw-");
        try
        {
            var stop = Path.Combine(dir.FullName, "stop.txt");
            File.WriteAllText(stop, "法律\n考试\n");
            var ex = new TfIdfKeywordExtractor(JiebaTestData.Bare, Path.Combine(JiebaTestData.ModelDir, "idf.txt.gz"), [stop]);
            Assert.Equal(["职业"], ex.Extract("法律 考试 职业 the", 0).Select(k => k.Word));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [KitFact]
    public void Extract_DevCorpusDocuments_IdenticalToJiebaFixture()
    {
        var texts = File.ReadLines(Path.Combine(JiebaTestData.KitDir!, "corpus", "dev.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .ToList();
        var docs = 0;
        foreach (var line in File.ReadLines(JiebaTestData.Fixture("extract_tags_dev.jsonl")))
        {
            using var fx = JsonDocument.Parse(line);
            var first = fx.RootElement.GetProperty("first").GetInt32();
            var end = fx.RootElement.GetProperty("end").GetInt32();
            var want = fx.RootElement.GetProperty("tags").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetDouble())).ToList();
            var got = Shared.Value.Extract(string.Join("\n", texts[first..end]), 20);
            Assert.Equal(want.Select(w => w.Item1), got.Select(g => g.Word));
            for (var i = 0; i < want.Count; i++)
            {
                Assert.True(Math.Abs(want[i].Item2 - got[i].Weight) <= 1e-9, $"doc lines {first}..{end}, {want[i].Item1}: {got[i].Weight} vs {want[i].Item2}");
            }

            docs++;
        }

        Assert.Equal(103, docs);
    }
}
