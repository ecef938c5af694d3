using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Tests.Features;

public sealed class CharNgramTfIdfTests
{
    [Fact]
    public void FitIdf_CommonCharacter_WeighsLessThanRareOne()
    {
        var idf = CharNgramTfIdf.FitIdf(["法考答案", "法考报名", "法考延期"], 1, 12);
        var tfidf = new CharNgramTfIdf(1, idf);
        var (indices, values) = tfidf.Vectorise("法答");

        Assert.Equal(2, indices.Length);
        // 法 is in all three texts (idf 1), 答 in one (idf ln(4/2) + 1): the rare one carries the larger share.
        var byIdf = indices.Select((slot, i) => (Idf: idf[slot], Value: values[i])).OrderBy(x => x.Idf).ToArray();
        Assert.Equal(1f, byIdf[0].Idf, 4);
        Assert.Equal((float)(Math.Log(2) + 1), byIdf[1].Idf, 4);
        Assert.True(byIdf[1].Value > byIdf[0].Value);
    }

    [Fact]
    public void FitIdf_SlotNoTextHas_GetsTheLargestWeight()
    {
        var idf = CharNgramTfIdf.FitIdf(["答案", "答案"], 2, 10);

        Assert.Equal((float)(Math.Log(3) + 1), idf.Max(), 4);
        Assert.Equal(1f, idf.Min(), 4);
    }

    [Fact]
    public void Vectorise_AnyText_IsUnitLengthWithAscendingIndices()
    {
        var tfidf = new CharNgramTfIdf(3, CharNgramTfIdf.FitIdf(["出售法考真题答案 加微信", "法考报名时间"], 3, 14));
        var (indices, values) = tfidf.Vectorise("出售答案答案答案 加微信 abc");

        Assert.Equal(1.0, Math.Sqrt(values.Sum(v => (double)v * v)), 5);
        Assert.Equal(indices.OrderBy(i => i), indices);
        Assert.Equal(indices.Distinct().Count(), indices.Length);
    }

    [Fact]
    public void Vectorise_RepeatedNgram_CountsSublinearly()
    {
        var idf = new float[1 << 10];
        Array.Fill(idf, 1f);
        var tfidf = new CharNgramTfIdf(1, idf);
        var (_, values) = tfidf.Vectorise("答答答答答答答答案");

        // 答 eight times: 1 + ln 8 against 1 for 案, before the unit-length scaling.
        var ratio = values.Max() / values.Min();
        Assert.Equal(1 + MathF.Log(8), ratio, 4);
    }

    [Fact]
    public void Vectorise_NgramsStopAtWhitespace_AndEmptyTextGivesNothing()
    {
        var idf = new float[1 << 12];
        Array.Fill(idf, 1f);
        var tfidf = new CharNgramTfIdf(3, idf);

        // "ab cd": a, ab, b, c, cd, d — no n-gram across the space.
        Assert.Equal(6, tfidf.Vectorise("ab cd").Indices.Length);
        Assert.Empty(tfidf.Vectorise("").Indices);
        Assert.Empty(tfidf.Vectorise("   ").Values);
    }

    [Fact]
    public void Constructor_TableNotAPowerOfTwo_Refused()
    {
        Assert.Throws<ArgumentException>(() => new CharNgramTfIdf(3, new float[1000]));
        Assert.Throws<ArgumentException>(() => new CharNgramTfIdf(0, new float[1024]));
    }
}
