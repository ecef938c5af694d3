using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace SentimentWatch.Classifier.Contacts;

/// <summary>What a character is to the contact extractor (see <c>models/contact-chars.tsv</c>).</summary>
internal enum ContactCharClass : byte
{
    /// <summary>Not in the table: the extractor's own rules decide (ASCII letters, filler, other text).</summary>
    Unlisted = 0,

    /// <summary>A digit wherever it appears (full-width, circled, superscript, mathematical…).</summary>
    Digit,

    /// <summary>A digit inside a number, a word elsewhere (Chinese, financial, spoken and military numerals).</summary>
    Numeral,

    /// <summary>A digit only between two digits (O, l, I, |), the letter it is elsewhere.</summary>
    LookAlike,

    /// <summary>A Latin letter wherever it appears (full-width, circled, Cyrillic and Greek look-alikes, ㄒ).</summary>
    Letter,

    /// <summary>Never a digit (tens and above), listed so that nobody adds it.</summary>
    None,

    /// <summary>A sound-alike of a digit (幺/要, 伞, 酒…): a digit only in a contact-long run of digit characters with a cue near.</summary>
    Homophone,
}

/// <summary>One character's entry: its class, the digits it stands for (digit, numeral, look-alike) and its letter (letter, look-alike; '\0' keeps the character).</summary>
internal readonly record struct ContactChar(ContactCharClass Class, string Digits, char Letter);

/// <summary>One row of the table as written, for tests and diagnostics.</summary>
internal sealed record ContactCharRow(int Line, string Character, int CodePoint, ContactChar Entry, string Note);

/// <summary>
/// The maintained table of every way a digit or a cue letter is written (<c>models/contact-chars.tsv</c>, option
/// <c>Classifier:ContactCharsFile</c>). Format, one row per character: <c>character TAB value TAB class TAB note</c>;
/// the file's header explains the classes. Lookups are an array index for the Basic Multilingual Plane. Thread-safe.
/// </summary>
internal sealed class ContactCharTable
{
    private readonly ushort[] _bmp = new ushort[0x10000];
    private readonly ContactChar[] _entries;
    private readonly FrozenDictionary<int, ContactChar> _astral;

    private ContactCharTable(IReadOnlyList<ContactCharRow> rows)
    {
        Rows = rows;
        _entries = new ContactChar[rows.Count + 1];
        var astral = new Dictionary<int, ContactChar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            _entries[i + 1] = r.Entry;
            if (r.CodePoint < 0x10000)
            {
                _bmp[r.CodePoint] = (ushort)(i + 1);
            }
            else
            {
                astral[r.CodePoint] = r.Entry;
            }
        }

        _astral = astral.ToFrozenDictionary();
    }

    public IReadOnlyList<ContactCharRow> Rows { get; }

    /// <summary>The entry of a UTF-16 code unit (unlisted for surrogates: look those up by code point).</summary>
    public ContactChar Lookup(char c) => _entries[_bmp[c]];

    public ContactChar Lookup(int codePoint) => codePoint < 0x10000 ? _entries[_bmp[codePoint]] : _astral.GetValueOrDefault(codePoint);

    public static ContactCharTable Load(string file)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"Contact character table '{file}' is missing", file);
        }

        return Parse(File.ReadLines(file, Encoding.UTF8), file);
    }

    /// <summary>Parses the table, reporting every bad row at once (file:line: what is wrong).</summary>
    public static ContactCharTable Parse(IEnumerable<string> lines, string name)
    {
        var rows = new List<ContactCharRow>();
        var errors = new List<string>();
        var seen = new Dictionary<int, int>();
        var n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('\t');
            if (f.Length != 4)
            {
                errors.Add($"{name}:{n}: expected 'character<TAB>value<TAB>class<TAB>note', got '{line}'");
                continue;
            }

            if (f[0].Length == 0 || f[0].Length > 2 || (f[0].Length == 2 && !char.IsSurrogatePair(f[0], 0)))
            {
                errors.Add($"{name}:{n}: '{f[0]}' is not one character");
                continue;
            }

            var cp = char.ConvertToUtf32(f[0], 0);
            if (seen.TryGetValue(cp, out var first))
            {
                errors.Add($"{name}:{n}: '{f[0]}' is listed twice (first on line {first})");
                continue;
            }

            var problem = TryEntry(f[1], f[2], out var entry);
            if (problem is not null)
            {
                errors.Add($"{name}:{n}: {problem}");
                continue;
            }

            if (char.IsAsciiLetter(f[0][0]) && entry.Class is not ContactCharClass.LookAlike)
            {
                errors.Add($"{name}:{n}: ASCII letters are letters already; only a look-alike row may list one");
                continue;
            }

            seen[cp] = n;
            rows.Add(new ContactCharRow(n, f[0], cp, entry, f[3]));
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, errors));
        }

        return new ContactCharTable(rows);
    }

    private static string? TryEntry(string value, string kind, out ContactChar entry)
    {
        entry = default;
        switch (kind)
        {
            case "digit" when value.Length is >= 1 and <= 2 && value.All(char.IsAsciiDigit):
                entry = new ContactChar(ContactCharClass.Digit, value, '\0');
                return null;
            case "numeral" when value.Length == 1 && char.IsAsciiDigit(value[0]):
                entry = new ContactChar(ContactCharClass.Numeral, value, '\0');
                return null;
            case "lookalike" when value.Length == 3 && char.IsAsciiDigit(value[0]) && value[1] == ',' && (char.IsAsciiLetterLower(value[2]) || value[2] == '-'):
                entry = new ContactChar(ContactCharClass.LookAlike, value[..1], value[2] == '-' ? '\0' : value[2]);
                return null;
            case "letter" when value.Length == 1 && char.IsAsciiLetterLower(value[0]):
                entry = new ContactChar(ContactCharClass.Letter, "", value[0]);
                return null;
            case "none" when value == "-":
                entry = new ContactChar(ContactCharClass.None, "", '\0');
                return null;
            case "homophone" when value.Length == 1 && char.IsAsciiDigit(value[0]):
                entry = new ContactChar(ContactCharClass.Homophone, value, '\0');
                return null;
            case "digit" or "numeral" or "lookalike" or "letter" or "none" or "homophone":
                return string.Create(CultureInfo.InvariantCulture, $"value '{value}' does not fit class {kind} (digit: 1-2 ASCII digits; numeral, homophone: one digit; lookalike: DIGIT,LETTER or DIGIT,-; letter: one lower-case ASCII letter; none: -)");
            default:
                return $"class '{kind}' is not one of digit, numeral, lookalike, letter, none, homophone";
        }
    }
}
