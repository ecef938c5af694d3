using System.Text;
using SentimentWatch.Classifier.Segmentation;

namespace SentimentWatch.Classifier.Tests.Segmentation;

/// <summary>
/// Behaviour of <see cref="JiebaSegmenter"/> on hand-picked inputs. Every expected token list below was produced by
/// jieba 0.42.1 (Debian python3-jieba) on the same input.
/// </summary>
public sealed class JiebaSegmenterTests
{
    private static JiebaSegmenter Seg => JiebaTestData.Bare;

    [Fact]
    public void Cut_ClassicSentence_MatchesJiebaInAllModes()
    {
        const string text = "我来到北京清华大学";
        Assert.Equal(["我", "来到", "北京", "清华大学"], Seg.Cut(text));
        Assert.Equal(["我", "来到", "北京", "清华大学"], Seg.Cut(text, SegmentMode.NoHmm));
        Assert.Equal(["我", "来到", "北京", "清华", "清华大学", "华大", "大学"], Seg.Cut(text, SegmentMode.Full));
        Assert.Equal(["我", "来到", "北京", "清华", "华大", "大学", "清华大学"], Seg.Cut(text, SegmentMode.Search));
    }

    [Fact]
    public void Cut_ExactRouteTie_LongerFirstWordWins()
    {
        Assert.Equal(["好好", "好"], Seg.Cut("好好好", SegmentMode.NoHmm));
        Assert.Equal(["好好", "好好"], Seg.Cut("好好好", SegmentMode.Full));
    }

    [Fact]
    public void Cut_UnseenCharacterInHmmRun_TieGoesToLargerStateLetter()
    {
        Assert.Equal(["说", "到", "巭", "是", "生僻字"], Seg.Cut("说到巭是生僻字"));
    }

    [Fact]
    public void Cut_AsciiInsideChinese_HmmKeepsNumbersAndNoHmmSplitsSymbols()
    {
        const string text = "iPhone15Pro售价3.14%涨幅";
        Assert.Equal(["iPhone15Pro", "售价", "3.14%", "涨幅"], Seg.Cut(text));
        Assert.Equal(["iPhone15Pro", "售价", "3", ".", "14", "%", "涨幅"], Seg.Cut(text, SegmentMode.NoHmm));
    }

    [Fact]
    public void Cut_EmptyText_NoTokensInAnyMode()
    {
        foreach (var mode in Enum.GetValues<SegmentMode>())
        {
            Assert.Empty(Seg.Cut("", mode));
        }
    }

    [Fact]
    public void Cut_LoneSurrogates_EachIsOneTokenAsInPython()
    {
        foreach (var mode in Enum.GetValues<SegmentMode>())
        {
            Assert.Equal(["\uD800", "a", "\uDC00", "b"], Seg.Cut("\uD800a\uDC00b", mode));
        }
    }

    [Fact]
    public void Cut_NulAndControlCharacters_SingleTokens()
    {
        Assert.Equal(["a", "\0", "b", "\u0001", "c"], Seg.Cut("a\0b\u0001c"));
        Assert.Equal(["a", "\0", "b", "\u0001", "c"], Seg.Cut("a\0b\u0001c", SegmentMode.Full));
    }

    [Fact]
    public void Cut_ZeroWidthCharacters_AreNotWhitespace()
    {
        Assert.Equal(["\u200B", "\u200D", "\uFEFF", "中文"], Seg.Cut("\u200B\u200D\uFEFF中文"));
        Assert.Equal(["\u200B\u200D\uFEFF", "中文"], Seg.Cut("\u200B\u200D\uFEFF中文", SegmentMode.Full));
    }

    [Fact]
    public void Cut_AstralEmojiSequence_SplitIntoCodePoints()
    {
        const string text = "👍🏻❤️你好";
        Assert.Equal(["👍", "🏻", "❤", "\uFE0F", "你好"], Seg.Cut(text));
        Assert.Equal(["👍🏻❤️", "你好"], Seg.Cut(text, SegmentMode.Full));
    }

    [Fact]
    public void Cut_TenMegabyteLine_ReconstructsInputAndIsDeterministic()
    {
        // 10 MB of UTF-8 in one line: sentences with punctuation, digits and emoji, plus one long unbroken Han run.
        const string sentence = "考生反映2024年法律职业资格考试客观题机考系统卡顿😡，有人在群里出售答案！";
        var sb = new StringBuilder();
        sb.Insert(0, sentence, (9_000_000 / Encoding.UTF8.GetByteCount(sentence)) + 1);

        sb.Append(new string('巭', 300_000));
        var text = sb.ToString();
        Assert.True(Encoding.UTF8.GetByteCount(text) >= 9_900_000);
        var first = Seg.Cut(text);
        Assert.Equal(text, string.Concat(first));
        Assert.Equal(first, Seg.Cut(text));
        Assert.Equal(text, string.Concat(Seg.Cut(text, SegmentMode.NoHmm)));
    }

    [Fact]
    public void Cut_RunOfOneCharacter_HundredThousandLong_NoRecursionOrBlowUp()
    {
        var text = new string('哈', 100_000);
        var tokens = Seg.Cut(text);
        Assert.Equal(text, string.Concat(tokens));
        Assert.All(tokens, t => Assert.InRange(t.Length, 3, 4));
    }

    [Fact]
    public void Tokenize_AstralCharacters_OffsetsInCodePoints()
    {
        var tokens = Seg.Tokenize("𠮷野家👍好吃的东西");
        Assert.Equal(
            [new("𠮷", 0, 1), new("野家", 1, 3), new("👍", 3, 4), new("好吃", 4, 6), new("的", 6, 7), new("东西", 7, 9)],
            tokens);
    }

    [Fact]
    public void Tokenize_SearchMode_NgramsBeforeTheirWordWithInnerOffsets()
    {
        Assert.Equal(
            [new("中华", 0, 2), new("华人", 1, 3), new("人民", 2, 4), new("共和", 4, 6), new("共和国", 4, 7), new("中华人民共和国", 0, 7)],
            Seg.Tokenize("中华人民共和国", SegmentMode.Search));
    }

    [Fact]
    public void Tokenize_FullMode_Rejected()
    {
        Assert.Throws<ArgumentException>(() => Seg.Tokenize("中文", SegmentMode.Full));
    }

    [Fact]
    public void Cut_ManyThreadsAtOnce_SameTokensAsOneThread()
    {
        string[] texts =
        [
            "考生反映2024年法律职业资格考试客观题机考系统卡顿",
            "有人在群里出售答案，加微信abc_123包过",
            "泉州考区考点安全保卫工作方案 👍🏻",
            "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
            "说到巭是生僻字，犇骉猋是常见",
        ];
        var expected = texts.Select(t => Seg.Cut(t, SegmentMode.Search)).ToList();
        var failures = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % texts.Length;
            if (!expected[k].SequenceEqual(Seg.Cut(texts[k], SegmentMode.Search)))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void CountTokens_SameCountAsCut()
    {
        const string text = "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作";
        foreach (var mode in Enum.GetValues<SegmentMode>())
        {
            Assert.Equal(Seg.Cut(text, mode).Count, Seg.CountTokens(text, mode));
        }
    }

    [Fact]
    public void AddWord_NoFrequency_WordIsKeptWholeAndTotalGrows()
    {
        var seg = JiebaTestData.LoadBare();
        var total = seg.Total;
        Assert.Equal(["我们", "的", "法", "考", "客观", "题", "机考"], seg.Cut("我们的法考客观题机考", SegmentMode.NoHmm));
        var freq = seg.AddWord("客观题");
        Assert.True(freq > 0);
        Assert.Equal(total + freq, seg.Total);
        Assert.Equal(["我们", "的", "法", "考", "客观题", "机考"], seg.Cut("我们的法考客观题机考", SegmentMode.NoHmm));
    }

    [Fact]
    public void DeleteWord_HmmWouldProduceIt_WordIsForceSplit()
    {
        var seg = JiebaTestData.LoadBare();
        Assert.Contains("杭研", seg.Cut("他来到了网易杭研大厦"));
        Assert.Equal(0, seg.DeleteWord("杭研"));
        Assert.Equal(["他", "来到", "了", "网易", "杭", "研", "大厦"], seg.Cut("他来到了网易杭研大厦"));
        Assert.Equal(0, seg.GetFrequency("杭研"));
    }

    [Fact]
    public void AddWord_NegativeFrequency_Rejected()
    {
        var seg = JiebaTestData.LoadBare();
        Assert.Throws<ArgumentOutOfRangeException>(() => seg.AddWord("词", -1));
    }

    [Fact]
    public void GetFrequency_PrefixOnlyAndAbsent_ZeroAndNull()
    {
        Assert.Equal(0, Seg.GetFrequency("N"));
        Assert.Null(Seg.GetFrequency("a"));
        Assert.True(Seg.GetFrequency("北京") > 0);
    }

    [Fact]
    public void LoadUserDictionary_MalformedLines_ReportsEveryFileLineAndReasonAndAppliesNothing()
    {
        var seg = JiebaTestData.LoadBare();
        var dir = Directory.CreateTempSubdirectory("sw-seg-");
        try
        {
            var path = Path.Combine(dir.FullName, "bad.txt");
            using (var f = File.Create(path))
            {
                f.Write("蓝瘦香菇 5 n\n"u8);
                f.Write([0xE5, 0xB0, 0x8F, 0xFF, (byte)'\n']);
                f.Write("\n小鲜肉 99999999999\n"u8);
            }

            var ex = Assert.Throws<UserDictionaryException>(() => seg.LoadUserDictionary(path));
            Assert.Equal(2, ex.Errors.Count);
            Assert.Equal((path, 2), (ex.Errors[0].File, ex.Errors[0].Line));
            Assert.Contains("UTF-8", ex.Errors[0].Reason, StringComparison.Ordinal);
            Assert.Equal((path, 4), (ex.Errors[1].File, ex.Errors[1].Line));
            Assert.Contains("out of range", ex.Errors[1].Reason, StringComparison.Ordinal);
            Assert.Contains($"{path}:4:", ex.Message, StringComparison.Ordinal);
            Assert.Null(seg.GetFrequency("蓝瘦香菇"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_SnapshotCache_SecondLoadFromSnapshotGivesIdenticalResults()
    {
        var dir = Directory.CreateTempSubdirectory("sw-seg-cache-");
        try
        {
            var a = JiebaSegmenter.LoadFromDirectory(JiebaTestData.ModelDir, dir.FullName);
            Assert.Single(Directory.GetFiles(dir.FullName, "*.bin"));
            var b = JiebaSegmenter.LoadFromDirectory(JiebaTestData.ModelDir, dir.FullName);
            const string text = "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作，说到巭是生僻字";
            Assert.Equal(Seg.Total, b.Total);
            Assert.Equal(Seg.KeyCount, b.KeyCount);
            foreach (var mode in Enum.GetValues<SegmentMode>())
            {
                Assert.Equal(Seg.Cut(text, mode), b.Cut(text, mode));
                Assert.Equal(a.Cut(text, mode), b.Cut(text, mode));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_DamagedSnapshot_RebuiltFromText()
    {
        var dir = Directory.CreateTempSubdirectory("sw-seg-cache-");
        try
        {
            _ = JiebaSegmenter.LoadFromDirectory(JiebaTestData.ModelDir, dir.FullName);
            var bin = Directory.GetFiles(dir.FullName, "*.bin").Single();
            var bytes = File.ReadAllBytes(bin);
            File.WriteAllBytes(bin, bytes.AsSpan(0, bytes.Length / 2).ToArray());
            var seg = JiebaSegmenter.LoadFromDirectory(JiebaTestData.ModelDir, dir.FullName);
            Assert.Equal(["我", "来到", "北京", "清华大学"], seg.Cut("我来到北京清华大学"));
            Assert.Equal(bytes.Length, new FileInfo(bin).Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_MissingModelFile_ClearErrorNamingIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => JiebaSegmenter.Load("/nonexistent/dict.txt", "/nonexistent/hmm.json"));
        Assert.Contains("/nonexistent/", ex.Message, StringComparison.Ordinal);
    }
}
