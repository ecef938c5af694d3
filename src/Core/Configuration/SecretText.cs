using System.Text.RegularExpressions;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// Removes credentials from text before it is printed, logged or stored: the <c>user:password@</c> of any URL and
/// the values of query parameters that carry keys (<c>key</c>, <c>token</c>, <c>access_token</c>, <c>secret</c>,
/// <c>sign</c>, <c>sig</c>, <c>password</c>…, as WeCom and DingTalk webhook URLs and signed links do).
/// </summary>
public static partial class SecretText
{
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with every URL credential replaced by <see cref="Mask"/>; null stays null.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || (!text.Contains('@', StringComparison.Ordinal) && !text.Contains('=', StringComparison.Ordinal)))
        {
            return text;
        }

        return UntilStable(text, s => SecretParameter().Replace(UserInfo().Replace(s, m => m.Groups["scheme"].Value + Mask + "@"), m => m.Groups["name"].Value + Mask));
    }

    /// <summary>
    /// Applies <paramref name="pass"/> until the text stops changing: masking a parameter value can remove the <c>?</c>
    /// that kept an earlier stretch from reading as <c>user:password@</c>, so one pass is not always the last (found
    /// by the redaction fuzz test). Each pass only masks, so a handful always reach the fixed point; the cap is a guard.
    /// </summary>
    internal static string UntilStable(string text, Func<string, string> pass)
    {
        var s = text;
        for (var i = 0; i < 16; i++)
        {
            var next = pass(s);
            if (string.Equals(next, s, StringComparison.Ordinal))
            {
                break;
            }

            s = next;
        }

        return s;
    }

    /// <summary>A URL as it may be shown: credentials removed.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Redact(url.OriginalString)!;
    }

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s?#@""'<>]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<name>[?&;](?:key|token|access_token|accesstoken|secret|sign|signature|sig|password|passwd|pwd|apikey|api_key|auth)=)[^&\s#""'<>]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();
}
