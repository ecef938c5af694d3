using System.Security.Cryptography;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Images;

namespace SentimentWatch.DutyConsole.Incidents;

/// <summary>
/// The bytes of a post image as the console may send them: only raster types a browser shows as a picture (never SVG,
/// HTML or anything it could run), only when the bytes begin as the stored type says and still hash to the stored
/// SHA-256. The file name sent is made here, never taken from the image URL.
/// </summary>
internal static class PostImageFile
{
    /// <summary>The types served, with the magic bytes their files begin with and the extension of the name sent.</summary>
    private static readonly Dictionary<string, (Func<byte[], bool> Looks, string Extension)> Served = new(StringComparer.Ordinal)
    {
        ["image/png"] = (b => b.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "png"),
        ["image/jpeg"] = (b => b.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]), "jpg"),
        ["image/gif"] = (b => b.AsSpan().StartsWith("GIF87a"u8) || b.AsSpan().StartsWith("GIF89a"u8), "gif"),
        ["image/webp"] = (b => b.Length >= 12 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WEBP"u8), "webp"),
    };

    /// <summary>Whether the page should offer the image at all (stored, of a served type).</summary>
    public static bool Showable(PostImage image) => image.Sha256 is { Length: 64 } && image.MediaType is { } t && Served.ContainsKey(t);

    /// <summary>The bytes, their type and a generated file name; or the reason they are not sent.</summary>
    public static async Task<(byte[]? Bytes, string ContentType, string FileName, string? Refusal)> ReadAsync(PathsOptions paths, PostImage image, CancellationToken cancellationToken)
    {
        if (image.Sha256 is not { Length: 64 } sha || !sha.All(char.IsAsciiHexDigitLower))
        {
            return (null, string.Empty, string.Empty, "no stored bytes");
        }

        if (image.MediaType is not { } type || !Served.TryGetValue(type, out var served))
        {
            return (null, string.Empty, string.Empty, $"type '{image.MediaType}' is not served");
        }

        var path = ImageContent.PathOf(paths, sha);
        if (!File.Exists(path))
        {
            return (null, string.Empty, string.Empty, "stored bytes missing");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (!served.Looks(bytes))
        {
            return (null, string.Empty, string.Empty, $"bytes are not {type}");
        }

        if (!Convert.ToHexStringLower(SHA256.HashData(bytes)).Equals(sha, StringComparison.Ordinal))
        {
            return (null, string.Empty, string.Empty, "bytes do not match their SHA-256");
        }

        return (bytes, type, $"post-{image.PostId}-image-{image.Id}.{served.Extension}", null);
    }
}

/// <summary>What the image partial shows: a post's images, linked through the incident the viewer may see.</summary>
public sealed record PostImagesView(long IncidentId, long PostId, IReadOnlyList<PostImage> Images)
{
    public string Src(PostImage image) => $"/incident/{IncidentId}/post/{PostId}?handler=Image&image={image.Id}";

    public static bool Showable(PostImage image) => PostImageFile.Showable(image);
}
