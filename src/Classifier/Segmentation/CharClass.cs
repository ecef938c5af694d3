using System.Runtime.CompilerServices;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// The character classes of jieba 0.42.1, written out explicitly: .NET's <c>\s</c>, <c>\w</c> and
/// <c>char.IsWhiteSpace</c> differ from Python's in ways that change tokens (U+001C–U+001F are whitespace in Python).
/// </summary>
internal static class CharClass
{
    // One bit per BMP char: bit 0 = block class H, bit 1 = Python whitespace, bit 2 = ASCII alnum, bit 3 = HMM Han.
    private static readonly byte[] Flags = BuildFlags();

    private const byte BlockBit = 1, SpaceBit = 2, AlnumBit = 4, HanBit = 8;

    private static byte[] BuildFlags()
    {
        var f = new byte[65536];
        for (var c = 0x4E00; c <= 0x9FD5; c++)
        {
            f[c] |= BlockBit | HanBit;
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            f[c] |= BlockBit | AlnumBit;
            f[c - 32] |= BlockBit | AlnumBit;
        }

        for (var c = '0'; c <= '9'; c++)
        {
            f[c] |= BlockBit | AlnumBit;
        }

        foreach (var c in "+#&._%-")
        {
            f[c] |= BlockBit;
        }

        // Python str.isspace(), which is what re's \s matches on str.
        int[] spaces = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
            0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000];
        foreach (var c in spaces)
        {
            f[c] |= SpaceBit;
        }

        return f;
    }

    /// <summary>jieba's block class: U+4E00–U+9FD5, ASCII letters and digits, and <c>+#&amp;._%-</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlock(char c) => (Flags[c] & BlockBit) != 0;

    /// <summary>Python's <c>\s</c> / <c>str.isspace()</c> (all whitespace is in the BMP).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(char c) => (Flags[c] & SpaceBit) != 0;

    /// <summary><c>[a-zA-Z0-9]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiAlnum(char c) => (Flags[c] & AlnumBit) != 0;

    /// <summary>The HMM's Han class <c>[\u4E00-\u9FD5]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsHan(char c) => (Flags[c] & HanBit) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

    /// <summary>Length in Unicode code points (what Python's <c>len</c> returns); a lone surrogate counts as one.</summary>
    public static int CodePointLength(ReadOnlySpan<char> s)
    {
        var n = s.Length;
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                n--;
                i++;
            }
        }

        return n;
    }

    /// <summary>Python <c>str.strip()</c> with no arguments: trims Python whitespace.</summary>
    public static ReadOnlySpan<char> PyStrip(ReadOnlySpan<char> s)
    {
        var a = 0;
        var b = s.Length;
        while (a < b && IsSpace(s[a]))
        {
            a++;
        }

        while (b > a && IsSpace(s[b - 1]))
        {
            b--;
        }

        return s[a..b];
    }
}
