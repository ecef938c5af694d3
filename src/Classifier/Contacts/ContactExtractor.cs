using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// Finds the contact details answer sellers and scammers leave: QQ numbers and groups, WeChat ids, mainland mobiles,
/// landlines with an area code, 400/800 hotlines, Telegram handles and t.me links, URLs incl. short links, e-mail —
/// however they are spelled. One normalisation (<see cref="ContactCharTable"/>, <c>models/contact-chars.tsv</c>)
/// turns every way of writing a digit or a letter into ASCII; numbers may be split by any filler
/// (<see cref="DigitRuns"/>); cue words are recognised through emoji and symbols (薇❤️, ❤️信, V❤, 🐧, 電報).
/// Offsets (<see cref="Contact.Start"/>, <see cref="Contact.End"/>, <see cref="Contact.Raw"/>) refer to the original
/// text. Bare numbers become QQ contacts only after a QQ cue; dates, prices, times, question, order and ID numbers do
/// not come out as contacts. Thread-safe.
/// </summary>
internal sealed partial class ContactExtractor
{
    public const string Qq = "qq";
    public const string QqGroup = "qq_group";
    public const string WeChat = "wechat";
    public const string Mobile = "mobile";
    public const string Landline = "landline";
    public const string Hotline = "hotline";
    public const string Telegram = "telegram";
    public const string Url = "url";
    public const string Email = "email";

    /// <summary>Texts longer than this are scanned only up to here, so a 1 MB paste cannot stall the pipeline.</summary>
    public const int MaxScannedChars = 200_000;

    /// <summary>How far before a number its cue word is looked for (UTF-16 units, never across the previous number).</summary>
    public const int CueWindow = 16;

    private readonly TextNormaliser _normaliser;

    public ContactExtractor(TextNormaliser normaliser, ContactCharTable chars)
    {
        _normaliser = normaliser;
        Chars = chars;
    }

    public ContactCharTable Chars { get; }

    public IReadOnlyList<Contact> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var scanned = text.Length > MaxScannedChars ? text[..MaxScannedChars] : text;
        var folded = LoneWeChatBadge(scanned, Fold(scanned));
        var found = new List<Contact>();

        // "fk2026在qq※com（"在"换成@，把※换成.）": an address written with a stand-in the note names.
        AddStandIns(found, text, folded);

        foreach (Match m in EmailRegex().Matches(folded))
        {
            // "zixun 点 fk 艾特 example 点 gov": the local part may spell its dots too.
            var value = DotRegex().Replace(m.Groups["l"].Value, ".") + "@" + SpokenCom(DotRegex().Replace(m.Groups["d"].Value, "."));
            Add(found, text, Email, value, m.Index, m.Length);
        }

        // "邮箱是 fk2026 后面加 @example.com": the local part, then the domain told as what to append.
        if (folded.Contains('@'))
        {
            foreach (Match m in EmailAppendRegex().Matches(folded))
            {
                Add(found, text, Email, m.Groups["l"].Value + "@" + m.Groups["d"].Value, m.Index, m.Length);
            }
        }

        // "@后面是 example.org，@前面是 chongci.daan": the two halves of an address told apart.
        AddEmailHalves(found, text, folded);

        // "www . fakao88 . com / vip（空格去掉）": an address with spaces to remove.
        if (folded.Contains("空格", StringComparison.Ordinal))
        {
            foreach (Match m in SpacedUrlRegex().Matches(folded))
            {
                var u = m.Groups["u"];
                var value = SpokenCom(DotRegex().Replace(string.Concat(u.Value.Where(c => !char.IsWhiteSpace(c) && c != '\u0001')), "."));
                AddUrl(found, text, folded, value, u.Index, u.Length);
            }
        }

        // "qz 下划线 fakao 下划线 bj", "zhang san fa kao（中间不带空格）", "fk～mianfei～2025（～换成下划线）": an id spelled in parts.
        AddSpelledIds(found, text, folded);
        AddJoinedIds(found, text, folded);

        // Before the URL and WeChat passes: "fk.zhen.ti2026（去掉中间的点）", "fk_zhen_ti（删掉所有下划线）" is the id as edited.
        if (folded.AsSpan().IndexOfAny("删去拿") >= 0)
        {
            foreach (Match m in EditedIdRegex().Matches(folded))
            {
                AddEditedId(found, text, folded, m);
            }
        }

        // "ht tps://www.example.com/fk": spaces inside the scheme; the address is the scheme and what follows it.
        if (folded.Contains("//", StringComparison.Ordinal))
        {
            foreach (Match m in SpacedSchemeRegex().Matches(folded))
            {
                var rest = UrlRegex().Match(folded, m.Index + m.Length);
                if (rest.Success && rest.Index == m.Index + m.Length && m.Value.AsSpan().IndexOfAny(' ', '\u0001') >= 0)
                {
                    var (rs, rl) = TrimUrl(folded, rest.Index, rest.Length);
                    var value = (m.Groups["s"].Success ? "https://" : "http://") + UrlValue(text.Substring(rs, rl), folded.Substring(rs, rl));
                    AddUrl(found, text, folded, value, m.Index, rs + rl - m.Index);
                }
            }
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
                AddUrl(found, text, folded, UrlValue(text.Substring(start, length), folded.Substring(start, length)), start, length);
            }
        }

        foreach (Match m in PathUrlRegex().Matches(folded))
        {
            var (start, length) = TrimUrl(folded, m.Index, m.Length);
            AddUrl(found, text, folded, UrlValue(text.Substring(start, length), folded.Substring(start, length)), start, length);
        }

        foreach (Match m in SpelledUrlRegex().Matches(folded))
        {
            var (start, length) = TrimUrl(folded, m.Index, m.Length);
            var value = UrlValue(text.Substring(start, length), folded.Substring(start, length));
            var path = value.IndexOf('/', StringComparison.Ordinal);
            // "example 点 net / post / 12": spaces round the slashes of a spelled path are not part of it.
            value = path < 0 ? DotRegex().Replace(value, ".") : DotRegex().Replace(value[..path].TrimEnd(), ".") + string.Concat(value[path..].Where(c => !char.IsWhiteSpace(c)));
            value = SpokenCom(value);
            var tg = TelegramLinkRegex().Match(value.ToLowerInvariant());
            if (tg.Success)
            {
                // "t 点 me / handle": a Telegram link spelled out.
                Add(found, text, Telegram, tg.Groups["h"].Value, start, length);
                continue;
            }

            AddUrl(found, text, folded, value, start, length);
        }

        foreach (Match m in WxidRegex().Matches(folded))
        {
            Add(found, text, WeChat, m.Value, m.Index, m.Length);
        }

        // Before the WeChat cues: "电报 @fakao_vip2026" is a Telegram handle, not the cue "v" followed by "ip2026".
        foreach (Match m in TelegramCueRegex().Matches(folded))
        {
            var h = m.Groups["h"];
            // "飞机上刷到的，微博 @handle": another platform named between the cue and the handle makes it that platform's.
            if (OtherPlatformRegex().IsMatch(folded.AsSpan(m.Index, h.Index - m.Index)))
            {
                continue;
            }

            var at = folded[h.Index - 1] == '@' ? 1 : 0;
            Add(found, text, Telegram, h.Value, h.Index - at, h.Length + at);
        }

        foreach (Match m in TelegramCueAfterRegex().Matches(folded))
        {
            var h = m.Groups["h"];
            Add(found, text, Telegram, h.Value, h.Index - 1, h.Length + 1);
        }

        // "电报群已经满了，想进的找群主，群主的号是 @handle": an @handle further from its Telegram cue, on the same line.
        if (folded.Contains('@', StringComparison.Ordinal))
        {
            foreach (Match m in AtHandleRegex().Matches(folded))
            {
                var line = m.Index == 0 ? -1 : folded.LastIndexOf('\n', m.Index - 1);
                var from = Math.Max(line + 1, m.Index - AtHandleCueWindow);
                var before = _normaliser.Normalise(folded[from..m.Index]).Text;
                var telegram = LastIndex(TelegramWordRegex(), before);
                if (telegram >= 0 && telegram > LastIndex(WeChatWordRegex(), before) && telegram > LastIndex(OtherPlatformRegex(), before))
                {
                    var h = m.Groups["h"];
                    Add(found, text, Telegram, h.Value, m.Index, m.Length);
                }
            }
        }

        foreach (Match m in WeChatCueRegex().Matches(folded))
        {
            var id = m.Groups["id"];
            // "微信：baoguo_fk QQ：…": the next contact's cue word after a space is not part of the id.
            var length = CueAfterSpaceRegex().Match(id.Value) is { Success: true } next ? next.Index : id.Length;
            var value = id.Value[..length].Replace(" ", "", StringComparison.Ordinal).Replace("\u0001", "", StringComparison.Ordinal);
            if (value.Length is >= 6 and <= 20 && !IsDomainLike(folded, id.Index + id.Length))
            {
                Add(found, text, WeChat, value, id.Index, length);
            }
        }

        foreach (Match m in WeChatCueAfterRegex().Matches(folded))
        {
            var id = m.Groups["id"];
            Add(found, text, WeChat, id.Value, id.Index, id.Length);
        }

        AddLabelledIds(found, text, folded);

        foreach (Match m in ScatteredIdRegex().Matches(folded))
        {
            AddScatteredId(found, text, folded, m);
        }

        AddRelatedIds(found, text, folded);

        // "手机一百三十八，四个零，一千二百三十四": a number read out as amounts, before the digit reader takes its pieces.
        AddAmountNumbers(found, text, folded);
        ExtractNumbers(text, scanned, folded, found);

        // Last, so that every cued reading wins: an id with an underscore standing alone ("有意私 gcd_ej2").
        // An account name on another platform (账号 fakao_vip2026, 博主 law_study) is not one.
        foreach (Match m in BareIdRegex().Matches(folded))
        {
            if (!AccountCueRegex().IsMatch(folded.AsSpan(Math.Max(0, m.Index - 8), Math.Min(8, m.Index))))
            {
                Add(found, text, WeChat, m.Value, m.Index, m.Length);
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        ApplyNotes(found, text, folded);
        return found;
    }

    private void ExtractNumbers(string original, string scanned, string folded, List<Contact> found)
    {
        var runs = new List<DigitRun>();
        DigitRuns.Scan(scanned, folded, Chars, runs);
        JoinSpelledOut(folded, runs);
        JoinInterleaved(scanned, runs);
        AddWordDigits(folded, runs);
        var previousEnd = 0;
        foreach (var run in runs)
        {
            var windowStart = Math.Max(previousEnd, run.Start - CueWindow);
            previousEnd = run.End;
            var d = run.Digits;
            if (d.Length < 5)
            {
                continue;
            }

            var start = run.Start;
            var plus = start > 0 && folded[start - 1] == '+';
            var after = folded.AsSpan(run.End, Math.Min(4, folded.Length - run.End)).TrimStart(" \u0001");
            if (IsQuantity(after) || (start > 0 && folded[start - 1] is '¥' or '$' or '￥' or '€'))
            {
                continue;
            }

            var cue = _normaliser.Normalise(folded[windowStart..start]).Text;
            var lastQq = LastIndex(QqCueRegex(), cue);
            var lastGroup = LastIndex(GroupCueRegex(), cue);
            var lastWeChat = LastIndex(WeChatWordRegex(), cue);
            var lastPhone = LastIndex(PhoneCueRegex(), cue);
            if (LastIndex(NonContactCueRegex(), cue) > Math.Max(lastQq, Math.Max(lastGroup, lastPhone)))
            {
                continue;
            }

            // "QQ群 123" is a group, "群主QQ 123" is a person: whichever cue comes last decides. With no cue before it, a
            // QQ cue right after the number counts ("2876543210（扣扣）").
            var groupCue = lastGroup >= 0 && lastGroup > lastQq;
            var qqCue = lastQq >= 0 || groupCue;
            // A cue after the number is weaker than one before it: a number shaped like a mobile stays one.
            var qqCueAfterOnly = false;
            if (!qqCue && lastPhone < 0)
            {
                var cueAfter = QqCueAfterRegex().Match(folded, run.End, Math.Min(8, folded.Length - run.End));
                qqCue = qqCueAfterOnly = cueAfter.Success;
                groupCue = cueAfter.Success && cueAfter.Groups["g"].Success;
            }
            // A number in sound-alike characters is one only where a cue says so, before it or right after it ("（手机）").
            if (lastPhone < 0 && PhoneCueAfterRegex().IsMatch(folded, run.End))
            {
                lastPhone = cue.Length;
            }

            if (run.Spoken && !qqCue && lastPhone < 0 && lastWeChat < 0)
            {
                continue;
            }

            // "12345 + 67890 的和", "13800000000 加上 3517": the contact is the sum of the pieces.
            var end = run.End;
            if (Sum(folded, start, run.End, d) is { } sum)
            {
                d = sum.Digits;
                end = sum.End;
            }

            // "倒过来写的", "反着读": the number is given backwards.
            if (ReverseCueRegex().IsMatch(cue) || ReverseCueRegex().IsMatch(folded.AsSpan(end, Math.Min(ReverseCueAfter, folded.Length - end))))
            {
                var reversed = d.ToCharArray();
                Array.Reverse(reversed);
                d = new string(reversed);
            }

            // "捌陆陆伍肆叁贰壹（本地座机，区号 0531）", "区号0531，电话 86654321": a local number with its area code told apart.
            if (d.Length is 7 or 8 && d[0] is >= '2' and <= '9' && AreaCode(folded, start, end) is { } area && ContactShapes.IsLandline(area.Code + d))
            {
                d = area.Code + d;
                (start, end) = (Math.Min(start, area.Start), Math.Max(end, area.End));
            }

            var length = end - start;
            var before = found.Count;

            // "微信 一三八…", "V 138…": the number is given as the WeChat id. "微信同号 138…" gives the phone number.
            if (ContactShapes.IsMobile(d) && lastWeChat > Math.Max(lastPhone, Math.Max(lastQq, lastGroup)) && !SameNumberRegex().IsMatch(cue))
            {
                Add(found, original, WeChat, d, start, length);
            }
            else if (d.Length == 13 && d.StartsWith("86", StringComparison.Ordinal) && ContactShapes.IsMobile(d[2..]))
            {
                Add(found, original, Mobile, d[2..], plus ? start - 1 : start, length + (plus ? 1 : 0));
            }
            // "+86 21 5000 6688": a landline after the country code loses its leading 0.
            else if (d.Length >= 12 && d.StartsWith("86", StringComparison.Ordinal) && ContactShapes.IsLandline("0" + d[2..]))
            {
                Add(found, original, Landline, "0" + d[2..], plus ? start - 1 : start, length + (plus ? 1 : 0));
            }
            else if (d.Length == 15 && d.StartsWith("0086", StringComparison.Ordinal) && ContactShapes.IsMobile(d[4..]))
            {
                Add(found, original, Mobile, d[4..], start, length);
            }
            else if (ContactShapes.IsHotline(d))
            {
                Add(found, original, Hotline, d, start, length);
            }
            // An 11-digit number shaped like a mobile is a mobile unless the nearest cue says QQ and no phone word does.
            else if (ContactShapes.IsMobile(d) && (!qqCue || lastPhone >= 0 || qqCueAfterOnly))
            {
                Add(found, original, Mobile, d, start, length);
            }
            else if (ContactShapes.IsLandline(d))
            {
                Add(found, original, Landline, d, start, length);
            }
            else if (d.Length <= 11 && d[0] != '0' && qqCue)
            {
                Add(found, original, groupCue ? QqGroup : Qq, d, start, length);
            }
            // A long bare number left in a post with no cue at all is a QQ number: sellers drop the cue to dodge
            // filters (私 470281936, ①⑥⑦③⑨②⓪④⑧⑤). Dates (20260912…) and anything a non-contact cue names stay out.
            else if (d.Length is >= MinBareQqDigits and <= 11 && d[0] != '0' && !run.Spoken && lastPhone < 0 && lastWeChat < 0 && !StartsWithDate(d) && !YearRange(d) && !Counting(d) && !Repeated(d)
                && !IsRangeOrFraction(folded.Substring(start, length)) && !BareIdWordRegex().IsMatch(cue) && !BuyerAfterRegex().IsMatch(folded, end))
            {
                Add(found, original, groupCue ? QqGroup : Qq, d, start, length);
            }

            // "电话微信同号 138…", "手机13800001234，微信同号": the phone (or QQ) number is the WeChat id too — the one
            // place where two contacts share a span.
            if (found.Count > before && found[^1] is { Kind: Mobile or Qq } same && SameNumberAsWeChat(cue, folded, end))
            {
                found.Add(same with { Kind = WeChat });
            }
        }
    }

    /// <summary>An area code told after a local number ("（本地座机，区号 0531）").</summary>
    [GeneratedRegex(@"\G[^\n0-9]{0,14}?区号[^\n0-9]{0,6}?(?<a>0[1-9][0-9]{1,2})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AreaCodeAfterRegex();

    /// <summary>An area code told before a local number ("区号0531，电话 86654321").</summary>
    [GeneratedRegex(@"区号[\s\u0001是为:：]*(?<a>0[1-9][0-9]{1,2})(?![0-9])[^\n0-9]{0,12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AreaCodeBeforeRegex();

    /// <summary>The area code named (区号) next to a 7–8-digit local number, when with it the number is a landline.</summary>
    private static (string Code, int Start, int End)? AreaCode(string folded, int start, int end)
    {
        var named = folded.IndexOf("区号", Math.Max(0, start - 24), StringComparison.Ordinal);
        if (named < 0 || named > end + 16)
        {
            return null;
        }

        var after = AreaCodeAfterRegex().Match(folded, end, Math.Min(32, folded.Length - end));
        if (after.Success)
        {
            return (after.Groups["a"].Value, start, after.Groups["a"].Index + after.Groups["a"].Length);
        }

        var from = Math.Max(0, start - 24);
        var before = AreaCodeBeforeRegex().Match(folded[from..start]);
        return before.Success ? (before.Groups["a"].Value, from + before.Groups["a"].Index, end) : null;
    }

    /// <summary>A sum said in words near the pieces ("的和", "加起来", "相加", "等于").</summary>
    [GeneratedRegex(@"的和|之和|和是|加起来|相加|加在一起|总和|求和|算出来|结果|等于|sum", RegexOptions.CultureInvariant)]
    private static partial Regex SumCueRegex();

    /// <summary>A second piece to add after a number ("13800000000 加上 3517").</summary>
    [GeneratedRegex(@"\G[\s\u0001]*(?:再?加上|\+)[\s\u0001]*(?<b>[0-9]{1,11})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AddendAfterRegex();

    /// <summary>How far from the pieces a sum word is looked for.</summary>
    private const int SumCueWindow = 12;

    /// <summary>
    /// A contact given as a sum: pieces joined by "+" inside one run ("12345 + 67890 的和") with a sum word near, or a
    /// number followed by "加上 N" / "+ N" ("13800000000 加上 3517"). Null when the run is not a sum.
    /// </summary>
    private static (string Digits, int End)? Sum(string folded, int start, int end, string digits)
    {
        var after = AddendAfterRegex().Match(folded, end);
        var around = folded.AsSpan(Math.Max(0, start - SumCueWindow), Math.Min(folded.Length, end + SumCueWindow + (after.Success ? after.Length : 0)) - Math.Max(0, start - SumCueWindow));
        var slice = folded.AsSpan(start, end - start);
        if (slice.IndexOf('+') > 0 && SumCueRegex().IsMatch(around))
        {
            long total = 0;
            foreach (var piece in folded[start..end].Split('+'))
            {
                var p = piece.Trim(' ', '\u0001');
                if (p.Length is 0 or > 11 || !p.All(char.IsAsciiDigit))
                {
                    return null;
                }

                total += long.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            }

            return (total.ToString(System.Globalization.CultureInfo.InvariantCulture), end);
        }

        // "加上 3517" but not "加上 2 个群": the addend has two digits at least and no unit after it.
        if (after.Success && after.Groups["b"].Length is >= 2 && after.Groups["b"].Length < digits.Length && digits.All(char.IsAsciiDigit)
            && !IsQuantity(folded.AsSpan(after.Index + after.Length, Math.Min(4, folded.Length - after.Index - after.Length)).TrimStart(" \u0001"))
            && (folded[after.Index..(after.Index + after.Length)].Contains('加') || SumCueRegex().IsMatch(around)))
        {
            var b = long.Parse(after.Groups["b"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var a = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            return ((a + b).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits.Length, '0'), after.Index + after.Length);
        }

        return null;
    }

    /// <summary>Two groups of 2–5 digits joined by a dash, tilde or slash (4500-6000, 1120/1500).</summary>
    [GeneratedRegex(@"^(?<a>[0-9]{2,5})[\s\u0001]*[\-~/–—][\s\u0001]*(?<b>[0-9]{2,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex TwoGroupsRegex();

    /// <summary>A salary range or a progress count: two groups of one length, the second not smaller (4500-6000, 1120/1500).</summary>
    private static bool IsRangeOrFraction(string run)
    {
        var m = TwoGroupsRegex().Match(run);
        return m.Success && m.Groups["a"].Length == m.Groups["b"].Length && string.CompareOrdinal(m.Groups["a"].Value, m.Groups["b"].Value) <= 0;
    }

    /// <summary>"ID" alone before a number with no contact cue: a user or order id on a marketplace.</summary>
    [GeneratedRegex(@"(?<![a-z])id(?![a-z])|买家|卖家|用户|会员", RegexOptions.CultureInvariant)]
    private static partial Regex BareIdWordRegex();

    /// <summary>"70213398 的买家": the number names a buyer, a seller or a user.</summary>
    [GeneratedRegex(@"\G[\s\u0001]*(?:的|号)?(?:买家|卖家|用户|会员|顾客|客户|亲)", RegexOptions.CultureInvariant)]
    private static partial Regex BuyerAfterRegex();

    /// <summary>"康姆" said for com.</summary>
    private static string SpokenCom(string value) => value.Replace("康姆", "com", StringComparison.Ordinal);

    /// <summary>A code, not a contact: activation codes, card secrets, serial numbers and their formats.</summary>
    [GeneratedRegex(@"激活码|卡密|兑换码|序列号|注册码|授权码|验证码|格式", RegexOptions.CultureInvariant)]
    private static partial Regex CodeCueRegex();

    /// <summary>How far after a number "微信同号" is looked for.</summary>
    private const int SameNumberAfter = 16;

    private bool SameNumberAsWeChat(string cue, string folded, int end)
    {
        var after = _normaliser.Normalise(folded.Substring(end, Math.Min(SameNumberAfter, folded.Length - end))).Text;
        var phrase = SameNumberRegex().IsMatch(cue) ? cue : SameNumberRegex().IsMatch(after) ? after : null;
        return phrase is not null && WeChatWordRegex().IsMatch(phrase);
    }

    /// <summary>How far after a number a note that it is written backwards is looked for.</summary>
    private const int ReverseCueAfter = 12;

    /// <summary>
    /// A number spelled as words, in English or pinyin ("one three seven, zero zero zero zero…", "yao san jiu ling…"):
    /// seven or more digit words in a row. A mobile needs no cue (eleven digit words in that shape are a phone number);
    /// anything else counts only where a cue says so, like a number in sound-alike characters. Words may be mixed
    /// with Arabic digits and numerals in one number ("one 八 六 zero zero 0 0…", "one-three-six 0000 5678"): with at
    /// least two words, the whole is one number and replaces the runs read inside it.
    /// </summary>
    private void AddWordDigits(string folded, List<DigitRun> runs)
    {
        // A vectorised search for any digit word first: the reader may start at any digit, and most posts have none.
        if (!folded.AsSpan().ContainsAny(DigitWordValues))
        {
            return;
        }

        foreach (Match m in WordDigitsRegex().Matches(folded))
        {
            var words = m.Groups["w"].Captures;
            var tokens = m.Groups["t"].Captures;
            if (words.Count < MinMixedWords || (words.Count < MinWordDigits && words.Count == tokens.Count))
            {
                continue;
            }

            var digits = new StringBuilder(16);
            foreach (Capture t in tokens)
            {
                if (t.Value.IndexOf(' ') is var space and > 0)
                {
                    // "four zeros", "double eight", "triple nine": one digit said several times.
                    digits.Append(WordDigit(t.Value[(space + 1)..].TrimEnd('s')), RepeatCount(t.Value[..space]));
                }
                else
                {
                    digits.Append(t.Length > 1 ? WordDigit(t.Value) : char.IsAsciiDigit(t.Value[0]) ? t.Value[0] : Chars.Lookup(t.Value[0]).Digits[0]);
                }
            }

            var d = digits.ToString();
            var end = m.Index + m.Length;
            if (d.Length is < MinWordDigits or > DigitRuns.MaxJoinedDigits || runs.Exists(r => r.Start < end && m.Index < r.End && (r.Start < m.Index || r.End > end)))
            {
                continue;
            }

            runs.RemoveAll(r => r.Start >= m.Index && r.End <= end);
            var at = runs.FindIndex(r => r.Start > m.Index);
            runs.Insert(at < 0 ? runs.Count : at, new DigitRun(m.Index, end, d, Spoken: !ContactShapes.IsMobile(d)));
        }
    }

    /// <summary>Digit words a number spelled as words needs (seven, or two among Arabic digits and numerals).</summary>
    private const int MinWordDigits = 7;

    private const int MinMixedWords = 2;

    private static readonly HashSet<string> DigitWordSet = [.. DigitWords.Split('|')];

    [GeneratedRegex(IdFiller + "+", RegexOptions.CultureInvariant)]
    private static partial Regex IdFillerSplitRegex();

    private static readonly SearchValues<string> DigitWordValues = SearchValues.Create(DigitWords.Split('|'), StringComparison.Ordinal);

    private static int RepeatCount(string word) => word switch
    {
        "double" or "two" => 2,
        "triple" or "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        _ => 8,
    };

    private static char WordDigit(string word) => word switch
    {
        "sixe" => '6',
        "zero" or "oh" or "ling" or "dong" => '0',
        "one" or "yi" or "yao" => '1',
        "two" or "er" or "liang" => '2',
        "three" or "san" => '3',
        "four" or "si" => '4',
        "five" or "wu" => '5',
        "six" or "liu" => '6',
        "seven" or "qi" or "guai" => '7',
        "eight" or "ba" => '8',
        _ => '9',
    };

    /// <summary>A digit said several times in English: "four zeros", "double eight", "triple nine".</summary>
    private const string RepeatedDigitWord = @"(?:(?:double|triple) (?:zero|oh|one|two|three|four|five|six|seven|eight|nine)|(?:two|three|four|five|six|seven|eight) (?:zeros|ones|twos|threes|fours|fives|sixes|sevens|eights|nines))(?![a-z])";

    /// <summary>The digit words the reader knows, English and pinyin.</summary>
    private const string DigitWords = "zero|oh|one|two|three|four|five|six|seven|eight|nine|ling|dong|yao|yi|liang|er|san|si|wu|liu|qi|guai|ba|jiu|gou";

    /// <summary>
    /// Seven to thirteen digit words (English or pinyin), Arabic digits and numerals ("t"; the words also as "w")
    /// separated by spaces, commas, dashes, slashes, dots, middle dots or "then/and/dash", or written together ("oh" is 0).
    /// </summary>
    [GeneratedRegex(@"(?<![a-z0-9])(?:(?<t>(?<w>" + RepeatedDigitWord + "|" + DigitWords + @")|[0-9]|[〇零一二三四五六七八九幺两洞拐壹贰叁肆伍陆柒捌玖])(?:[ ,，\-–—·/.;、|\u0001]{1,3}|[ ,]{0,2}(?:then|and|dash)[ ,]{1,2}|(?![a-z]))){7,13}(?<![ ,，\-–—·/.;、|\u0001])", RegexOptions.CultureInvariant)]
    private static partial Regex WordDigitsRegex();

    /// <summary>How many digits a number needs to count as a QQ number without any cue.</summary>
    private const int MinBareQqDigits = 8;

    /// <summary>yyyyMMdd at the start (19xx/20xx, a real month and day): a date or a time stamp, not a contact.</summary>
    private static bool StartsWithDate(string d) =>
        d.Length >= 8 && d[0] is '1' or '2' && d[1] is '9' or '0'
        && DateTime.TryParseExact(d[..8], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    /// <summary>Two years side by side (2018-2025 read as 20182025).</summary>
    private static bool YearRange(string d) => d.Length == 8 && d[..2] is "19" or "20" && d[4..6] is "19" or "20";

    /// <summary>One block said again and again (五零二 五零二 五零二): an exclamation, not a number.</summary>
    private static bool Repeated(string d)
    {
        for (var block = 1; block <= d.Length / 2; block++)
        {
            if (d.Length % block == 0 && d.AsSpan(block).SequenceEqual(d.AsSpan(0, d.Length - block)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counting up (一二三四五六七八九, 12345678): a list, not a number.</summary>
    private static bool Counting(string d)
    {
        for (var i = 1; i < d.Length; i++)
        {
            if (d[i] != d[i - 1] + 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An id written with filler between its letters (j*i*e*l*i*_*t*e*a*m, kaos✨h🌸i🍓_da, x i a n z h i _ s b): the
    /// letters, digits and underscores joined. Not with fewer than three letters or four distinct characters (a number after a cue: Q 3 5 0 0…), nor when it is only option letters (A B C D) or only look-alikes of
    /// digits (a number: l3B-ZZ33-4455), or when spaces alone separate pieces longer than one character (words).
    /// A Telegram cue before it makes it a Telegram handle, anything else a WeChat id.
    /// </summary>
    private void AddScatteredId(List<Contact> found, string text, string folded, Match m)
    {
        var value = new StringBuilder(24);
        var symbols = 0;
        var longPiece = false;
        var piece = 0;
        foreach (var c in m.Value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                value.Append(c);
                piece++;
                continue;
            }

            longPiece |= piece > 1;
            piece = 0;
            symbols += c is ' ' or '\t' ? 0 : 1;
        }

        longPiece |= piece > 1;
        var v = value.ToString();
        // "zero-zero-zero-zero / three-three-four-four": digit words are a number, read by the word-digit reader.
        if (longPiece && IdFillerSplitRegex().Split(m.Value).All(p => p.Length == 0 || p.All(char.IsAsciiDigit) || DigitWordSet.Contains(p)))
        {
            return;
        }

        // A word, then a number split by filler ("qun 5⃣6⃣0⃣…", "tel 1 3 8…"): a cue and a number, not an id.
        var head = 0;
        while (head < m.Value.Length && char.IsAsciiLetter(m.Value[head]))
        {
            head++;
        }

        if (head > 0 && head < v.Length && v.AsSpan(head).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return;
        }

        if (v.Length is < 5 or > 20 || v.Count(char.IsAsciiLetter) < 3 || v.Distinct().Count() < 4 || v.All(c => c is >= 'a' and <= 'e')
            || v.All(c => char.IsAsciiDigit(c) || c is 'l' or 'o' or 'b' or 'z' or 'i' or 's' or 'g' or 'q') || (symbols < 3 && longPiece))
        {
            return;
        }

        var before = _normaliser.Normalise(folded[Math.Max(0, m.Index - CueWindow)..m.Index]).Text;
        // "激活码格式 FK25-XXXX-XXXX-XXXX": a code's format with its characters masked, not an id.
        if (v.Contains("xxx", StringComparison.Ordinal) || CodeCueRegex().IsMatch(before))
        {
            return;
        }

        var telegram = TelegramWordRegex().IsMatch(before);
        Add(found, text, telegram ? Telegram : WeChat, v, m.Index, m.Length);
    }

    /// <summary>An id followed by an instruction to edit it: the value is the id with the named character removed.</summary>
    private void AddEditedId(List<Contact> found, string text, string folded, Match m)
    {
        var id = m.Groups["id"];
        var remove = m.Groups["what"].Value switch
        {
            "下划线" or "下划杠" or "底线" or "底杠" or "_" => '_',
            "横线" or "横杠" or "中划线" or "短横" or "杠" or "-" => '-',
            "点" or "小数点" or "." => '.',
            _ => '*',
        };
        if (!id.Value.Contains(remove, StringComparison.Ordinal) && !(remove == '.' && id.Value.Contains('·', StringComparison.Ordinal)))
        {
            return;
        }

        // A middle dot (zhujiao·xiaoyu) is a dot too.
        var value = id.Value.Replace(remove.ToString(), "", StringComparison.Ordinal).Replace("\u0001", "", StringComparison.Ordinal);
        value = remove == '.' ? value.Replace("·", "", StringComparison.Ordinal) : value;
        if (value.Length is < 5 or > 20 || !value.Any(char.IsAsciiLetter) || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            return;
        }

        var before = _normaliser.Normalise(folded[Math.Max(0, id.Index - CueWindow)..id.Index]).Text;
        Add(found, text, TelegramWordRegex().IsMatch(before) ? Telegram : WeChat, value, id.Index, id.Length);
    }

    /// <summary>
    /// Ids that a post gives next to one already found: a fallback ("不行就加 fk2026b", "备用号 fk2026b") and a look-alike
    /// the post warns about ("fakao2O26 是骗子", "冒充的 fakao2o26"). Both are contacts, of the kind of the id found first.
    /// </summary>
    private static void AddRelatedIds(List<Contact> found, string text, string folded)
    {
        var first = found.FirstOrDefault(c => c.Kind is WeChat or Telegram);
        if (first is null)
        {
            return;
        }

        foreach (var regex in (ReadOnlySpan<Regex>)[FallbackIdRegex(), ScamIdAfterRegex(), ScamIdBeforeRegex()])
        {
            foreach (Match m in regex.Matches(folded))
            {
                var id = m.Groups["id"];
                Add(found, text, first.Kind, id.Value, id.Index, id.Length);
            }
        }
    }

    /// <summary>A URL whose path goes on with spelled slashes (fakao点com斜杠zt2026, … slash a8): the path is part of it.</summary>
    private static void AddUrl(List<Contact> found, string text, string folded, string value, int start, int length)
    {
        var path = SpelledPathRegex().Match(folded, start + length);
        if (path.Success && path.Index == start + length)
        {
            var sb = new StringBuilder(value.TrimEnd('/'));
            foreach (Capture piece in path.Groups["p"].Captures)
            {
                sb.Append('/').Append(HalfWidth(text.Substring(piece.Index, piece.Length)));
            }

            value = sb.ToString();
            length = path.Index + path.Length - start;
        }

        Add(found, text, Url, value, start, length, lowerCase: false);
    }

    private static int LastIndex(Regex regex, string cue)
    {
        var last = -1;
        foreach (Match m in regex.Matches(cue))
        {
            last = m.Index;
        }

        return last;
    }

    private static bool IsDomainLike(string folded, int end) => end < folded.Length && (folded[end] == '.' || folded[end] == '@');

    /// <summary>"t.me" mentioned without a handle is talk about Telegram, not a contact.</summary>
    private static bool BareTelegramHost(string value) => value.TrimEnd('/') is "t.me" or "telegram.me" or "https://t.me" or "http://t.me";

    /// <summary>Scheme and host lower-cased and folded; the path keeps its case (short links are case-sensitive) and only its width is folded.</summary>
    private static string UrlValue(string raw, string folded)
    {
        var half = HalfWidth(raw);
        var schemeEnd = folded.IndexOf("://", StringComparison.Ordinal);
        var hostStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var pathStart = folded.IndexOfAny(['/', '?', '#'], hostStart);
        return pathStart < 0 ? folded : folded[..pathStart] + half[pathStart..];
    }

    /// <summary>Full-width ASCII forms folded to ASCII, case kept (a short link's path is case-sensitive).</summary>
    private static string HalfWidth(string raw) => string.Create(raw.Length, raw, static (span, t) =>
    {
        for (var i = 0; i < t.Length; i++)
        {
            span[i] = t[i] is >= '\uFF01' and <= '\uFF5E' ? (char)(t[i] - 0xFEE0) : t[i];
        }
    });

    /// <summary>Adds unless it overlaps a contact already found (earlier kinds take precedence).</summary>
    private static void Add(List<Contact> found, string original, string kind, string value, int start, int length, bool lowerCase = true)
    {
        if (kind is WeChat or Telegram && IsbnRegex().IsMatch(value))
        {
            return;
        }

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
    /// Same length as the input (offsets stay valid): the table's digits and letters folded (ＶＸ, vх with a Cyrillic
    /// х, ①, 𝚏 + U+0001), other full-width forms folded, Latin lower-cased, traditional characters simplified one for one
    /// (電報→电报, 群號→群号), invisible characters as U+0001. Numerals stay: they are words until a number needs them.
    /// </summary>
    private string Fold(string text) => string.Create(text.Length, (text, Chars, _normaliser), static (span, state) =>
    {
        var (t, table, normaliser) = state;
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            // A letter or digit outside the Basic Multilingual Plane (𝚏, 𝟏): its ASCII form, then U+0001 for the second unit.
            if (char.IsHighSurrogate(c) && i + 1 < t.Length && char.IsLowSurrogate(t[i + 1]))
            {
                var astral = table.Lookup(char.ConvertToUtf32(c, t[i + 1]));
                var ascii = astral.Class switch
                {
                    ContactCharClass.Digit when astral.Digits.Length == 1 => astral.Digits[0],
                    ContactCharClass.Letter => astral.Letter,
                    ContactCharClass.LookAlike => astral.Letter,
                    _ => '\0',
                };
                if (ascii != '\0')
                {
                    span[i] = ascii;
                    span[++i] = '\u0001';
                    continue;
                }
            }

            var e = table.Lookup(c);
            c = e.Class switch
            {
                ContactCharClass.Digit when e.Digits.Length == 1 => e.Digits[0],
                ContactCharClass.Letter => e.Letter,
                ContactCharClass.LookAlike when e.Letter != '\0' => e.Letter,
                _ => c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ when TextNormaliser.IsInvisible(c) || c == '\u20E3' => '\u0001',
                    >= '\u3400' and < '\uD800' => normaliser.SimplifyChar(c),
                    _ => c,
                },
            };
            span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }
    });

    /// <summary>
    /// A circled W standing alone (Ⓦ 138…, Ⓦ：fakao) is WeChat's badge, as Ⓠ is QQ's: it is read as the cue "v". Inside a
    /// word of circled letters (ⓌⓔⒾⓍⓘⓝ) it stays a w.
    /// </summary>
    private static string LoneWeChatBadge(string text, string folded)
    {
        var i = text.AsSpan().IndexOfAny('\u24CC', '\u24E6');
        if (i < 0)
        {
            return folded;
        }

        var chars = folded.ToCharArray();
        for (; i < text.Length; i++)
        {
            if (text[i] is '\u24CC' or '\u24E6' && (i == 0 || !char.IsAsciiLetter(folded[i - 1])) && (i + 1 == text.Length || !char.IsAsciiLetter(folded[i + 1])))
            {
                chars[i] = 'v';
            }
        }

        return new string(chars);
    }

    private static (int Start, int Length) TrimUrl(string folded, int start, int length)
    {
        // BBCode: "[url]http://…[/url]", "[url=http://…]text[/url]": the tag is not part of the address.
        var tag = folded.AsSpan(start, length).IndexOf("[/", StringComparison.Ordinal);
        if (tag >= 0)
        {
            length = tag;
        }

        var close = folded.AsSpan(start, length).IndexOf(']');
        if (close >= 0 && folded.AsSpan(start, close).IndexOf('[') < 0)
        {
            length = close;
        }

        while (length > 0 && folded[start + length - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '\'' or '"' or '-')
        {
            length--;
        }

        return (start, length);
    }

    /// <summary>
    /// A number followed by a unit is a price, a date, a time, a count, a score: never a contact. Only units that
    /// seldom begin the next word are listed (张老师, 名额, 周经理 often follow a contact).
    /// </summary>
    private static bool IsQuantity(ReadOnlySpan<char> after) => after.Length > 0 && ((after[0] is '多' or '余' && IsQuantity(after[1..])) || after[0] is '元' or '块' or '年' or '月' or '日' or '号' or '分' or '点'
        or '时' or '秒' or '岁' or '人' or '题' or '次' or '天' or '%' or '个' or '万' or '千' or '百' or '届' or '期' or 'k' or 'w' or '米'
        or '斤' or '¥' or '角' or '遍' or '条' or '篇' or '票' || after.StartsWith("rmb", StringComparison.Ordinal));

    /// <summary>Separators that stand for '@' or '.' in e-mail addresses written to dodge filters.</summary>
    [GeneratedRegex(@"\s?[(\[【]\s?(?:dot|点|\.)\s?[)\]】]\s?|\sdot\s|\s?点\s?|。|·| ?\. ?", RegexOptions.CultureInvariant)]
    private static partial Regex DotRegex();

    /// <summary>A dot in an e-mail domain, plain or spelled out ((dot), [dot], " dot ", 点, 。).</summary>
    private const string EmailDot = @"(?:\.|" + SpelledDot + @"| \. ?|\. )";

    /// <summary>Filler that may stand between the characters of a scattered id (see <see cref="AddScatteredId"/>).</summary>
    private const string IdFiller = @"(?:[\s\u0001*丶·•、\-~\p{So}\p{Sk}]|\p{Cs}\p{Cs})";

    [GeneratedRegex(@"(?<![a-z0-9_@.])[a-z0-9_]{1,8}(?:" + IdFiller + @"{1,4}[a-z0-9_]{1,8}){3,19}(?![a-z0-9_@.])", RegexOptions.CultureInvariant)]
    private static partial Regex ScatteredIdRegex();

    /// <summary>An id with an underscore, standing alone (not in a URL, e-mail or handle): gcd_ej2, zg_daiban, fk_admin-02.</summary>
    [GeneratedRegex(@"(?<![a-z0-9_@.\-/])[a-z][a-z0-9]{1,14}_(?:[a-z0-9_]|-(?=[a-z0-9])){1,15}(?![a-z0-9_@.\-/])", RegexOptions.CultureInvariant)]
    private static partial Regex BareIdRegex();

    [GeneratedRegex(@"账号|帐号|用户名|昵称|网名|博主|up主|id", RegexOptions.CultureInvariant)]
    private static partial Regex AccountCueRegex();

    [GeneratedRegex(@"telegram|电报|纸飞机|飞机|✈|tg|tele", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramWordRegex();

    /// <summary>A host with a path, whatever its top-level domain (dwz.example/fk2b): the path makes it an address.</summary>
    [GeneratedRegex(@"(?<![a-z0-9.@\-_/])[a-z0-9][a-z0-9\-]{0,30}(?:\.[a-z0-9][a-z0-9\-]{0,30}){0,3}\.[a-z]{2,10}/[a-z0-9][a-z0-9\-._~/?#=&%]+", RegexOptions.CultureInvariant)]
    private static partial Regex PathUrlRegex();

    /// <summary>A dot spelled out in a web address: (dot), [dot], 【dot】, " dot ", 点, 。.</summary>
    private const string SpelledDot = @"(?:\s?[(\[【]\s?(?:dot|点|\.)\s?[)\]】]\s?|\sdot\s|\s?点\s?|。|·)";

    // The e-mail local part, an '@' or a spelled-out at ((at), [at], 【at】, 艾特, 圈a, 小老鼠, " at ", #), the domain with '.' or a
    // spelled dot ((dot), [dot], " dot ", 点, 。, a dot with spaces round it).
    [GeneratedRegex(@"(?<l>[a-z0-9](?:[a-z0-9._%+\-。]|[ \u0001]?点[ \u0001]?(?=[a-z0-9])){0,63})[ \u0001]{0,2}(?:\+?[ \u0001]{0,2}@[ \u0001]{0,2}\+?|[(\[【{<〔〖]\s?(?:at|艾特|@|圈\s?a|小老鼠)\s?[)\]】}>〕〗]|艾特|圈\s?a?|小老鼠|🐭|\sat\s|#)[ \u0001]{0,2}(?<d>[a-z0-9][a-z0-9\-]{0,62}(?:" + EmailDot + @"[a-z0-9][a-z0-9\-]{0,62}){0,4}" + EmailDot + @"(?:[a-z]{2,10}|康姆))(?![a-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"(?:https?://|www\.)[a-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|(?<![a-z0-9.@\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:com|cn|net|org|top|xyz|cc|vip|me|io|info|site|club|shop|link|ly|gl|tk|ink|icu|fun|online|store|tv|co|app|wang|ltd|work|gd|im|to|so|la|pw|biz|live|pro|tech|cloud|space|website|asia|hk|tw|mobi|run|red|kim|ren|host|pub|life|one|ai|sh|us|uk|ws|su|cx|nu|gg|bz|gy|st|lc|date|news|wiki|world|zone|today|fit|xin|plus|vin|cool|design|games|buzz|best|center|chat|city|click|company|lol|mom|page|tips|uno|cfd|bond|cyou|sbs|law|edu|gov)(?![a-z0-9\-])(?::[0-9]{2,5})?(?:/[a-z0-9\-._~/?#@!$&'*+,;=%]*)?", RegexOptions.CultureInvariant)]
    private static partial Regex UrlRegex();

    /// <summary>
    /// A web address with its dots spelled out (fakao2026点com, www点kaoqian88点cn, zhenti dot top/a8): at least one
    /// spelled dot, a label with a letter, and a top-level domain sellers use. Plain addresses are found by
    /// <see cref="UrlRegex"/> first.
    /// </summary>
    [GeneratedRegex(@"(?<![a-z0-9.@\-_])(?=[a-z0-9\-]*[a-z])[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:(?:\.|" + SpelledDot + @")[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?){0,3}" + SpelledDot + @"(?:com|cn|net|org|top|xyz|vip|cc|me|io|info|site|club|shop|link|ink|icu|fun|online|store|tv|co|app|wang|ltd|work|xin|law|cloud|pro|me|康姆)(?![a-z0-9\-])(?:\s?/(?:\s(?=[a-z0-9]))?[a-z0-9\-._~/?#!$&'*+,;=%]*(?:\s/\s?[a-z0-9][a-z0-9\-._~?#!$&'*+,;=%]*)*)?", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledUrlRegex();

    [GeneratedRegex(@"^(?:https?://)?(?:www\.)?(?:t|telegram)\.me/@?(?!joinchat/|addstickers/|share/)(?<h>[a-z][a-z0-9_]{3,31})(?![a-z0-9_]*/)", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramLinkRegex();

    /// <summary>An id with a WeChat cue right after it ("fakao2026（微信）").</summary>
    [GeneratedRegex(@"(?<![a-z0-9_\-@./])(?<id>[a-z][a-z0-9_\-]{5,19})(?![a-z0-9_\-@.])[\s\u0001(\[【]{0,3}(?:[微薇威][信讯芯]|vx|wx|v信|wechat)", RegexOptions.CultureInvariant)]
    private static partial Regex WeChatCueAfterRegex();

    /// <summary>A cue word of the next contact closing what looked like an id ("baoguo_fk qq", "weng_fk tel").</summary>
    [GeneratedRegex(@"[ \t\u3000](?:qq|q|tel|tg|tele|vx|wx|v|dy|mail|email|phone)$", RegexOptions.CultureInvariant)]
    private static partial Regex CueAfterSpaceRegex();

    /// <summary>A scheme written with spaces inside it ("ht tps://", "h t t p : //").</summary>
    [GeneratedRegex(@"(?<![a-z0-9])h[ \u0001]{0,2}t[ \u0001]{0,2}t[ \u0001]{0,2}p[ \u0001]{0,2}(?<s>s)?[ \u0001]{0,2}:[ \u0001]{0,2}/[ \u0001]{0,2}/[ \u0001]{0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex SpacedSchemeRegex();

    [GeneratedRegex(@"wxid_[a-z0-9_]{4,24}", RegexOptions.CultureInvariant)]
    private static partial Regex WxidRegex();

    // Filler a cue word may be decorated with: spaces, emoji (surrogates), symbols, joiners and variation selectors (U+0001 after folding), stars.
    private const string F = @"[\s\u0001\p{So}\p{Sk}\p{Cs}\p{Mn}\p{Me}*~+\-—]";

    /// <summary>WeChat cue words (微信, 薇信, V❤, wei❤xin, vx, 绿泡泡 …) as the id regex reads them.</summary>
    private const string WeChatCueWords = @"(?:[微薇威维危徽胃葳](?:" + F + @"{0,4}(?:[信讯芯星]|亻言)|x|xin)|[信讯芯]" + F + @"{0,2}v(?![a-z])|信[微薇威]|[微薇威维危徽葳](?!信)|(?<=[\u0001\p{So}\p{Cs}])[信讯芯]|卫星|🛰|绿泡泡|绿色(?:app|软件)|(?<![a-z0-9_])(?:wechat|wei" + F + @"{0,4}(?:xin|[信讯])|wx|vx|v" + F + @"{1,2}x(?![a-z])|wei(?=\s?:)|v" + F + @"{0,4}(?:[信讯芯]|亻言)?))";

    /// <summary>A WeChat cue, or a list of them ("WeiXin / ＷＸ / 微 / 信"), then the id.</summary>
    [GeneratedRegex(WeChatCueWords + @"(?:[\s\u0001]*[/|、][\s\u0001]*(?:" + WeChatCueWords + @"|[信讯]))*"
        + F + @"{0,6}(?:号码|号|id|账号|帐号|搜索|搜)?" + F + @"{0,4}[:=\-~(\[【「『<《“""']{0,2}" + F + @"{0,4}(?:已?(?:改|换|更新)[为成]|是|为|(?<![a-z])is(?=[\s\u0001:]))?" + F + @"{0,4}:?" + F + @"{0,4}(?<id>(?=[0-9_\-]{0,19}[a-z])[a-z0-9](?:(?:[ \t\u3000]|\u0001{1,2})?[a-z0-9_\-]){5,19})(?![a-z0-9_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex WeChatCueRegex();

    [GeneratedRegex(@"(?:telegram|电[.·\s\u0001*]?报|纸飞机|小飞机|飞机|✈|(?<![a-z0-9])t[\s\u0001]?g|(?<![a-z0-9])tele)(?:" + F + @"{0,6}(?:号|id|账号|频道|群|用户名|搜索|搜)?" + F + @"{0,4}[:=]?" + F + @"{0,4}@?|[^\n@]{0,16}?@|[^\n@a-z0-9]{0,6}?(?:搜索|搜|找|加|关注|名字叫|叫做|叫|名为|用户名是?)" + F + @"{0,4}[:=]?" + F + @"{0,4}@?)\s?(?<h>[a-z][a-z0-9_]{4,31})(?![a-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramCueRegex();

    /// <summary>An @handle standing alone (not in an e-mail address).</summary>
    [GeneratedRegex(@"(?<![a-z0-9_@.])@(?<h>[a-z][a-z0-9_]{4,31})(?![a-z0-9_.@\-])", RegexOptions.CultureInvariant)]
    private static partial Regex AtHandleRegex();

    /// <summary>How far before an @handle its Telegram cue may stand (same line).</summary>
    private const int AtHandleCueWindow = 40;

    /// <summary>A handle with the Telegram cue after it ("@fakao_2026（电报）").</summary>
    [GeneratedRegex(@"(?<![a-z0-9_@.])@(?<h>[a-z][a-z0-9_]{4,31})(?![a-z0-9_.@])[\s\u0001(\[【]{0,3}(?:telegram|电报|纸飞机|飞机|tg)", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramCueAfterRegex();

    [GeneratedRegex(@"qq|q[\s\p{So}\p{Cs}\u0001.\-_*]{1,6}q|q号|(?:^|[^a-z])q(?:[^a-z]|$)|扣|企鹅|鹅厂|🐧|秋秋|抠抠|蔻蔻|群主", RegexOptions.CultureInvariant)]
    private static partial Regex QqCueRegex();

    [GeneratedRegex(@"\G[ \t\u3000\u0001(\[【（]{0,3}(?:qq|扣扣|秋秋|企鹅|鹅厂号?|🐧)(?<g>群)?", RegexOptions.CultureInvariant)]
    private static partial Regex QqCueAfterRegex();

    /// <summary>A phone word right after a number: "腰伞扒…（手机）".</summary>
    [GeneratedRegex(@"\G[\s\u0001(\[【]{0,3}(?:手机|电话|tel|座机)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCueAfterRegex();

    [GeneratedRegex(@"群(?!主)|裙|qun", RegexOptions.CultureInvariant)]
    private static partial Regex GroupCueRegex();

    /// <summary>WeChat cue words in the normalised text before a number ("微信 一三八…", "V 138…").</summary>
    [GeneratedRegex(@"微信|微(?!博)|薇|威|vx|wx|卫星|绿泡泡|绿色(?:app|软件)|wechat|wei|(?<![a-z])v(?![a-z])|信v|信[微薇威]|(?<=[\p{So}\p{Cs}]\u0001?)[信讯芯]", RegexOptions.CultureInvariant)]
    private static partial Regex WeChatWordRegex();

    /// <summary>The kinds a number may be named as in <see cref="SameNumberRegex"/>.</summary>
    private const string SameKinds = @"(?:微信|薇|威|vx|wx|(?<![a-z])v(?![a-z])|扣扣|qq|(?<![a-z])q(?![a-z])|企鹅|手机|电话|tel)";

    /// <summary>The phone number said to be the WeChat id as well (微信号就是我手机号, 手机同微信, 手机/微信：, 微信也是这个, 同VX).</summary>
    /// Also two kinds named and then said to be one ("微信电话都行", "手机 微信都是它", "扣扣or薇 都是", "QQ和微信均可").
    [GeneratedRegex(@"微信号?(?:就是|同|=|也是)|(?:微信|vx|wx)号?(?:也|还)(?:用|是)?(?:这个|这|同一个|一样)|(?:微信|vx|wx)号?(?:跟|和|与)(?:这个|它|手机|电话)一样|同微信|同号|同(?:vx|wx|v)(?![a-z])|(?:手机|电话)[/、|和+]?(?:微信|vx|wx)|(?:微信|vx|wx)[/、|和+]?(?:手机|电话)|(?:vx|wx|v)(?:也是|是手机号)|手机微信都|" + SameKinds + @"[^\n，,。;；]{0,4}?" + SameKinds + @"[\s\u0001]{0,2}(?:都|均|全)(?:是|行|可以|可|能|一样|ok|用|加)", RegexOptions.CultureInvariant)]
    private static partial Regex SameNumberRegex();

    [GeneratedRegex(@"电话|手机|tel|call|致电|热线|来电|短信|拨打|座机|客服|phone|mobile|📞|☎|📱|☏|打(?:我|给我)?(?:电话|手机)?[\s\u0001:：]*$|(?:打|拨|呼)(?:给)?我", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCueRegex();

    [GeneratedRegex(@"准考证|考号|证号|身份证|座位|订单|单号|编号|学号|工号|售价|价格|只要|仅需|邮编|区号|题号|房间|房号|宿舍|考场|成绩|分数|总分|快递|运单|卡号|验证码|尾号|报名号|序号|流水号|案号|车次|航班|学籍号|会议|房间id|直播间|isbn|书号|条形码|条码|交易号|商户单号|取件码|取货码|工单|播放|浏览|阅读|观看|点击量|访问量|点赞|转发量|粉丝|得分|估分|排名|名次|座号|排号|uid|月薪|年薪|时薪|日薪|底薪|薪资|薪水|工资|待遇|收入|预算|激活码|卡密|兑换码|序列号|注册码|授权码", RegexOptions.CultureInvariant)]
    private static partial Regex NonContactCueRegex();

    /// <summary>The local part, then the domain told as what to append ("fk2026 后面加 @example.com").</summary>
    [GeneratedRegex(@"(?<![a-z0-9._%+\-@])(?<l>[a-z0-9][a-z0-9._%+\-]{1,63})[\s\u0001]*[,，]?[\s\u0001]*(?:后面|后边|然后|再)?[\s\u0001]*(?:加上?|跟上?|接上?|拼上?|带上?)[\s\u0001]*[:：]?[\s\u0001]*[""“'「]?[\s\u0001]*@[\s\u0001]?(?<d>[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9][a-z0-9\-]{0,62}){0,4}\.[a-z]{2,10})(?![a-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAppendRegex();

    /// <summary>An id followed by an instruction to remove a character from it ("删掉所有下划线", "去掉中间的点", "中间的点去掉").</summary>
    [GeneratedRegex(@"(?<![a-z0-9_.\-@/])(?<id>[a-z0-9](?:[a-z0-9_.\-*·]|\u0001){4,30}[a-z0-9_])(?![a-z0-9_.\-@/])[^\n]{0,10}?(?:(?:删掉|删除|删去|去掉|去除|拿掉)(?:所有|全部|中间|里面|里边)?的?(?<what>下划线|下划杠|底线|底杠|横线|横杠|中划线|短横|杠|小数点|点|星号|_|-|\.|\*)|(?:所有|全部|中间|里面|里边)的?(?<what>下划线|下划杠|底线|底杠|横线|横杠|中划线|短横|杠|小数点|点|星号|_|-|\.|\*)(?:删掉|删除|删去|去掉|去除|拿掉))", RegexOptions.CultureInvariant)]
    private static partial Regex EditedIdRegex();

    /// <summary>A second id offered as a fallback ("不行就加 fk2026b", "加不上加 fk2026b", "备用号：fk2026b").</summary>
    [GeneratedRegex(@"(?:(?:不行|加不上|加不了|满了|没通过|不通过|被封|封了|没回|不回|失效)[^\n]{0,6}?(?:加|找|联系|换)|备用号?|备用微信|小号|也可以加|或者加|或加)[\s\u0001:：]*(?<id>[a-z][a-z0-9_\-]{5,19})(?![a-z0-9_\-@.])", RegexOptions.CultureInvariant)]
    private static partial Regex FallbackIdRegex();

    /// <summary>A look-alike id the post warns about, the warning after it ("fakao2o26 是骗子").</summary>
    [GeneratedRegex(@"(?<![a-z0-9_\-@./])(?<id>[a-z][a-z0-9_\-]{5,19})(?![a-z0-9_\-@.])[\s\u0001,，、)）""”'」]{0,3}(?:这个|那个)?(?:是|为|都是|就是|才是)?(?:骗子|假的|假号|冒充|冒牌|高仿|山寨|李鬼)", RegexOptions.CultureInvariant)]
    private static partial Regex ScamIdAfterRegex();

    /// <summary>A look-alike id the post warns about, the warning before it ("冒充的 fakao2o26", "骗子号：fakao2o26").</summary>
    [GeneratedRegex(@"(?:骗子|假号|冒充|冒牌|高仿|山寨|李鬼|假冒)的?(?:号|账号|微信号?|id)?(?:是|为)?[\s\u0001:：""“「(（]*(?<id>[a-z][a-z0-9_\-]{5,19})(?![a-z0-9_\-@.])", RegexOptions.CultureInvariant)]
    private static partial Regex ScamIdBeforeRegex();

    /// <summary>A path spelled with slashes after a domain: 斜杠, 斜线, slash (each piece captured as "p").</summary>
    [GeneratedRegex(@"\G(?:\s?[(\[【]?(?:斜杠|斜线|正斜杠|slash)[)\]】]?\s?(?<p>[a-z0-9][a-z0-9\-._~]*))+", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledPathRegex();

    /// <summary>The number is given backwards.</summary>
    [GeneratedRegex(@"倒过来|反过来|倒着|倒序|反着|反序|逆序|从后往前|从右往左|颠倒", RegexOptions.CultureInvariant)]
    private static partial Regex ReverseCueRegex();

    /// <summary>An ISBN (978-7-5036-1234-x, with or without "isbn" run into it), never an id.</summary>
    [GeneratedRegex(@"^(?:isbn[\-:]?)?(?:97[89]-?)?[0-9](?:-?[0-9]){8}-?[0-9x]$", RegexOptions.CultureInvariant)]
    private static partial Regex IsbnRegex();
}
