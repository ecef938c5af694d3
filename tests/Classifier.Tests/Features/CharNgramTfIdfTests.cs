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
    public void Vectorise_RandomTexts_SameBitsAsADictionaryCountAndSameFromTheNgramHashes()
    {
        var random = new Random(14);
        var idf = new float[1 << 12];
        for (var i = 0; i < idf.Length; i++)
        {
            idf[i] = 1f + (float)random.NextDouble();
        }

        var tfidf = new CharNgramTfIdf(3, idf);
        const string alphabet = "法考答案出售加微信 abc123，。！😂";
        // Short posts, and long ones whose distinct slots outgrow the per-thread table's first size.
        foreach (var length in new[] { 0, 1, 5, 40, 300, 3000 })
        {
            for (var round = 0; round < 20; round++)
            {
                var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                var (indices, values) = tfidf.Vectorise(text);
                var (refIndices, refValues) = Reference(text, 3, idf);
                Assert.Equal(refIndices, indices);
                Assert.Equal(refValues.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));

                var hashes = new List<uint>();
                CharNgramTfIdf.NgramHashes(text, 3, hashes);
                var (fromHashes, fromHashValues) = tfidf.Vectorise(hashes.ToArray());
                Assert.Equal(indices, fromHashes);
                Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), fromHashValues.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    /// <summary>The vector as first written: a dictionary of counts per slot, sorted slots, (1 + ln tf) × idf, unit length.</summary>
    private static (int[] Indices, float[] Values) Reference(string text, int maxN, float[] idf)
    {
        var hashes = new List<uint>();
        CharNgramTfIdf.NgramHashes(text, maxN, hashes);
        var counts = new Dictionary<int, int>();
        foreach (var h in hashes)
        {
            var slot = (int)(h & (uint)(idf.Length - 1));
            counts[slot] = counts.GetValueOrDefault(slot) + 1;
        }

        var indices = counts.Keys.Order().ToArray();
        var values = new float[indices.Length];
        var norm = 0.0;
        for (var i = 0; i < indices.Length; i++)
        {
            values[i] = (1f + MathF.Log(counts[indices[i]])) * idf[indices[i]];
            norm += (double)values[i] * values[i];
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
        }

        return (indices, values);
    }

    [Fact]
    public void Constructor_TableNotAPowerOfTwo_Refused()
    {
        Assert.Throws<ArgumentException>(() => new CharNgramTfIdf(3, new float[1000]));
        Assert.Throws<ArgumentException>(() => new CharNgramTfIdf(0, new float[1024]));
    }
}
