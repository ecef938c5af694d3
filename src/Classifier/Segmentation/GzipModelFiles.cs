using System.IO.Compression;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>Opens model files that may be stored gzip-compressed (<c>name.gz</c>) next to or instead of <c>name</c>.</summary>
internal static class GzipModelFiles
{
    /// <summary><c>dir/name</c> if it exists, else <c>dir/name.gz</c> if that exists, else <c>dir/name</c> (so the error names it).</summary>
    public static string Resolve(string directory, string name)
    {
        var plain = Path.Combine(directory, name);
        if (File.Exists(plain))
        {
            return plain;
        }

        var gz = plain + ".gz";
        return File.Exists(gz) ? gz : plain;
    }

    /// <summary>Opens <paramref name="path"/>, decompressing when it ends in <c>.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither the file nor its <c>.gz</c> form exists.</exception>
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path) && !path.EndsWith(".gz", StringComparison.Ordinal) && File.Exists(path + ".gz"))
        {
            path += ".gz";
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model file not found: {Path.GetFullPath(path)}", path);
        }

        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(fs, CompressionMode.Decompress) : fs;
    }

    /// <summary>Decompresses gzip data held in memory.</summary>
    public static byte[] Gunzip(byte[] compressed)
    {
        using var gz = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var ms = new MemoryStream(compressed.Length * 3);
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Reads a whole (possibly compressed) file into memory.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var s = OpenRead(path);
        if (s is FileStream fs)
        {
            var buf = new byte[fs.Length];
            fs.ReadExactly(buf);
            return buf;
        }

        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
