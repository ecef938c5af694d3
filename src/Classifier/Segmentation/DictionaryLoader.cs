using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>Reads jieba's main dictionary (<c>word freq tag</c> per line) straight from UTF-8 bytes into the trie.</summary>
internal static class DictionaryLoader
{
    // dict.txt has 349,046 lines and 498,113 keys; sizing for that avoids rehashing during the load.
    private const int ExpectedKeys = 520_000;

    /// <summary>
    /// Loads the dictionary at <paramref name="path"/>. With a <paramref name="cacheDirectory"/>, a binary snapshot
    /// of the built tables is kept there, keyed by the SHA-256 of the file as stored: later loads read the snapshot
    /// (a few block copies) instead of parsing text. A missing, stale or damaged snapshot is rebuilt; a cache
    /// directory that cannot be written only costs speed.
    /// </summary>
    public static PrefixDictionary LoadMain(string path, string? cacheDirectory = null)
    {
        if (cacheDirectory is null)
        {
            return Parse(path, GzipModelFiles.ReadAllBytes(path));
        }

        var stored = File.ReadAllBytes(path);
        var hash = SHA256.HashData(stored);
        var cacheFile = Path.Combine(cacheDirectory, $"jieba-dict-{Convert.ToHexStringLower(hash.AsSpan(0, 8))}.bin");
        if (File.Exists(cacheFile))
        {
            try
            {
                var snap = PrefixDictionary.TryReadSnapshot(File.ReadAllBytes(cacheFile), hash);
                if (snap is not null)
                {
                    return snap;
                }
            }
            catch (IOException)
            {
                // Unreadable snapshot: fall through and rebuild it from the text.
            }
        }

        var text = path.EndsWith(".gz", StringComparison.Ordinal) ? GzipModelFiles.Gunzip(stored) : stored;
        var dict = Parse(path, text);
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            var tmp = cacheFile + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                dict.WriteSnapshot(fs, hash);
            }

            File.Move(tmp, cacheFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache directory only costs speed on the next start.
        }

        return dict;
    }

    private static PrefixDictionary Parse(string path, byte[] bytes)
    {
        var dict = new PrefixDictionary(ExpectedKeys);
        var errors = new List<DictionaryLineError>();
        var chars = ArrayPool<char>.Shared.Rent(256);
        try
        {
            var span = bytes.AsSpan();
            var lineNo = 0;
            while (!span.IsEmpty)
            {
                lineNo++;
                var nl = span.IndexOf((byte)'\n');
                var line = nl < 0 ? span : span[..nl];
                span = nl < 0 ? default : span[(nl + 1)..];
                line = line.Trim(" \t\n\r\v\f"u8);

                // word SP freq [SP tag]; jieba splits on single spaces and takes the first two fields.
                var sp = line.IndexOf((byte)' ');
                if (sp < 0)
                {
                    errors.Add(new DictionaryLineError(path, lineNo, line.IsEmpty ? "empty line" : "no frequency field (expected 'word freq [tag]')"));
                    continue;
                }

                var wordBytes = line[..sp];
                var rest = line[(sp + 1)..];
                var sp2 = rest.IndexOf((byte)' ');
                var freqBytes = sp2 < 0 ? rest : rest[..sp2];
                if (!TryParseFreq(freqBytes, out var freq))
                {
                    errors.Add(new DictionaryLineError(path, lineNo, $"frequency '{Encoding.UTF8.GetString(freqBytes)}' is not a non-negative 32-bit integer"));
                    continue;
                }

                if (chars.Length < wordBytes.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(wordBytes.Length);
                }

                if (Utf8.ToUtf16(wordBytes, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
                {
                    errors.Add(new DictionaryLineError(path, lineNo, "word is not valid UTF-8"));
                    continue;
                }

                dict.Set(chars.AsSpan(0, written), freq);
                dict.Total += freq;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException(new UserDictionaryException(errors).Message);
        }

        if (dict.Total <= 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: dictionary has no words with a positive frequency"));
        }

        return dict;
    }

    /// <summary>ASCII digits with an optional '+', as Python's <c>int()</c> reads them, within Int32.</summary>
    public static bool TryParseFreq(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (!s.IsEmpty && s[0] == (byte)'+')
        {
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        long v = 0;
        foreach (var b in s)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            v = (v * 10) + (b - '0');
            if (v > int.MaxValue)
            {
                return false;
            }
        }

        value = (int)v;
        return true;
    }
}
