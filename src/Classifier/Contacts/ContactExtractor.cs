using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// Finds the contact details answer sellers and scammers leave: QQ numbers and groups, WeChat ids, mainland mobile
/// numbers (spaced, dashed, full-width or split by emoji), Telegram handles and t.me links, URLs incl. short links,
/// e-mail. Offsets refer to the original text. Bare numbers become QQ/QQ-group contacts only after a QQ cue, so dates,
/// prices, times, admission numbers and years do not come out as contacts. Thread-safe.
/// </summary>
internal sealed partial class ContactExtractor
{
    public const string Qq = "qq";
    public const string QqGroup = "qq_group";
    public const string WeChat = "wechat";
    public const string Mobile = "mobile";
    public const string Telegram = "telegram";
    public const string Url = "url";
    public const string Email = "email";

    /// <summary>Texts longer than this are scanned only up to here, so a 1 MB paste cannot stall the pipeline.</summary>
    public const int MaxScannedChars = 200_000;

    private readonly TextNormaliser _normaliser;

    public ContactExtractor(TextNormaliser normaliser) => _normaliser = normaliser;

    public IReadOnlyList<Contact> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var scanned = text.Length > MaxScannedChars ? text[..MaxScannedChars] : text;
        var folded = Fold(scanned, chineseNumerals: false);
        var found = new List<Contact>();

        foreach (Match m in EmailRegex().Matches(folded))
        {
            Add(found, text, Email, m.Value, m.Index, m.Length);
        }

        foreach (Match m in UrlRegex().Matches(folded))
        {
            var (start, length) = TrimUrl(folded, m.Index, m.Length);
            var value = folded.Substring(start, length);
            var tg = TelegramLinkRegex().Match(value);
            if (tg.Success)
            {
                Add(found, text, Telegram, tg.Groups["h"].Value, start, length);
            }
            else if (!BareTelegramHost(value))
            {
                Add(found, text, Url, UrlValue(text.Substring(start, length)), start, length, lowerCase: false);
            }
        }

        foreach (Match m in WxidRegex().Matches(folded))
        {
            Add(found, text, WeChat, m.Value, m.Index, m.Length);
        }

        // Before the WeChat cues: "电报 @fakao_vip2026" is a Telegram handle, not the cue "v" followed by "ip2026".
        foreach (Match m in TelegramCueRegex().Matches(folded))
        {
            var h = m.Groups["h"];
            Add(found, text, Telegram, h.Value, h.Index - (folded[h.Index - 1] == '@' ? 1 : 0), h.Length + (folded[h.Index - 1] == '@' ? 1 : 0));
        }

        foreach (Match m in WeChatCueRegex().Matches(folded))
        {
            var id = m.Groups["id"];
            var value = id.Value.Replace(" ", "", StringComparison.Ordinal);
            if (value.Length is >= 6 and <= 20 && !IsDomainLike(folded, id.Index + id.Length))
            {
                Add(found, text, WeChat, value, id.Index, id.Length);
            }
        }

        // Numbers written in Chinese numerals (一三九…) count as digits only when scanning for numbers.
        ExtractNumbers(text, Fold(scanned, chineseNumerals: true), found);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static bool IsDomainLike(string folded, int end) => end < folded.Length && (folded[end] == '.' || folded[end] == '@');

    /// <summary>Adds unless it overlaps a contact already found (earlier kinds take precedence).</summary>
    /// <summary>"t.me" mentioned without a handle is talk about Telegram, not a contact.</summary>
    private static bool BareTelegramHost(string value) => value.TrimEnd('/') is "t.me" or "telegram.me" or "https://t.me" or "http://t.me";

    /// <summary>Scheme and host lower-cased and folded to half-width; the path keeps its case (short links are case-sensitive).</summary>
    private static string UrlValue(string raw)
    {
        var folded = string.Create(raw.Length, raw, static (span, t) =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                span[i] = t[i] is >= '\uFF01' and <= '\uFF5E' ? (char)(t[i] - 0xFEE0) : t[i];
            }
        });
        var schemeEnd = folded.IndexOf("://", StringComparison.Ordinal);
        var hostStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var pathStart = folded.IndexOfAny(['/', '?', '#'], hostStart);
        if (pathStart < 0)
        {
            pathStart = folded.Length;
        }

        return folded[..pathStart].ToLowerInvariant() + folded[pathStart..];
    }

    private static void Add(List<Contact> found, string original, string kind, string value, int start, int length, bool lowerCase = true)
    {
        var end = start + length;
        foreach (var c in found)
        {
            if (start < c.End && c.Start < end)
            {
                return;
            }
        }

        found.Add(new Contact(kind, lowerCase ? value.ToLowerInvariant() : value, original.Substring(start, length), start, end));
    }

    /// <summary>
    /// Same length as the input (offsets stay valid): full-width folded, lower-cased, traditional characters simplified
    /// one for one (電報→电报, 群號→群号, 衛星→卫星), invisible characters as U+0001. Phrase-level conversion would change
    /// lengths, and the cues the scanner looks for are all single-character conversions.
    /// </summary>
    private string Fold(string text, bool chineseNumerals) => string.Create(text.Length, (text, chineseNumerals, _normaliser), static (span, state) =>
    {
        var (t, numerals, normaliser) = state;
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            c = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ when !numerals && c is '零' or '〇' or '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九' => c,
                '零' or '〇' => '0', '一' => '1', '二' => '2', '三' => '3', '四' => '4', '五' => '5', '六' => '6', '七' => '7', '八' => '8', '九' => '9',
                _ when TextNormaliser.IsInvisible(c) => '\u0001',
                >= '\u3400' => normaliser.SimplifyChar(c),
                _ => c,
            };
            span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
    });

    private static (int Start, int Length) TrimUrl(string folded, int start, int length)
    {
        while (length > 0 && folded[start + length - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '\'' or '"' or '-')
        {
            length--;
        }

        return (start, length);
    }

    private void ExtractNumbers(string original, string folded, List<Contact> found)
    {
        var previousEnd = 0;
        var i = 0;
        while (i < folded.Length)
        {
            // Digits glued to letters belong to an id or a URL; after "12:" or "9/" they are a time or a date.
            var gluedToQ = GluedToQqCue(folded, i);
            if (!char.IsAsciiDigit(folded[i]) || (i > 0 && !gluedToQ && (char.IsAsciiLetterOrDigit(folded[i - 1]) || folded[i - 1] is '_' or '@'
                || (folded[i - 1] is ':' or '/' && i > 1 && (char.IsAsciiDigit(folded[i - 2]) || folded[i - 2] is '/' or '.')))))
            {
                i++;
                continue;
            }

            // A run of digits that may be split by spaces, dashes, dots, emoji or invisible characters (at most 4 chars at a time).
            var start = i;
            var digits = new System.Text.StringBuilder();
            var end = i;
            var j = i;
            while (j < folded.Length)
            {
                if (char.IsAsciiDigit(folded[j]))
                {
                    if (j > start && SwitchesScript(original, j - 1, j, separated: false))
                    {
                        break;
                    }

                    digits.Append(folded[j]);
                    j++;
                    end = j;
                    continue;
                }

                var k = j;
                while (k < folded.Length && k - j < 4 && IsDigitSeparator(folded[k]))
                {
                    k++;
                }

                if (k > j && k < folded.Length && char.IsAsciiDigit(folded[k]) && !SwitchesScript(original, end - 1, k, separated: true))
                {
                    j = k;
                    continue;
                }

                break;
            }

            i = end;
            if (end < folded.Length && (char.IsAsciiLetter(folded[end]) || folded[end] is '_' or '@' or ':' or '/'))
            {
                previousEnd = end;
                continue;
            }

            var d = digits.ToString();
            var before = folded.AsSpan(Math.Max(previousEnd, start - 12), start - Math.Max(previousEnd, start - 12)).ToString();
            var cue = _normaliser.Normalise(before).Text;
            var after = folded.AsSpan(end, Math.Min(3, folded.Length - end)).TrimStart(' ');
            previousEnd = end;

            if (IsQuantity(after) || HasNonContactCue(cue, LastQqCue(cue)) || start > 0 && folded[start - 1] is '¥' or '$' or '￥')
            {
                continue;
            }

            if (start >= 3 && folded.AsSpan(start - 3, 3).SequenceEqual("+86") && d.Length == 11 && IsMobile(d))
            {
                Add(found, original, Mobile, d, start - 3, end - start + 3);
                continue;
            }

            if (d.Length == 13 && d.StartsWith("86", StringComparison.Ordinal) && IsMobile(d[2..]))
            {
                Add(found, original, Mobile, d[2..], start, end - start);
                continue;
            }

            var lastQq = LastQqCue(cue);
            var lastGroup = cue.LastIndexOf('群');
            var qqCue = lastQq >= 0;
            // "QQ群 123" is a group, "群主QQ 123" is a person: whichever cue comes last decides.
            var groupCue = lastGroup >= 0 && lastGroup > lastQq;
            // An 11-digit number shaped like a mobile is a mobile unless the nearest cue says QQ and no phone word does.
            if (d.Length == 11 && IsMobile(d) && (!(qqCue || groupCue) || PhoneCueRegex().IsMatch(cue)))
            {
                Add(found, original, Mobile, d, start, end - start);
                continue;
            }

            if (d.Length is >= 5 and <= 11 && d[0] != '0' && (qqCue || groupCue))
            {
                Add(found, original, groupCue ? QqGroup : Qq, d, start, end - start);
            }
        }
    }

    /// <summary>Whether the digit at <paramref name="i"/> follows a bare "q" or "qq" word ("加qq2764015583", "Q281904736").</summary>
    private static bool GluedToQqCue(string folded, int i)
    {
        var letters = 0;
        while (letters < 3 && i - letters - 1 >= 0 && char.IsAsciiLetterOrDigit(folded[i - letters - 1]))
        {
            if (folded[i - letters - 1] != 'q')
            {
                return false;
            }

            letters++;
        }

        return letters is 1 or 2 && (i - letters == 0 || !char.IsAsciiLetterOrDigit(folded[i - letters - 1]));
    }

    private static bool IsChineseNumeral(char c) => c is '零' or '〇' or '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九';

    /// <summary>
    /// Whether the digit at <paramref name="next"/> must not join the run whose last digit is at <paramref name="last"/>:
    /// Chinese numerals and ASCII digits mix in one number only when they touch, and never when the numerals begin a
    /// word ("645 778 219 三群", "645778219三群" are a number and then "group three"). A number spelt wholly in numerals
    /// (一三八 一二三四 五六七八) or wholly in digits may still be split by spaces, dashes or emoji.
    /// </summary>
    private static bool SwitchesScript(string original, int last, int next, bool separated)
    {
        var nextIsNumeral = IsChineseNumeral(original[next]);
        if (IsChineseNumeral(original[last]) == nextIsNumeral)
        {
            return false;
        }

        if (separated || !nextIsNumeral)
        {
            return separated;
        }

        var m = next;
        while (m < original.Length && IsChineseNumeral(original[m]))
        {
            m++;
        }

        return m < original.Length && TextNormaliser.IsCjk(original[m]);
    }

    private static int LastQqCue(string cue)
    {
        var last = -1;
        foreach (Match m in QqCueRegex().Matches(cue))
        {
            last = m.Index;
        }

        return last;
    }

    private static bool IsMobile(string d) => d.Length == 11 && d[0] == '1' && d[1] is >= '3' and <= '9';

    private static bool IsDigitSeparator(char c) => c is ' ' or '-' or '.' or '_' or '\u0001' or '—' or '–' or '~' or '·' or '*'
        || char.IsSurrogate(c)
        || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.EnclosingMark;

    /// <summary>A number followed by a unit is a price, a date, a time, a count: never a contact.</summary>
    private static bool IsQuantity(ReadOnlySpan<char> after) => after.Length > 0 && (after[0] is '元' or '块' or '年' or '月' or '日' or '号' or '分' or '点'
        or '时' or '秒' or '岁' or '人' or '题' or '次' or '天' or '%' or '个' or '万' or '千' or '百' or '届' or '期' or 'k' or 'w'
        || after.StartsWith("rmb", StringComparison.Ordinal));

    /// <summary>Admission numbers, ID cards, order numbers, prices announced just before the number.</summary>
    /// <remarks>A QQ cue after the last such word wins: in "价格私聊，扣扣 6620918" the number belongs to 扣扣, not to 价格.</remarks>
    private static bool HasNonContactCue(string cue, int lastQqCue)
    {
        var last = -1;
        foreach (Match m in NonContactCueRegex().Matches(cue))
        {
            last = m.Index;
        }

        return last >= 0 && last > lastQqCue;
    }

    [GeneratedRegex(@"[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,10}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"(?:https?://|www\.)[a-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|(?<![a-z0-9.@\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:com|cn|net|org|top|xyz|cc|vip|me|io|info|site|club|shop|link|ly|gl|tk|ink|icu|fun|online|store|tv|co|app|wang|ltd|work)(?![a-z0-9\-])(?:/[a-z0-9\-._~/?#@!$&'*+,;=%]*)?", RegexOptions.CultureInvariant)]
    private static partial Regex UrlRegex();

    [GeneratedRegex(@"^(?:https?://)?(?:www\.)?(?:t|telegram)\.me/@?(?<h>[a-z][a-z0-9_]{3,31})", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramLinkRegex();

    [GeneratedRegex(@"wxid_[a-z0-9_]{4,24}", RegexOptions.CultureInvariant)]
    private static partial Regex WxidRegex();

    [GeneratedRegex(@"(?:[微薇威维危徽]\s*[信讯]|卫\s*星|[薇]|(?<![a-z0-9_])(?:v\s*[❤♥\u0001]*\s*信|v\s*[❤♥]+[\u0001]*|vx|wx|weixin|wei\s*信|wechat|v)|加微|加v)\s*(?:号|id|账号|帐号)?\s*[:：=\-~]?\s*(?:是|为)?\s*(?<id>[a-z](?:\s?[a-z0-9_\-]){5,19})(?![a-z0-9_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex WeChatCueRegex();

    [GeneratedRegex(@"(?:telegram|电报|纸飞机|飞机|(?<![a-z0-9])tg)(?:\s*(?:号|id|账号)?\s*[:：=]?\s*@?|[^\n@]{0,6}?@)\s*(?<h>[a-z][a-z0-9_]{4,31})(?![a-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramCueRegex();

    [GeneratedRegex(@"qq|q\s*[.\-_]\s*q|(?:^|[^a-z])q(?:[^a-z]|$)|q号|扣|企鹅|🐧", RegexOptions.CultureInvariant)]
    private static partial Regex QqCueRegex();

    [GeneratedRegex(@"电话|手机|tel|call|致电|热线|来电|短信", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCueRegex();

    [GeneratedRegex(@"准考证|考号|证号|身份证|座位|订单|单号|编号|学号|工号|售价|价格|只要|仅需|邮编|区号", RegexOptions.CultureInvariant)]
    private static partial Regex NonContactCueRegex();
}
