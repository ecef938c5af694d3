using System.Diagnostics;
using CsCheck;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Tests.Pipeline;
using Xunit.Abstractions;

namespace SentimentWatch.Classifier.Tests.Fuzz;

/// <summary>
/// Fuzzing the contact extractor through its public surface only (issue 13): any text gets a list of contacts, never
/// an exception, each span inside the text and holding the raw match, in bounded time. Kept crashes live in
/// <c>tests/Fuzz/corpus/contacts</c>.
/// </summary>
public sealed class ContactExtractorFuzzTests(ITestOutputHelper output)
{
    private const int Seconds = 3;

    // Fresh random inputs every run (CsCheck seeds only the first one); a failure prints its seed and CsCheck_Seed=… replays it.
    private static readonly ContactExtractor Extractor = Some.Contacts;

    private static readonly string[] Tokens =
    [
        "QQ", "ＱＱ", "扣扣", "q群", "加", "薇", "V", "vx", "微信", "电话", "手机", "tg", "@", "t.me/", "http://", "https://", ".com", ".cn", "/",
        "1", "3", "8", "9", "0", "１", "３", "８", "一", "三", "八", "九", "零", "幺", "-", " ", "　", "_", ".", ":", "：", "(", ")",
        "\ud83d\ude00", "\u200b", "\ufeff", "\ud800", "\udc00", "法考答案", "出售", "a", "Z", "\n", "\0",
    ];

    private static void Check(string text)
    {
        var watch = Stopwatch.StartNew();
        foreach (var c in Extractor.Extract(text))
        {
            Assert.InRange(c.Start, 0, text.Length);
            Assert.InRange(c.End, c.Start, text.Length);
            Assert.Equal(text[c.Start..c.End], c.Raw);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Extract_RandomTexts_SpansInsideTheTextNeverException()
    {
        long executions = 0;
        Gen.Frequency((8, Gen.OneOf(Tokens)), (2, Gen.String), (1, Gen.Char.Select(c => new string(c, 1))))
            .Array[0, 80].Select(string.Concat)
            .Sample(text =>
            {
                Check(text);
                Interlocked.Increment(ref executions);
            }, time: Seconds, threads: 1);
        output.WriteLine($"contacts: {executions} executions in {Seconds} s, no crash");
    }

    [Fact]
    public void Corpus_EveryKeptInput_SpansInsideTheText()
    {
        var files = Directory.GetFiles(Path.Combine(Some.RepoRoot, "tests", "Fuzz", "corpus", "contacts"));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Check(File.ReadAllText(file));
        }
    }
}
