using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Calendar;

namespace SentimentWatch.Classifier.Tests.HeldOut;

/// <summary>
/// Guards what models/heldout/README.md and models/heldout/v2/README.md promise about the two held-out sets, so an
/// edit that drops a label below its minimum, mislabels a hard negative or notes an evasion the text does not use fails
/// CI instead of silently changing what the shipped model is measured against.
/// </summary>
public sealed partial class HeldOutSetTests
{
    private static readonly string[] Harmful = ["leak", "answer_selling", "cheating", "fraud", "rumour"];
    private static readonly string[] Platforms =
        ["weibo", "tieba", "qq_group", "zhihu", "xiaohongshu", "douyin", "bilibili", "news_comment", "wechat_article"];

    /// <summary>The hard-negative kinds v2 promises to spread over (the brief's list plus study groups and rumour debunks).</summary>
    private static readonly string[] V2HardKinds =
        ["police_news", "official_notice", "post_exam_discussion", "prep_ad", "joke", "other_sense", "scam_warning", "scam_question",
         "news_expose", "study_group", "rumour_debunk"];

    private sealed record Post(string Id, string Text, string Label, string Platform, string Notes);

    /// <summary>What each set's README promises: minimum posts per harmful label and complaint, normal posts, hard share, contact lines, decoys.</summary>
    private sealed record SetSpec(string Name, string Dir, int MinPerLabel, int MinNormal, double MinHardShare, int MinContactLines, int MinDecoys);

    private static readonly Dictionary<string, SetSpec> Specs = new(StringComparer.Ordinal)
    {
        ["v1"] = new("v1", "heldout", 60, 240, 1.0 / 3, 150, 50),
        ["v2"] = new("v2", Path.Combine("heldout", "v2"), 65, 320, 0.40, 160, 60),
    };

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public void Load_EveryLine_HasUniqueIdKnownLabelPlatformAndLength8To500(string set)
    {
        var posts = Posts(set);
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

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public void Counts_PerLabel_MeetTheSetsMinimumsWithItsShareOfHardNegatives(string set)
    {
        var spec = Specs[set];
        var posts = Posts(set);
        foreach (var label in Harmful.Append("complaint"))
        {
            Assert.True(posts.Count(p => p.Label == label) >= spec.MinPerLabel, $"{set} {label}: {posts.Count(p => p.Label == label)} posts");
        }

        var normal = posts.Where(p => p.Label == "normal").ToList();
        Assert.True(normal.Count >= spec.MinNormal, $"{set}: {normal.Count} normal posts");
        var hard = posts.Where(p => p.Notes.StartsWith("hard_negative", StringComparison.Ordinal)).ToList();
        Assert.All(hard, p => Assert.Equal("normal", p.Label));
        Assert.True(hard.Count >= spec.MinHardShare * normal.Count, $"{set}: {hard.Count} hard negatives among {normal.Count} normal posts");
    }

    [Fact]
    public void HardNegatives_V2_SpreadOverEveryKindWithNoUnknownKind()
    {
        var kinds = Posts("v2").Where(p => p.Notes.StartsWith("hard_negative", StringComparison.Ordinal))
            .GroupBy(p => p.Notes[(p.Notes.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        Assert.All(kinds.Keys, k => Assert.Contains(k, V2HardKinds));
        // Spread, not a token post per kind: a rate over a kind with two posts says nothing.
        Assert.All(V2HardKinds, k => Assert.True(kinds.GetValueOrDefault(k) >= 8, $"hard_negative: {k} has {kinds.GetValueOrDefault(k)} posts"));
    }

    [Theory]
    [InlineData("v1", "heldout.jsonl")]
    [InlineData("v2", "heldout.jsonl")]
    [InlineData("v2", "heldout-timed.jsonl")]
    public void LabelledCorpus_ReadsHeldOut_WithoutErrorsAndSeesEveryHardNegative(string set, string file)
    {
        // sw evaluate reads the file through LabelledCorpus: the hard-negative rate it prints must count every marked post.
        var (examples, errors) = LabelledCorpus.Read(Some.ModelsPath(Specs[set].Dir, file));

        Assert.Empty(errors);
        Assert.Equal(Posts(set).Count, examples.Count);
        Assert.Equal(Posts(set).Count(p => p.Notes.StartsWith("hard_negative", StringComparison.Ordinal)), examples.Count(e => e.IsHardNegative));
        // Nothing marked hard may be lost to the loader's own reading of the notes either.
        Assert.Equal(Posts(set).Count(p => p.Notes.StartsWith("hard_negative", StringComparison.Ordinal)), examples.Count(e => e.Notes?.StartsWith("hard_negative", StringComparison.Ordinal) == true));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public void Evasion_NotedOnHarmfulPosts_IsPresentInTheText(string set)
    {
        var harmful = Posts(set).Where(p => Harmful.Contains(p.Label)).ToList();
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

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public void ContactsFile_CoversEveryKindDecoysAndValuesFromTheirText(string set)
    {
        var spec = Specs[set];
        var lines = ContactLines(set);
        Assert.True(lines.Count >= spec.MinContactLines, $"{set}: {lines.Count} lines");
        var kinds = new[] { ContactExtractor.Qq, ContactExtractor.QqGroup, ContactExtractor.WeChat, ContactExtractor.Mobile, ContactExtractor.Telegram, ContactExtractor.Url, ContactExtractor.Email };
        var contacts = lines.SelectMany(l => l.GetProperty("contacts").EnumerateArray()
            .Select(c => (Kind: c.GetProperty("kind").GetString()!, Value: c.GetProperty("value").GetString()!, Text: l.GetProperty("text").GetString()!))).ToList();
        foreach (var kind in kinds)
        {
            Assert.True(contacts.Count(c => c.Kind == kind) >= 10, $"{kind}: {contacts.Count(c => c.Kind == kind)} contacts");
        }

        // Landlines and hotlines became kinds after v1 and v2 were written; the lines that carry one were annotated then.
        Assert.All(contacts, c => Assert.Contains(c.Kind, kinds.Append(ContactExtractor.Landline).Append(ContactExtractor.Hotline)));
        Assert.True(lines.Count(l => l.GetProperty("contacts").GetArrayLength() == 0) >= spec.MinDecoys, "decoy lines (dates, prices, times, admission numbers, years, ids) must be well represented");
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.WeChat && c.Value.StartsWith("wxid_", StringComparison.Ordinal));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Telegram && c.Text.Contains("t.me/", StringComparison.Ordinal));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Mobile && c.Text.Any(ch => ch is >= '\uFF10' and <= '\uFF19'));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Mobile && c.Text.Contains('\u20E3', StringComparison.Ordinal));
        foreach (var (kind, value, text) in contacts)
        {
            // Normalised values must be recoverable from the text (digits for numbers, folded text otherwise), or the gold is wrong.
            var folded = text.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
            var ok = kind is "qq" or "qq_group" or "mobile" or "landline" or "hotline"
                ? value.All(char.IsAsciiDigit) && Digits(folded).Contains(value, StringComparison.Ordinal)
                : folded.Replace(" ", "", StringComparison.Ordinal).Contains(value.ToLowerInvariant(), StringComparison.Ordinal);
            Assert.True(ok, $"{kind} '{value}' does not occur in: {text}");
        }
    }

    [Fact]
    public void TimedFile_V2_IsThePlainSetWithAChinaTimeFromTheExamYears()
    {
        var plain = File.ReadLines(HeldOutV2Path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var timed = File.ReadLines(HeldOutV2TimedPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        Assert.Equal(plain.Count, timed.Count);
        for (var i = 0; i < plain.Count; i++)
        {
            foreach (var field in new[] { "id", "text", "label", "platform", "notes" })
            {
                Assert.Equal(plain[i].GetProperty(field).GetString(), timed[i].GetProperty(field).GetString());
            }

            var raw = timed[i].GetProperty("published_at").GetString()!;
            Assert.True(DateTimeOffset.TryParseExact(raw, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at), $"{raw} is not ISO 8601 with an offset");
            Assert.Equal(TimeSpan.FromHours(8), at.Offset);
            Assert.InRange(at.Year, 2024, 2026);
        }
    }

    [Fact]
    public void TimedFile_V2_LeaksFallAroundASittingAndPostExamDiscussionAfterTheLastBatch()
    {
        var sittings = Sittings();
        var posts = File.ReadLines(HeldOutV2TimedPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Select(e => (Label: e.GetProperty("label").GetString()!, Notes: e.GetProperty("notes").GetString()!, Text: e.GetProperty("text").GetString()!,
                At: DateTimeOffset.Parse(e.GetProperty("published_at").GetString()!, CultureInfo.InvariantCulture))).ToList();

        // A leak is live content: from three days before a sitting's first day to the end of its second day.
        foreach (var p in posts.Where(p => p.Label == "leak"))
        {
            Assert.True(sittings.Any(s => p.At >= s.AddDays(-3) && p.At < s.AddDays(2)), $"leak at {p.At:o} is not near any sitting: {p.Text}");
        }

        // Discussing the questions is normal only once every batch has sat (the second day's afternoon session ends 17:30).
        var discussion = posts.Where(p => p.Notes == "hard_negative: post_exam_discussion").ToList();
        Assert.NotEmpty(discussion);
        foreach (var p in discussion)
        {
            Assert.True(sittings.Any(s => p.At >= s.AddDays(1).AddHours(17.5) && p.At < s.AddDays(9)), $"post-exam discussion at {p.At:o} is not after a sitting: {p.Text}");
        }
    }

    [Fact]
    public void ContactsFile_V2_FictionalMobilesInEverySpellingShortLinksAndBothQqForms()
    {
        var lines = ContactLines("v2");
        var contacts = lines.SelectMany(l => l.GetProperty("contacts").EnumerateArray()
            .Select(c => (Kind: c.GetProperty("kind").GetString()!, Value: c.GetProperty("value").GetString()!, Text: l.GetProperty("text").GetString()!))).ToList();
        var mobiles = contacts.Where(c => c.Kind == ContactExtractor.Mobile).ToList();

        // Fictional only: the 0000 middle block is never assigned to a subscriber.
        Assert.All(mobiles, m => Assert.Equal("0000", m.Value.Substring(3, 4)));
        Assert.Contains(mobiles, m => m.Text.Contains("+86", StringComparison.Ordinal));
        Assert.Contains(mobiles, m => m.Text.Contains('-', StringComparison.Ordinal));
        Assert.Contains(mobiles, m => m.Text.Contains('\u200B', StringComparison.Ordinal));
        Assert.Contains(mobiles, m => m.Text.Contains("一三九", StringComparison.Ordinal));
        Assert.Contains(mobiles, m => Regex.IsMatch(m.Text, @"\d\p{Cs}+\d"));
        Assert.Contains(mobiles, m => m.Text.Contains("同号", StringComparison.Ordinal));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Url && Regex.IsMatch(c.Value, @"^(t\.cn|url\.cn|bit\.ly|dwz\.)"));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Url && c.Value.Any(char.IsAsciiLetterUpper));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Telegram && c.Text.Contains("telegram.me/", StringComparison.Ordinal));
        Assert.Contains(contacts, c => c.Kind == ContactExtractor.Email && c.Value.EndsWith("@qq.com", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("contacts").GetArrayLength() >= 3);
    }

    /// <summary>
    /// First days of the sittings the v2 times are drawn from: 2024 as config/conf.d/10-calendar.json sets them (read from
    /// there, so the set follows the product calendar), 2025 and 2026 the weekends v2's README names.
    /// </summary>
    private static List<DateTimeOffset> Sittings()
    {
        var fromConfig = new ExamSchedule(Some.ShippedCalendar()).Sittings
            .Select(s => new DateTimeOffset(s.FirstDate.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8))).ToList();
        Assert.Equal(2, fromConfig.Count(d => d.Year == 2024));
        fromConfig.RemoveAll(d => d.Year != 2024);
        return [.. fromConfig, .. new[] { "2025-09-13", "2025-10-11", "2026-09-12", "2026-10-17" }
            .Select(d => DateTimeOffset.Parse(d + "T00:00:00+08:00", CultureInfo.InvariantCulture))];
    }

    internal static string HeldOutPath => Some.ModelsPath("heldout", "heldout.jsonl");

    internal static string ContactsPath => Some.ModelsPath("heldout", "contacts.jsonl");

    internal static string HeldOutV2Path => Some.ModelsPath("heldout", "v2", "heldout.jsonl");

    internal static string HeldOutV2TimedPath => Some.ModelsPath("heldout", "v2", "heldout-timed.jsonl");

    internal static string ContactsV2Path => Some.ModelsPath("heldout", "v2", "contacts.jsonl");

    private static List<JsonElement> ContactLines(string set) => File.ReadLines(Some.ModelsPath(Specs[set].Dir, "contacts.jsonl"))
        .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

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

    private static List<Post> Posts(string set) => File.ReadLines(Some.ModelsPath(Specs[set].Dir, "heldout.jsonl")).Where(l => l.Length > 0).Select(l =>
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
