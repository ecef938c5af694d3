using SentimentWatch.Alerting.Incidents;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class TextFingerprintTests
{
    [Fact]
    public void Normalize_UrlsMentionsPunctuationFullWidth_Removed()
    {
        Assert.Equal("出售法考真题abc", TextFingerprint.Normalize("出售@小号 法考真题！ https://x.example/a?b=1 ＡＢＣ"));
    }

    [Fact]
    public void EstimateJaccard_IdenticalTexts_IsOne()
    {
        var s = TextFingerprint.Shingles(TextFingerprint.Normalize("2024法考客观题答案出售，加QQ详谈"), 3);
        Assert.Equal(1.0, TextFingerprint.EstimateJaccard(TextFingerprint.MinHash(s, 128), TextFingerprint.MinHash(s, 128)));
    }

    [Fact]
    public void EstimateJaccard_UnrelatedTexts_IsLow()
    {
        var a = TextFingerprint.MinHash(TextFingerprint.Shingles(TextFingerprint.Normalize("2024法考客观题答案出售，加QQ详谈，保过"), 3), 128);
        var b = TextFingerprint.MinHash(TextFingerprint.Shingles(TextFingerprint.Normalize("今天考点门口交通管制，请考生提前出发"), 3), 128);
        Assert.True(TextFingerprint.EstimateJaccard(a, b) < 0.1);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(131)]
    [InlineData(3)]
    public void EstimateJaccard_SomeSlotsEqual_ShareOfEqualSlotsCountedOneByOne(int length)
    {
        var random = new Random(length);
        for (var round = 0; round < 50; round++)
        {
            var a = new ulong[length];
            var b = new ulong[length];
            var same = 0;
            for (var i = 0; i < length; i++)
            {
                a[i] = (ulong)random.NextInt64();
                b[i] = random.Next(3) == 0 ? a[i] : a[i] ^ (1UL << random.Next(64));
                same += a[i] == b[i] ? 1 : 0;
            }

            Assert.Equal((double)same / length, TextFingerprint.EstimateJaccard(a, b));
        }
    }

    [Fact]
    public void SimHash_OneCharacterEditInLongText_SmallDistance()
    {
        var text = "网传今年法律职业资格考试主观题在考前已经泄露的消息引发关注。有网友在社交平台发帖称，考前一天晚上就在某个群里看到了所谓的押题卷，内容与第二天的真题高度相似，并附上了几张模糊的截图。随后该帖被多个账号转发，评论区有人表示自己也收到了类似材料，也有人质疑截图是考后拼接的。目前官方尚未回应，考生群体情绪较为激动，部分人呼吁重新组织考试，另有人提醒大家不要轻信所谓内部资料，以免上当受骗。";
        var edited = text.Replace("某个群里", "某个群内", StringComparison.Ordinal);
        var d = TextFingerprint.Hamming(TextFingerprint.SimHash(TextFingerprint.Normalize(text)), TextFingerprint.SimHash(TextFingerprint.Normalize(edited)));
        Assert.True(d <= 3, $"distance {d}");
    }

    [Fact]
    public void Cosine_SameAndDisjoint_OneAndZero()
    {
        var a = TextFingerprint.Bigrams("法考泄题");
        Assert.Equal(1.0, TextFingerprint.Cosine(a, TextFingerprint.Bigrams("法考泄题")), 6);
        Assert.Equal(0.0, TextFingerprint.Cosine(a, TextFingerprint.Bigrams("天气晴朗")), 6);
    }

    [Fact]
    public void MinHash_InPlaceOverTheText_EqualsMinHashOverTheShingleSet()
    {
        var texts = Reference.Streams.Demo().Select(p => TextFingerprint.Normalize(p.Text)).Append("").Append("a").Append("ab").Append("abc").Append("aaaaaaaa");
        foreach (var text in texts)
        {
            foreach (var (k, permutations) in new[] { (3, 128), (2, 20), (5, 16) })
            {
                Assert.Equal(TextFingerprint.MinHash(TextFingerprint.Shingles(text, k), permutations), TextFingerprint.MinHash(text, k, permutations));
            }
        }
    }

    [Fact]
    public void Fingerprint_Terms_AreTheBigramsInFirstAppearanceOrderWithUnitWeights()
    {
        var text = "泉州考区考点断网，机考系统故障，考点断网";
        var normalized = TextFingerprint.Normalize(text);
        var bigrams = TextFingerprint.Bigrams(normalized);
        var norm = Math.Sqrt(bigrams.Values.Sum(x => x * x));
        var fingerprint = PostFingerprint.Of(text, Support.Some.Options().Incidents);
        Assert.Equal(bigrams.Keys, fingerprint.Terms.Select(t => new string([(char)(t >>> 16), (char)(t & 0xFFFF)])));
        Assert.Equal(bigrams.Values.Select(v => v / norm), fingerprint.Weights);
        Assert.Equal(1.0, fingerprint.Norm, 12);
    }
}
