using System.Collections.Concurrent;

namespace SentimentWatch.DrillSites.Pipeline;

/// <summary>
/// The images drill posts show, served by every site under <see cref="PathPrefix"/>: rendered pictures (a photographed
/// paper with the exam system's countdown, contact cards, a WeChat-group QR code, study notes) and hostile ones (a
/// decompression bomb, a truncated PNG, a page posing as a PNG, an animated GIF; <c>huge.png</c> is 12 MB, generated).
/// </summary>
public static class DrillImages
{
    public const string PathPrefix = "/_drill/img/";

    /// <summary>Size of the generated <c>huge.png</c>: over the image reader's default 8 MB cap.</summary>
    public const int HugeBytes = 12 * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    /// <summary>The bytes and content type of image <paramref name="name"/>, or null when there is none.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name)
    {
        var bytes = Cache.GetOrAdd(name, Load);
        return bytes is null ? null : (bytes, name.EndsWith(".gif", StringComparison.Ordinal) ? "image/gif" : "image/png");
    }

    private static byte[]? Load(string name)
    {
        if (name == "huge.png")
        {
            var huge = new byte[HugeBytes];
            "\x89PNG\r\n\x1a\n"u8.ToArray().CopyTo(huge, 0);
            return huge;
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        using var stream = typeof(DrillImages).Assembly.GetManifestResourceStream("SentimentWatch.DrillSites.Images." + name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
