using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Training;

namespace SentimentWatch.Classifier.Tests.HeldOut;

/// <summary>
/// Guards what models/heldout/README.md promises about the held-out set, so an edit that drops a label below its
/// minimum, mislabels a hard negative or notes an evasion the text does not use fails CI instead of silently changing
/// what the shipped model is measured against.
/// </summary>
public sealed partial class HeldOutSetTests
{
    private static readonly string[] Harmful = ["leak", "answer_selling", "cheating", "fraud", "rumour"];
    private static readonly string[] Platforms =
        ["weibo", "tieba", "qq_group", "zhihu", "xiaohongshu", "douyin", "bilibili", "news_comment", "wechat_article"];

    private sealed record Post(string Id, string Text, string Label, string Platform, string Notes);

    [Fact]
    public void Load_EveryLine_HasUniqueIdKnownLabelPlatformAndLength8To500()
    {
        var posts = Posts();
        Assert.Equal(posts.Count, posts.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(posts.Count, posts.Select(p => p.Text).Distinct(StringComparer.Ordinal).Count());
        foreach (var p in posts)
        {
            Assert.True(Core.Classification.Labels.All.Contains(p.Label), $"{p.Id}: unknown label '{p.Label}'");
            Assert.True(Platforms.Contains(p.Platform), $"{p.Id}: unknown platform '{p.Platform}'");
            Assert.InRange(p.Text.Length, 8, 500);
        }

        // Every register the brief names is represented, and both ends of the length range are used.
        Assert.All(Platforms.Where(p => p != "bilibili"), platform => Assert.Contains(posts, p => p.Platform == platform));
        Assert.Contains(posts, p => p.Text.Length <= 12);
        Assert.Contains(posts, p => p.Text.Length >= 300);
    }

    [Fact]
    public void Counts_PerLabel_AtLeast60HarmfulAndComplaint240NormalAThirdHard()
    {
        var posts = Posts();
        foreach (var label in Harmful.Append("complaint"))
        {
            Assert.True(posts.Count(p => p.Label == label) >= 60, $"{label}: {posts.Count(p => p.Label == label)} posts");
        }

        var normal = posts.Where(p => p.Label == "normal").ToList();
        Assert.True(normal.Count >= 240, $"{normal.Count} normal posts");
        var hard = posts.Where(p => p.Notes.StartsWith("hard_negative", StringComparison.Ordinal)).ToList();
        Assert.All(hard, p => Assert.Equal("normal", p.Label));
        Assert.True(hard.Count * 3 >= normal.Count, $"{hard.Count} hard negatives among {normal.Count} normal posts");
    }

    [Fact]
    public void LabelledCorpus_ReadsHeldOut_WithoutErrorsAndSeesEveryHardNegative()
    {
        // sw evaluate reads the file through LabelledCorpus: the hard-negative rate it prints must count every marked post.
        var (examples, errors) = LabelledCorpus.Read(HeldOutPath);

        Assert.Empty(errors);
        Assert.Equal(Posts().Count, examples.Count);
        Assert.Equal(Posts().Count(p => p.Notes.StartsWith("hard_negative", StringComparison.Ordinal)), examples.Count(e => e.IsHardNegative));
    }

    [Fact]
    public void Evasion_NotedOnHarmfulPosts_IsPresentInTheText()
    {
        var harmful = Posts().Where(p => Harmful.Contains(p.Label)).ToList();
        var evasive = harmful.Where(p => p.Notes.StartsWith("evasion:", StringComparison.Ordinal)).ToList();
        // A realistic share: sellers dodge filters often, but most posts on these platforms are written plainly.
        Assert.InRange((double)evasive.Count / harmful.Count, 0.2, 0.5);
        foreach (var p in evasive)
        {
            var kind = p.Notes["evasion:".Length..];
            var present = kind switch
            {
                "separator" => SeparatedCjkRegex().IsMatch(p.Text),
                "fullwidth" => p.Text.Any(c => c is >= '\uFF10' and <= '\uFF5A'),
                "zero_width" => p.Text.Any(c => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF'),
                "emoji" => p.Text.Any(char.IsSurrogate) || p.Text.Any(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol),
                "traditional" => TraditionalOnlyRegex().IsMatch(p.Text),
                "pinyin" => PinyinRegex().IsMatch(p.Text),
                "homophone" => HomophoneRegex().IsMatch(p.Text),
                "wechat_variant" => WeChatVariantRegex().IsMatch(p.Text),
                "qq_variant" => QqVariantRegex().IsMatch(p.Text),
                _ => false,
            };
            Assert.True(present, $"{p.Id}: notes say {p.Notes} but the text does not show it: {p.Text}");
        }
    }

    [Fact]
    public void ContactsFile_CoversEveryKindDecoysAndValuesFromTheirText()
    {
        var lines = File.ReadLines(ContactsPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.True(lines.Count >= 150, $"{lines.Count} lines");
        var kinds = new[] { ContactExtractor.Qq, ContactExtractor.QqGroup, ContactExtractor.WeChat, ContactExtractor.Mobile, ContactExtractor.Telegram, ContactExtractor.Url, ContactExtractor.Email };
        var contacts = lines.SelectMany(l => l.GetProperty("contacts").EnumerateArray()
            .Select(c => (Kind: c.GetProperty("kind").GetString()!, Value: c.GetProperty("value").GetString()!, Text: l.GetProperty("text").GetString()!))).ToList();
        foreach (var kind in kinds)
        {
            Assert.True(contacts.Count(c => c.Kind == kind) >= 10, $"{kind}: {contacts.Count(c => c.Kind == kind)} contacts");
        }

        Assert.All(contacts, c => Assert.Contains(c.Kind, kinds));
        Assert.True(lines.Count(l => l.GetProperty("contacts").GetArrayLength() == 0) >= 50, "decoy lines (dates, prices, times, admission numbers, years, ids) must be well represented");
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.WeChat && c.Value.StartsWith("wxid_", StringComparison.Ordinal));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Telegram && c.Text.Contains("t.me/", StringComparison.Ordinal));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Mobile && c.Text.Any(ch => ch is >= '\uFF10' and <= '\uFF19'));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Mobile && c.Text.Contains('\u20E3', StringComparison.Ordinal));
        foreach (var (kind, value, text) in contacts)
        {
            // Normalised values must be recoverable from the text (digits for numbers, folded text otherwise), or the gold is wrong.
            var folded = text.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
            var ok = kind is "qq" or "qq_group" or "mobile"
                ? value.All(char.IsAsciiDigit) && Digits(folded).Contains(value, StringComparison.Ordinal)
                : folded.Replace(" ", "", StringComparison.Ordinal).Contains(value.ToLowerInvariant(), StringComparison.Ordinal);
            Assert.True(ok, $"{kind} '{value}' does not occur in: {text}");
        }
    }

    internal static string HeldOutPath => Some.ModelsPath("heldout", "heldout.jsonl");

    internal static string ContactsPath => Some.ModelsPath("heldout", "contacts.jsonl");

    /// <summary>The text's digits in order, Chinese numerals (一三九…) included, as the extractor reads them.</summary>
    private static string Digits(string text)
    {
        const string Numerals = "零〇一二三四五六七八九";
        var sb = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            var i = Numerals.IndexOf(c, StringComparison.Ordinal);
            if (i >= 0)
            {
                sb.Append(i < 2 ? '0' : (char)('0' + i - 1));
            }
            else if (char.IsAsciiDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static List<Post> Posts() => File.ReadLines(HeldOutPath).Where(l => l.Length > 0).Select(l =>
    {
        var e = JsonDocument.Parse(l).RootElement;
        return new Post(e.GetProperty("id").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("label").GetString()!,
            e.GetProperty("platform").GetString()!, e.GetProperty("notes").GetString()!);
    }).ToList();

    /// <summary>Two CJK characters or digits with a dot, space, slash, dash or star between them, at least twice in a row.</summary>
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}A-Za-z0-9][.\s/*\-]+[\p{IsCJKUnifiedIdeographs}A-Za-z0-9][.\s/*\-]+[\p{IsCJKUnifiedIdeographs}A-Za-z0-9]")]
    private static partial Regex SeparatedCjkRegex();

    [GeneratedRegex("[題試將準確證後廣聯繫據說內會級開時間網絡應選滿傳發這來們當從過還節體]")]
    private static partial Regex TraditionalOnlyRegex();

    [GeneratedRegex("(?i)(da|zhen|kao|fa|ti|zuo|bi|gai|ban|zheng)[a-zà-ü]*[\\s]?[\u4e00-\u9fff]|[\u4e00-\u9fff](da|zhen|kao|ti|bi|an)|fa ?kao|da ?an|dáàn")]
    private static partial Regex PinyinRegex();

    [GeneratedRegex("荅|嗒|桉|延七|修该|做币|法烤|證書代辦|威信|带考")]
    private static partial Regex HomophoneRegex();

    [GeneratedRegex("(?i)V信|薇|威信|卫星|V❤|VX|wei信")]
    private static partial Regex WeChatVariantRegex();

    [GeneratedRegex(@"扣扣|扣\s*[0-9０-９]|企鹅|🐧")]
    private static partial Regex QqVariantRegex();
}
