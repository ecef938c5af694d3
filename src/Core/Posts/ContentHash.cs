using System.Security.Cryptography;
using System.Text;

namespace SentimentWatch.Core.Posts;

/// <summary>
/// The exact-duplicate key of a post: SHA-256 (hex) over its title and text with whitespace runs collapsed and
/// trimmed, so re-rendered markup of the same words hashes the same.
/// </summary>
public static class ContentHash
{
    public static string Compute(string? title, string text)
    {
        var normalised = Normalise(title) + "\n" + Normalise(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    private static string Normalise(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return "";
        }

        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
