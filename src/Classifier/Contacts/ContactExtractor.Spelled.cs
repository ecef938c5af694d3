using System.Buffers;
using System.Text.RegularExpressions;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// Contacts spelled in parts or followed by a note (contacts v8, docs/classifier.md "Contacts v8"): ids spelled with
/// underscore words, with spaces to remove or with a stand-in character; e-mail halves told apart; addresses with
/// spaces to remove; and notes about the contact just given (a correction, a letter named, new last digits).
/// </summary>
internal sealed partial class ContactExtractor
{
    /// <summary>An underscore said as a word.</summary>
    private const string UnderscoreWord = "下划线|下划杠|下横线|下滑线|底线|底杠|underscore";

    /// <summary>
    /// Pieces of an id separated by spaces, dashes or middle dots, with underscores said as words between some of them
    /// ("qz 下划线 fakao 下划线 bj", "F-K-下划线-M-A-O"); "u" marks where an underscore goes.
    /// </summary>
    [GeneratedRegex(@"(?<![a-z0-9_@./])(?<p>[a-z0-9]+)(?:(?:[\s\u0001\-·]*(?<u>" + UnderscoreWord + @")[\s\u0001\-·]*|[\s\u0001]*[\-·][\s\u0001]*|[ \u0001]*(?<n>\([^()\n]{0,14}\))[ \u0001]*|[ \u0001]+)(?<p>[a-z0-9]+)){1,24}(?![a-z0-9_@.])", RegexOptions.CultureInvariant)]
    private static partial Regex SpelledIdRegex();

    /// <summary>"（中间不带空格）", "，空格去掉": the id before it is written with spaces to remove.</summary>
    [GeneratedRegex(@"\G[\s\u0001,，(（【\[]{0,3}(?:中间|里面)?(?:不带|没有|没|无|去掉|删掉|删除|去|不要|不加)空格|\G[\s\u0001,，(（【\[]{0,3}空格(?:去掉|删掉|不要)", RegexOptions.CultureInvariant)]
    private static partial Regex NoSpaceNoteRegex();

    /// <summary>An id with a stand-in character, then which character it stands for ("fk～mianfei～2025（～换成下划线）").</summary>
    [GeneratedRegex(@"(?<![a-z0-9_@./])(?<id>[a-z0-9](?:[a-z0-9_~*#+^=\-]|\u0001){3,30}[a-z0-9])(?![a-z0-9_@.])[^\n]{0,6}?(?:(?<sym>[~*#+^=\-])|(?<symw>波浪号|波浪线|星号|井号|加号|等号|横线|横杠))[\s\u0001""“”']*(?:换成|改成|替换成|替换为|改为|换为|变成|代表)[\s\u0001""“”']*(?<what>" + UnderscoreWord + @"|_|横线|横杠|中划线|-|点|\.)", RegexOptions.CultureInvariant)]
    private static partial Regex StandInIdRegex();

    /// <summary>The words that say which character a stand-in replaces (the stand-in pass runs only where one is).</summary>
    private static readonly SearchValues<string> StandInWords = SearchValues.Create(["换成", "改成", "替换", "改为", "换为", "变成", "代表"], StringComparison.Ordinal);

    private void AddSpelledIds(List<Contact> found, string text, string folded)
    {
        var underscore = UnderscoreWordRegex().IsMatch(folded);
        if (underscore || folded.Contains("空格", StringComparison.Ordinal))
        {
            foreach (Match m in SpelledIdRegex().Matches(folded))
            {
                // "law (中间不用空格) study (也不用) 2025": notes between the pieces say they are written together.
                var notes = m.Groups["n"].Captures;
                var noSpace = NoSpaceNoteRegex().IsMatch(folded, m.Index + m.Length) || (notes.Count > 0 && notes.All(n => n.Value.Contains("空格", StringComparison.Ordinal) || n.Value.Contains('连') || n.Value.Contains("也不", StringComparison.Ordinal) || n.Value.Contains("同上", StringComparison.Ordinal)));
                if ((!m.Groups["u"].Success && !noSpace) || (notes.Count > 0 && !noSpace))
                {
                    continue;
                }

                var parts = new List<(int Index, string Value)>();
                foreach (Capture p in m.Groups["p"].Captures)
                {
                    parts.Add((p.Index, p.Value));
                }

                foreach (Capture u in m.Groups["u"].Captures)
                {
                    parts.Add((u.Index, "_"));
                }

                parts.Sort((a, b) => a.Index.CompareTo(b.Index));
                var value = string.Concat(NumberWords(parts.Select(p => p.Value)));
                if (value.Length is < 5 or > 32 || value.Count(char.IsAsciiLetter) < 2 || value.All(c => char.IsAsciiDigit(c) || c == '_'))
                {
                    continue;
                }

                var before = _normaliser.Normalise(folded[Math.Max(0, m.Index - CueWindow)..m.Index]).Text;
                Add(found, text, TelegramWordRegex().IsMatch(before) ? Telegram : WeChat, value, m.Index, m.Length);
            }
        }

        if (!folded.AsSpan().ContainsAny(StandInWords))
        {
            return;
        }

        foreach (Match m in StandInIdRegex().Matches(folded))
        {
            var id = m.Groups["id"];
            var sym = m.Groups["sym"].Success ? m.Groups["sym"].Value[0] : m.Groups["symw"].Value switch
            {
                "波浪号" or "波浪线" => '~',
                "星号" => '*',
                "井号" => '#',
                "加号" => '+',
                "等号" => '=',
                _ => '-',
            };
            if (!id.Value.Contains(sym, StringComparison.Ordinal))
            {
                continue;
            }

            var what = m.Groups["what"].Value switch
            {
                "-" or "横线" or "横杠" or "中划线" => "-",
                "点" or "." => ".",
                _ => "_",
            };
            var value = id.Value.Replace(sym.ToString(), what, StringComparison.Ordinal).Replace("\u0001", "", StringComparison.Ordinal);
            var before = _normaliser.Normalise(folded[Math.Max(0, id.Index - CueWindow)..id.Index]).Text;
            Add(found, text, TelegramWordRegex().IsMatch(before) ? Telegram : WeChat, value, id.Index, id.Length);
        }
    }

    [GeneratedRegex(UnderscoreWord, RegexOptions.CultureInvariant)]
    private static partial Regex UnderscoreWordRegex();

    /// <summary>English number words inside a spelled id ("law underscore grind underscore twenty five") as digits: law_grind_25.</summary>
    private static IEnumerable<string> NumberWords(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var tens = Array.IndexOf(TensWords, list[i]);
            var unit = Array.IndexOf(UnitWords, list[i]);
            var teen = Array.IndexOf(TeenWords, list[i]);
            if (tens >= 0)
            {
                var next = i + 1 < list.Count ? Array.IndexOf(UnitWords, list[i + 1]) : -1;
                yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{tens + 2}{(next > 0 ? next : 0)}");
                i += next > 0 ? 1 : 0;
            }
            else if (teen >= 0)
            {
                yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"1{teen}");
            }
            else if (unit >= 0)
            {
                yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{unit}");
            }
            else
            {
                yield return list[i];
            }
        }
    }

    private static readonly string[] UnitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static readonly string[] TeenWords = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];

    private static readonly string[] TensWords = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    /// <summary>
    /// Pieces of an id joined by words ("linxiaoyu 然后 0412", "fakao 加 baba", "fk 杠 ziliao 杠 888"): 杠/横线 stand for a
    /// dash, the others join the pieces as they are.
    /// </summary>
    [GeneratedRegex(@"(?<![a-z0-9_@./\-])(?<p>[a-z][a-z0-9_]{1,19})(?:[\s\u0001]*(?<s>然后(?:是|加|接)?|再加上?|加上?|后面(?:加|跟|接|是)|跟上?|接上?|连上|(?<d>横杠|横线|中划线|减号|短横|杠))[\s\u0001]*(?<p>[a-z0-9_]{2,19})){1,3}(?![a-z0-9_@.\-])", RegexOptions.CultureInvariant)]
    private static partial Regex JoinedIdRegex();

    /// <summary>"连起来", "拼在一起": the pieces before are one id.</summary>
    [GeneratedRegex(@"\G[^\n]{0,6}?(?:连起来|拼起来|合起来|连在一起|拼在一起|连着写|合在一起)", RegexOptions.CultureInvariant)]
    private static partial Regex JoinNoteRegex();

    /// <summary>"，中间一个下划线", "中间加个点": the character that goes between the pieces.</summary>
    [GeneratedRegex(@"\G[\s\u0001,，(]{0,3}中间(?:是|加|用|有|放)?(?:一个|个)?(?<w>" + UnderscoreWord + @"|_|横线|横杠|杠|-|点|\.)", RegexOptions.CultureInvariant)]
    private static partial Regex BetweenNoteRegex();

    /// <summary>A word that makes the pieces an account: an id cue or a platform's cue.</summary>
    [GeneratedRegex(@"微信|薇|威|vx|wx|(?<![a-z])v(?![a-z])|id|账号|帐号|号是|电报|飞机|tg|telegram|绿泡泡|拼音|名字", RegexOptions.CultureInvariant)]
    private static partial Regex IdCueRegex();

    /// <summary>Words that place a piece of an id: 前半截/开头/第一截 first, 中间/第二截 next, 后半截/结尾/最后/第三截 last.</summary>
    private const string IdPartLabel = @"前半截?|前一半|前半部分|前半段|上半截?|开头|第一截|第一段|中间|第二截|第二段|后半截?|后一半|后半部分|后半段|下半截?|结尾|最后|末尾|第三截|第三段";

    /// <summary>One placed piece of an id: the word that places it, then the piece.</summary>
    private const string IdPart = "(?<lab>" + IdPartLabel + @")(?:的|是|为|部分)*[^a-z0-9_\n]{0,3}(?<id>[a-z0-9_][a-z0-9_\-]{0,19})(?![a-z0-9_\-@.])";

    /// <summary>Two or three pieces of an id, each after the word that places it ("前半截：fk_xue / 后半截：zhang_2023", "开头是lawyer_，中间是zhang，结尾是_2024").</summary>
    [GeneratedRegex(IdPart + @"(?:[^a-z0-9_\n]{0,8}?" + IdPart + "){1,2}", RegexOptions.CultureInvariant)]
    private static partial Regex IdPartsRegex();

    private static readonly SearchValues<string> FirstIdPartWords = SearchValues.Create(["前半", "前一半", "上半", "开头", "第一截", "第一段"], StringComparison.Ordinal);

    private static int IdPartRank(string label) => label switch
    {
        _ when label.StartsWith('前') || label.StartsWith('上') || label is "开头" or "第一截" or "第一段" => 0,
        "中间" or "第二截" or "第二段" => 1,
        _ => 2,
    };

    /// <summary>
    /// Ids assembled from parts: pieces joined by words after an id cue or before "连起来" (a note after them may name the
    /// character between: "中间一个下划线"), and two halves told apart ("前半截 … 后半截 …").
    /// </summary>
    private void AddJoinedIds(List<Contact> found, string text, string folded)
    {
        // The first piece's word must be there (前半/开头/第一截…): a vectorised search before the regex.
        if (folded.AsSpan().ContainsAny(FirstIdPartWords))
        {
            foreach (Match m in IdPartsRegex().Matches(folded))
            {
                var labels = m.Groups["lab"].Captures;
                var ids = m.Groups["id"].Captures;
                var ranks = labels.Select(l => IdPartRank(l.Value)).ToList();
                // Each place once, first and last both named; halves (前半截…) stand on their own, other words need an id
                // cue before them or a note that the pieces go together.
                var halves = labels.All(l => l.Value.Contains('半', StringComparison.Ordinal));
                if (ranks.Distinct().Count() != ranks.Count || !ranks.Contains(0) || !ranks.Contains(2)
                    || !(halves || JoinNoteRegex().IsMatch(folded, m.Index + m.Length)
                        || IdCueRegex().IsMatch(_normaliser.Normalise(folded[Math.Max(0, m.Index - CueWindow)..m.Index]).Text)))
                {
                    continue;
                }

                var value = string.Concat(Enumerable.Range(0, ids.Count).OrderBy(k => ranks[k]).Select(k => ids[k].Value));
                var last = ids[ids.Count - 1];
                if (value.Count(char.IsAsciiLetter) >= 2 && value.Length is >= 5 and <= 32 && !ids.Any(c => CueWord(c.Value)))
                {
                    AddId(found, text, folded, value, labels[0].Index, last.Index + last.Length - labels[0].Index);
                }
            }
        }

        if (folded.AsSpan().IndexOfAny("然加跟接连杠横减") < 0)
        {
            return;
        }

        foreach (Match m in JoinedIdRegex().Matches(folded))
        {
            var end = m.Index + m.Length;
            var before = _normaliser.Normalise(folded[Math.Max(0, m.Index - CueWindow)..m.Index]).Text;
            var joined = JoinNoteRegex().IsMatch(folded, end);
            var dashed = m.Groups["d"].Captures.Count == m.Groups["s"].Captures.Count;
            if (!joined && !(IdCueRegex().IsMatch(before) && (dashed || !QqCueRegex().IsMatch(before))))
            {
                continue;
            }

            var between = BetweenNoteRegex().Match(folded, end);
            var glue = between.Success ? between.Groups["w"].Value switch
            {
                "横线" or "横杠" or "杠" or "-" => "-",
                "点" or "." => ".",
                _ => "_",
            } : "";
            var pieces = m.Groups["p"].Captures;
            var seps = m.Groups["s"].Captures;
            var sb = new System.Text.StringBuilder(pieces[0].Value);
            for (var k = 1; k < pieces.Count; k++)
            {
                var dash = seps[k - 1].Value is "横杠" or "横线" or "中划线" or "减号" or "短横" or "杠";
                sb.Append(dash ? "-" : glue).Append(pieces[k].Value);
            }

            var value = sb.ToString();
            if (value.Count(char.IsAsciiLetter) >= 2 && value.Length is >= 5 and <= 32 && !pieces.Cast<Capture>().Any(c => CueWord(c.Value)))
            {
                AddId(found, text, folded, value, m.Index, m.Length);
            }
        }
    }

    /// <summary>A contact cue word, never a piece of an id ("fk2026 加 qq …").</summary>
    private static bool CueWord(string piece) => piece is "qq" or "vx" or "wx" or "tg" or "tel" or "id" or "dy" or "mail" or "email" or "phone" or "wechat" or "telegram" or "wei" or "weixin" or "qun";

    /// <summary>An id found by one of the passes above: Telegram after a Telegram cue, else WeChat.</summary>
    private void AddId(List<Contact> found, string text, string folded, string value, int start, int length)
    {
        var before = _normaliser.Normalise(folded[Math.Max(0, start - CueWindow)..start]).Text;
        var after = _normaliser.Normalise(folded[(start + length)..Math.Min(folded.Length, start + length + 12)]).Text;
        Add(found, text, TelegramWordRegex().IsMatch(before) || TelegramWordRegex().IsMatch(after) ? Telegram : WeChat, value, start, length);
    }

    /// <summary>"ID 是 FaKao-Zhu-2024", "（ID：kszx_kefu01）": an id after an id label, its platform named earlier.</summary>
    [GeneratedRegex(@"(?<![a-z])(?:id|账号|帐号)[\s\u0001]*(?:是|为|:|=)?[\s\u0001]*(?<id>[a-z][a-z0-9_\-]{4,19})(?![a-z0-9_\-@.])", RegexOptions.CultureInvariant)]
    private static partial Regex IdLabelRegex();

    /// <summary>How far before an id label the platform may be named ("绿泡泡加一下，ID 是 …").</summary>
    private const int IdLabelWindow = 24;

    /// <summary>Platforms whose ids are not contacts of ours (an account on them is named, not offered).</summary>
    [GeneratedRegex(@"抖音|快手|微博|小红书|b站|bilibili|知乎|贴吧|淘宝|闲鱼|拼多多|游戏|steam|qq|扣扣|uid", RegexOptions.CultureInvariant)]
    private static partial Regex OtherPlatformRegex();

    /// <summary>An id after an id label ("ID 是 …") whose WeChat or Telegram cue came earlier in the sentence.</summary>
    private void AddLabelledIds(List<Contact> found, string text, string folded)
    {
        if (!folded.Contains("id", StringComparison.Ordinal) && !folded.Contains("账号", StringComparison.Ordinal) && !folded.Contains("帐号", StringComparison.Ordinal))
        {
            return;
        }

        foreach (Match m in IdLabelRegex().Matches(folded))
        {
            var from = Math.Max(0, m.Index - IdLabelWindow);
            var line = folded.LastIndexOf('\n', m.Index == 0 ? 0 : m.Index - 1);
            from = Math.Max(from, line + 1);
            var before = _normaliser.Normalise(folded[from..m.Index]).Text;
            var wechat = LastIndex(WeChatWordRegex(), before);
            var telegram = LastIndex(TelegramWordRegex(), before);
            if (Math.Max(wechat, telegram) < 0 || LastIndex(OtherPlatformRegex(), before) > Math.Max(wechat, telegram))
            {
                continue;
            }

            var id = m.Groups["id"];
            Add(found, text, telegram > wechat ? Telegram : WeChat, id.Value, id.Index, id.Length);
        }
    }

    /// <summary>The two halves of an e-mail address told apart, in either order ("@后面是 example.org，@前面是 chongci.daan").</summary>
    [GeneratedRegex(AfterAt + "(?<d>" + EmailDomain + @")[^\n@]{0,10}?" + BeforeAt + "(?<l>" + EmailLocal + ")|" + BeforeAt + "(?<l>" + EmailLocal + @")[^\n@]{0,10}?" + AfterAt + "(?<d>" + EmailDomain + ")", RegexOptions.CultureInvariant)]
    private static partial Regex EmailHalvesRegex();

    /// <summary>"@后面是", "@右边": what follows is the domain.</summary>
    private const string AfterAt = @"(?:(?:@[\s\u0001]*)?(?:后面|后边|之后|右边)|后缀|域名)(?:的|是|为|接|跟|写)*[\s\u0001:：]*";

    /// <summary>"@前面是", "@左边": what follows is the local part.</summary>
    private const string BeforeAt = @"(?:(?:@[\s\u0001]*)?(?:前面|前边|之前|左边)|前缀|用户名)(?:的|是|为|写)*[\s\u0001:：]*";

    /// <summary>How far round the two halves an '@' or a mail word must stand for them to be an e-mail address.</summary>
    private const int EmailHalvesContext = 20;

    [GeneratedRegex(@"@|邮|mail", RegexOptions.CultureInvariant)]
    private static partial Regex MailWordRegex();

    /// <summary>
    /// "@后面是 example.org，@前面是 chongci.daan", "邮箱的后缀是 example.com。前缀是 fk.zhuguanti。中间用@连": the two halves of
    /// an address told apart, in either order, where an '@' or a mail word stands in or near them.
    /// </summary>
    private void AddEmailHalves(List<Contact> found, string text, string folded)
    {
        if ((folded.AsSpan().IndexOfAny('@', '邮') < 0 && !folded.Contains("mail", StringComparison.Ordinal))
            || !folded.Contains('前', StringComparison.Ordinal) || !folded.Contains('后', StringComparison.Ordinal))
        {
            return;
        }

        foreach (Match m in EmailHalvesRegex().Matches(folded))
        {
            var from = Math.Max(0, m.Index - EmailHalvesContext);
            var context = folded.AsSpan(from, Math.Min(folded.Length, m.Index + m.Length + EmailHalvesContext) - from);
            if (MailWordRegex().IsMatch(context))
            {
                Add(found, text, Email, m.Groups["l"].Value + "@" + m.Groups["d"].Value, m.Index, m.Length);
            }
        }
    }

    private const string EmailLocal = @"[a-z0-9](?:[a-z0-9_%+\-]|\.(?=[a-z0-9])){0,63}";

    private const string EmailDomain = @"[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9][a-z0-9\-]{0,62}){0,4}\.[a-z]{2,10}(?![a-z0-9\-])";

    /// <summary>An address written with spaces round its dots and slashes, then a note to remove them.</summary>
    [GeneratedRegex(@"(?<u>(?:https?[\s\u0001]*:[\s\u0001]*/[\s\u0001]*/[\s\u0001]*)?[a-z0-9][a-z0-9\-]*(?:[\s\u0001]*(?:\.|。|点)[\s\u0001]*[a-z0-9][a-z0-9\-]*){1,4}(?:[\s\u0001]*/[\s\u0001]*[a-z0-9][a-z0-9\-._~]*)*)[\s\u0001]*[(（【\[,，]?[\s\u0001]*(?:中间)?(?:空格去掉|去掉空格|去空格|删掉空格|删除空格|没有空格|没空格|不带空格|无空格|空格删掉)", RegexOptions.CultureInvariant)]
    private static partial Regex SpacedUrlRegex();

    /// <summary>"不对不对，打错了，是 …": the contact before it is withdrawn for the one after it.</summary>
    [GeneratedRegex(@"(?:不对|打错|写错|输错|说错|错了|更正|纠正)[^\n]{0,10}?(?:是|为|改成|改为)", RegexOptions.CultureInvariant)]
    private static partial Regex CorrectionRegex();

    /// <summary>An id right after a correction.</summary>
    [GeneratedRegex(@"\G[\s\u0001:：""“「]*(?<id>[a-z][a-z0-9_\-]{4,31})(?![a-z0-9_\-@.])", RegexOptions.CultureInvariant)]
    private static partial Regex CorrectedIdRegex();

    /// <summary>"（第一个字母是小写的L不是大写的i）": which letter stands at a place of the id before it.</summary>
    [GeneratedRegex(@"(?:第(?<n>[一二三四五六七八九1-9])个|(?<first>首|开头的?|头一个)|(?<last>最后一个|末尾的?|结尾的?))(?:字母|字符)?(?:是|为)[\s\u0001]*(?:小写的?|大写的?)?[\s\u0001]*[""“'「]?(?<c>[a-z])(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex LetterNoteRegex();

    /// <summary>"后四位换成 5678": the number before it with its last digits replaced.</summary>
    [GeneratedRegex(@"(?:最后|后|末)(?<n>[一二三四五六七八两1-8])位(?:换成|改成|改为|换为|变成)[\s\u0001:：]*(?<d>[0-9]{1,8})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex TailNoteRegex();

    /// <summary>How far before a note the contact it speaks of may end.</summary>
    private const int NoteWindow = 24;

    /// <summary>
    /// Notes about a contact given just before: a correction ("…不对，是 lawroom_cn" keeps the second, with the first's
    /// kind), a letter named ("第一个字母是小写的L"), and a number given again with new last digits ("后四位换成 5678").
    /// </summary>
    private void ApplyNotes(List<Contact> found, string text, string folded)
    {
        if (found.Count == 0)
        {
            return;
        }

        if (folded.AsSpan().IndexOfAny("对错正") >= 0)
        {
            foreach (Match m in CorrectionRegex().Matches(folded))
            {
                var a = found.FindLastIndex(c => c.End <= m.Index && m.Index - c.End <= NoteWindow);
                var b = found.FindIndex(c => c.Start >= m.Index + m.Length && c.Start - (m.Index + m.Length) <= 6);
                if (a >= 0 && b < 0 && IsId(found[a].Kind) && CorrectedIdRegex().Match(folded, m.Index + m.Length) is { Success: true } next
                    && !found.Exists(c => c.Start < next.Index + next.Length && next.Index < c.End))
                {
                    // The corrected id has no cue of its own ("微信 fakao2025 写错了，是 fakao2026").
                    var id = next.Groups["id"];
                    found.Insert(a + 1, new Contact(found[a].Kind, id.Value, text.Substring(id.Index, id.Length), id.Index, id.Index + id.Length));
                    b = a + 1;
                }

                if (a < 0 || b < 0 || IsId(found[a].Kind) != IsId(found[b].Kind))
                {
                    continue;
                }

                if (IsId(found[a].Kind))
                {
                    found[b] = found[b] with { Kind = found[a].Kind };
                }

                found.RemoveAt(a);
            }
        }

        if (folded.Contains("字母", StringComparison.Ordinal) || folded.Contains("小写", StringComparison.Ordinal) || folded.Contains("大写", StringComparison.Ordinal))
        {
            foreach (Match m in LetterNoteRegex().Matches(folded))
            {
                var a = found.FindLastIndex(c => c.End <= m.Index && m.Index - c.End <= 8 && IsId(c.Kind));
                if (a < 0)
                {
                    continue;
                }

                var v = found[a].Value;
                var at = m.Groups["first"].Success ? 0 : m.Groups["last"].Success ? v.Length - 1 : Chars.Lookup(m.Groups["n"].Value[0]).Digits[0] - '1';
                if (at >= 0 && at < v.Length && char.IsAsciiLetterOrDigit(v[at]))
                {
                    found[a] = found[a] with { Value = v[..at] + m.Groups["c"].Value + v[(at + 1)..] };
                }
            }
        }

        if (folded.Contains("位", StringComparison.Ordinal))
        {
            foreach (Match m in TailNoteRegex().Matches(folded))
            {
                var a = found.FindLastIndex(c => c.End <= m.Index && m.Index - c.End <= NoteWindow && c.Kind is Mobile or Qq or Landline or Hotline);
                var n = Chars.Lookup(m.Groups["n"].Value[0]).Digits[0] - '0';
                var d = m.Groups["d"].Value;
                if (a < 0 || d.Length != n || found[a].Value.Length <= n)
                {
                    continue;
                }

                var around = _normaliser.Normalise(folded[found[a].End..Math.Min(folded.Length, m.Index + m.Length + 8)]).Text;
                var kind = WeChatWordRegex().IsMatch(around) ? WeChat : QqCueRegex().IsMatch(around) ? Qq : found[a].Kind;
                var value = found[a].Value[..^n] + d;
                if (!found.Exists(c => c.Start < m.Index + m.Length && m.Index < c.End))
                {
                    found.Add(new Contact(kind, value, text.Substring(m.Index, m.Length), m.Index, m.Index + m.Length));
                }
            }

            found.Sort((x, y) => x.Start.CompareTo(y.Start));
        }
    }

    private static bool IsId(string kind) => kind is WeChat or Telegram;
}
