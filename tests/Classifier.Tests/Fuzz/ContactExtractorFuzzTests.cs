using CsCheck;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Tests.Pipeline;
using SentimentWatch.Testing;
using Xunit.Abstractions;

namespace SentimentWatch.Classifier.Tests.Fuzz;

/// <summary>
/// Fuzzing the contact extractor through its public surface only (issue 13): any text gets a list of contacts, never
/// an exception, each span inside the text and holding the raw match, in bounded time. Kept crashes live in
/// <c>tests/Fuzz/corpus/contacts</c>.
/// </summary>
public sealed class ContactExtractorFuzzTests(ITestOutputHelper output)
{
    /// <summary>Wall time one text may take: "bounded time" is part of what is checked.</summary>
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(5);

    private static readonly ContactExtractor Extractor = Some.Contacts;

    private static readonly string[] Tokens =
    [
        "QQ", "ＱＱ", "扣扣", "q群", "加", "薇", "V", "vx", "微信", "电话", "手机", "tg", "@", "t.me/", "http://", "https://", ".com", ".cn", "/",
        "1", "3", "8", "9", "0", "１", "３", "８", "一", "三", "八", "九", "零", "幺", "-", " ", "　", "_", ".", ":", "：", "(", ")",
        "\ud83d\ude00", "\u200b", "\ufeff", "\ud800", "\udc00", "法考答案", "出售", "a", "Z", "\n", "\0",
    ];

    private static void Check(string text)
    {
        foreach (var c in Extractor.Extract(text))
        {
            Assert.InRange(c.Start, 0, text.Length);
            Assert.InRange(c.End, c.Start, text.Length);
            Assert.Equal(text[c.Start..c.End], c.Raw);
        }
    }

    [Fact]
    public void Extract_RandomTexts_SpansInsideTheTextNeverException() =>
        Fuzzing.Run(Gen.Frequency((8, Gen.OneOf(Tokens)), (2, Gen.String), (1, Gen.Char.Select(c => new string(c, 1)))).Array[0, 80].Select(string.Concat),
            Check, output, "contacts", MaxPerInput);

    [Fact]
    public void Corpus_EveryKeptInput_SpansInsideTheText()
    {
        var files = Directory.GetFiles(Path.Combine(Some.RepoRoot, "tests", "Fuzz", "corpus", "contacts"));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Fuzzing.Within(MaxPerInput, Path.GetFileName(file), () => Check(text));
        }
    }
}
