using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SentimentWatch.Testing;

namespace SentimentWatch.Classifier.Tests.Data;

/// <summary>
/// Guards the invariants the training corpus and the contact gold set promise in
/// models/training/README.md, so an edit to the data (or a rebuild from sources) that breaks
/// the label set, the minimum counts or the fixed split fails CI instead of silently changing
/// what the classifier is measured against.
/// </summary>
public sealed partial class TrainingCorpusFilesTests
{
    private static readonly string[] Labels = ["leak", "answer_selling", "cheating", "fraud", "rumour", "complaint", "normal"];
    private static readonly string[] Platforms =
        ["weibo", "tieba", "qq_group", "zhihu", "xiaohongshu", "douyin", "bilibili", "news_comment", "wechat_article", "forum", "wechat_group"];
    private static readonly string[] ContactKinds = ["qq", "qq_group", "wechat", "mobile", "landline", "hotline", "telegram", "url", "email"];

    private static readonly string RepoRoot = RepoPaths.Root;
    private static readonly string TrainingDir = Path.Combine(RepoRoot, "models", "training");

    private sealed record Example(string Text, string Label, string Platform, string Notes, int Line);

    [Fact]
    public void Load_EveryLine_HasKnownLabelPlatformAndTextLength()
    {
        foreach (var file in new[] { "train.jsonl", "test.jsonl" })
        {
            var examples = Load(file);
            Assert.NotEmpty(examples);
            foreach (var e in examples)
            {
                Assert.True(Labels.Contains(e.Label), $"{file}:{e.Line} unknown label '{e.Label}'");
                Assert.True(Platforms.Contains(e.Platform), $"{file}:{e.Line} unknown platform '{e.Platform}'");
                Assert.InRange(e.Text.Length, 8, 500);
            }
        }
    }

    [Fact]
    public void Counts_TrainPlusTest_MeetTheMinimumPerLabel()
    {
        var all = Load("train.jsonl").Concat(Load("test.jsonl")).ToList();
        foreach (var label in Labels)
        {
            var minimum = label == "normal" ? 1200 : 300;
            var count = all.Count(e => e.Label == label);
            Assert.True(count >= minimum, $"{label}: {count} examples, at least {minimum} required");
        }
    }

    [Fact]
    public void HardNegatives_AmongNormal_AreAtLeastAThirdAndOnlyNormal()
    {
        var all = Load("train.jsonl").Concat(Load("test.jsonl")).ToList();
        var hard = all.Where(e => e.Notes.StartsWith("hard_negative:", StringComparison.Ordinal)).ToList();
        Assert.All(hard, e => Assert.Equal("normal", e.Label));
        var normal = all.Count(e => e.Label == "normal");
        Assert.True(hard.Count * 3 >= normal, $"{hard.Count} hard negatives among {normal} normal posts");
    }

    [Fact]
    public void Split_TestAndTrain_ShareNoTextAndHoldAboutAFifthPerLabel()
    {
        var train = Load("train.jsonl");
        var test = Load("test.jsonl");
        var trainTexts = train.Select(e => e.Text).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(test, e => trainTexts.Contains(e.Text));
        foreach (var label in Labels)
        {
            double inTest = test.Count(e => e.Label == label);
            double total = inTest + train.Count(e => e.Label == label);
            Assert.InRange(inTest / total, 0.15, 0.25);
        }
    }

    [Fact]
    public void Split_EveryExample_SitsWhereTheDocumentedHashRulePutsIt()
    {
        foreach (var (file, expectTest) in new[] { ("train.jsonl", false), ("test.jsonl", true) })
        {
            var examples = Load(file);
            foreach (var e in examples)
            {
                // A rewrite follows its original (evasion_of:<line in the same file>).
                var group = e;
                if (e.Notes.StartsWith("evasion_of:", StringComparison.Ordinal))
                {
                    var line = int.Parse(e.Notes["evasion_of:".Length..], CultureInfo.InvariantCulture);
                    group = examples.Single(x => x.Line == line);
                    Assert.Equal(e.Label, group.Label);
                }
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(group.Label + "\0" + group.Text));
                var bucket = uint.Parse(Convert.ToHexStringLower(hash)[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) % 5;
                Assert.True((bucket == 0) == expectTest, $"{file}:{e.Line} is on the wrong side of the split");
            }
        }
    }

    [Fact]
    public void ContactsGold_EveryCase_HasKnownKindsAndNormalisedValues()
    {
        var path = Path.Combine(RepoRoot, "tests", "Classifier.Tests", "Data", "contacts_gold.jsonl");
        var lines = File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToList();
        Assert.True(lines.Count >= 300, $"{lines.Count} gold cases, at least 300 required");
        var withoutContact = 0;
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var text = doc.RootElement.GetProperty("text").GetString();
            Assert.False(string.IsNullOrWhiteSpace(text));
            var contacts = doc.RootElement.GetProperty("contacts").EnumerateArray().ToList();
            if (contacts.Count == 0)
            {
                withoutContact++;
            }
            foreach (var c in contacts)
            {
                var kind = c.GetProperty("kind").GetString()!;
                var value = c.GetProperty("value").GetString()!;
                Assert.True(ContactKinds.Contains(kind), $"unknown kind '{kind}' in: {text}");
                var normalised = kind switch
                {
                    "qq" or "qq_group" => DigitsOnly().IsMatch(value),
                    "landline" => Landline().IsMatch(value),
                    "hotline" => Hotline().IsMatch(value),
                    "mobile" => Mobile().IsMatch(value),
                    "wechat" or "telegram" or "email" => value == value.ToLowerInvariant(),
                    _ => !value.Contains(' ', StringComparison.Ordinal),
                };
                Assert.True(normalised, $"{kind} value '{value}' is not normalised in: {text}");
            }
        }
        Assert.True(withoutContact >= 50, $"only {withoutContact} negative cases");
    }

    private static List<Example> Load(string file)
    {
        var result = new List<Example>();
        var number = 0;
        foreach (var line in File.ReadLines(Path.Combine(TrainingDir, file), Encoding.UTF8))
        {
            number++;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            result.Add(new Example(
                root.GetProperty("text").GetString()!,
                root.GetProperty("label").GetString()!,
                root.GetProperty("platform").GetString()!,
                root.GetProperty("notes").GetString()!,
                number));
        }
        return result;
    }

    [GeneratedRegex("^[1-9][0-9]{4,10}$")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex("^0[1-9][0-9]{9,10}$")]
    private static partial Regex Landline();

    [GeneratedRegex("^[48]00[0-9]{7}$")]
    private static partial Regex Hotline();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();
}
