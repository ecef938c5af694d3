using System.Text;
using SentimentWatch.Core.Classification;
using System.Text.RegularExpressions;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>
/// A number read out as amounts after a contact cue: "手机一百三十八，四个零，一千二百三十四" is 138 0000 1234. Each group
/// with place words (十/百/千, 零 inside, 两) becomes its digits, groups without them are read digit by digit, and the
/// groups are joined; the whole must have the shape the cue asks for, so "手机三百五十元", "QQ群两千人" stay amounts.
/// </summary>
internal sealed partial class ContactExtractor
{
    /// <summary>A cue, a few connecting characters (no digit), then a stretch of numerals with at least one place word.</summary>
    [GeneratedRegex(@"(?:(?<g>qq群|扣扣群|群号)|(?<q>qq|扣扣|企鹅)|(?<w>微信|vx|wx|v信|薇信)|(?<p>手机|电话|座机|打我|打给我|拨打|致电|联系方式|tel))[^\n0-9零〇一二两三四五六七八九幺十百千壹贰叁肆伍陆柒捌玖拾佰仟]{0,8}?(?<n>[零〇一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖十百千拾佰仟](?:[零〇一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖十百千拾佰仟个]|[\s\u0001,，、\-—](?=[零〇一二两三四五六七八九幺壹贰叁肆伍陆柒捌玖十拾])){3,40})", RegexOptions.CultureInvariant)]
    private static partial Regex AmountNumberRegex();

    [GeneratedRegex(@"手机|电话|号码", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneWordRegex();

    private void AddAmountNumbers(List<Contact> found, string text, string folded)
    {
        if (folded.AsSpan().IndexOfAny("十百千拾佰仟个") < 0)
        {
            return;
        }

        foreach (Match m in AmountNumberRegex().Matches(folded))
        {
            var n = m.Groups["n"];
            var stretch = n.Value.TrimEnd(' ', '\u0001', ',', '，', '、', '-', '—');
            if (stretch.AsSpan().IndexOfAny("十百千拾佰仟个") < 0 || ReadAmounts(stretch) is not { } d)
            {
                continue;
            }

            var after = folded.AsSpan(n.Index + stretch.Length, Math.Min(4, folded.Length - n.Index - stretch.Length)).TrimStart(" \u0001");
            if (IsQuantity(after))
            {
                continue;
            }

            // "微信就是手机号：…": a phone word after the cue gives the phone number.
            var phoneAfter = PhoneWordRegex().IsMatch(folded.AsSpan(m.Index, n.Index - m.Index));
            var qqShape = d.Length is >= 5 and <= 11 && d[0] != '0';
            string? kind = m.Groups["g"].Success ? (qqShape ? QqGroup : null)
                : m.Groups["q"].Success ? (ContactShapes.IsMobile(d) ? Mobile : qqShape ? Qq : null)
                : m.Groups["w"].Success && !phoneAfter ? (ContactShapes.IsMobile(d) ? WeChat : null)
                : ContactShapes.IsMobile(d) ? Mobile : ContactShapes.IsLandline(d) ? Landline : ContactShapes.IsHotline(d) ? Hotline : null;
            if (kind is not null)
            {
                Add(found, text, kind, d, n.Index, stretch.Length);
            }
        }
    }

    private static int NumeralValue(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' or '幺' or '壹' => 1,
        '二' or '两' or '贰' => 2,
        '三' or '叁' => 3,
        '四' or '肆' => 4,
        '五' or '伍' => 5,
        '六' or '陆' => 6,
        '七' or '柒' => 7,
        '八' or '捌' => 8,
        '九' or '玖' => 9,
        _ => -1,
    };

    private static int PlaceValue(char c) => c switch
    {
        '十' or '拾' => 10,
        '百' or '佰' => 100,
        '千' or '仟' => 1000,
        _ => 0,
    };

    /// <summary>
    /// The digits of a stretch of numeral groups: "一百三十八" → 138, "两千零五" → 2005, "四个零" → 0000, "一三八" → 138;
    /// null where the stretch is not made of whole groups (a place word where none can stand).
    /// </summary>
    internal static string? ReadAmounts(string s)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ' ' or '\u0001' or ',' or '，' or '、' or '-' or '—')
            {
                i++;
                continue;
            }

            var d = NumeralValue(c);
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (d >= 1 && next == '个' && i + 2 < s.Length && s[i + 2] is '零' or '〇')
            {
                sb.Append('0', d);
                i += 3;
                continue;
            }

            if (d >= 0 && PlaceValue(next) == 0)
            {
                // A digit read on its own ("一三八", "零零零零").
                sb.Append((char)('0' + d));
                i++;
                continue;
            }

            // A place-value group: 一百三十八, 两千三百四十五, 三千零五, 十三.
            var value = 0;
            var last = 10_000;
            var zero = false;
            while (i < s.Length)
            {
                c = s[i];
                if (c is '零' or '〇')
                {
                    zero = true;
                    i++;
                    continue;
                }

                d = NumeralValue(c);
                var place = PlaceValue(c);
                if (place > 0 && (value == 0 && last == 10_000) && place == 10)
                {
                    // 十三 = 13: a group may open with 十.
                    value = 10;
                    last = 10;
                    i++;
                    continue;
                }

                if (d < 1)
                {
                    if (place > 0)
                    {
                        return null;
                    }

                    break;
                }

                var p = i + 1 < s.Length ? PlaceValue(s[i + 1]) : 0;
                if (p > 0)
                {
                    if (p >= last)
                    {
                        return null;
                    }

                    value += d * p;
                    last = p;
                    zero = false;
                    i += 2;
                    continue;
                }

                // The last digit of the group: the ones, or the place below the last one ("一百三" = 130) without 零.
                value += zero || last == 10 ? d : d * (last / 10);
                last = 1;
                i++;
                break;
            }

            if (value == 0)
            {
                return null;
            }

            sb.Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
