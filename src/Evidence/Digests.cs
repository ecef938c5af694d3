using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace SentimentWatch.Evidence;

/// <summary>SHA-256 (BCL) and SM3 (BouncyCastle; the BCL has none), lowercase hex as sha256sum and cksum print them.</summary>
internal static class Digests
{
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sm3Hex(string path)
    {
        var digest = new SM3Digest();
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            digest.BlockUpdate(buffer, 0, read);
        }

        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return Convert.ToHexStringLower(result);
    }
}
