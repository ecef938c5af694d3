using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// The request-header part of each configured source (<c>Crawler:Sources:N:Id</c>, <c>:Headers</c>, <c>:Cookie</c>), bound
/// on its own so the fetcher does not depend on who registers the full source options.
/// </summary>
internal sealed class SourceHeaderSettings
{
    public List<SourceHeaderEntry> Sources { get; set; } = [];
}

internal sealed class SourceHeaderEntry
{
    public string Id { get; set; } = "";

    public Dictionary<string, string> Headers { get; set; } = [];

    public string? Cookie { get; set; }
}

/// <summary>One header to send: its value is secret when it came from <c>env:</c> or <c>secret:</c>.</summary>
internal sealed record ResolvedHeader(string Name, string Value, bool IsSecret);

/// <summary>
/// Resolves header and cookie values: a literal, <c>env:NAME</c> (environment variable) or <c>secret:KEY</c>
/// (<c>Secrets:KEY</c>, normally from <c>config/secrets.json</c>, which is never committed).
/// </summary>
internal static class HeaderValue
{
    public const string SecretsSection = SecretReference.SecretsSection;

    /// <summary>Resolves <paramref name="raw"/>; on failure returns false with the reason.</summary>
    public static bool TryResolve(string? raw, IConfiguration configuration, out string value, out bool isSecret, out string? problem)
    {
        value = "";
        if (!SecretReference.TryResolve(configuration, raw, out var resolved, out isSecret, out problem))
        {
            return false;
        }

        if (resolved.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            problem = "contains a line break or NUL, which would split the HTTP request";
            return false;
        }

        if (!resolved.All(c => c is >= ' ' and <= '~' or '\t'))
        {
            // HttpClient refuses non-ASCII header values when sending; say so at start-up, not on every fetch.
            problem = "contains non-ASCII characters (percent-encode them, e.g. a Referer URL)";
            return false;
        }

        value = resolved.Trim();
        return true;
    }

    /// <summary>
    /// Headers that carry credentials by their nature: their values are redacted in stored exchanges and never printed in
    /// start-up errors even when written literally (a literal credential is a mistake; it must not spread further).
    /// </summary>
    public static bool IsSensitiveName(string name) =>
        name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || SensitiveParts.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SensitiveParts = ["token", "secret", "session", "password", "apikey", "api-key", "auth"];

    /// <summary>
    /// What a start-up error may show of a configured value: a reference (<c>env:NAME</c>, <c>secret:KEY</c>) names where the
    /// value lives, so it is shown; a literal value of a sensitive header is not.
    /// </summary>
    public static string Printable(string name, string? raw) =>
        raw is null ? ""
        : IsReference(raw) || !IsSensitiveName(name) ? raw
        : $"(literal value, {raw.Length} characters, hidden)";

    /// <summary>Whether the value is an <c>env:</c> or <c>secret:</c> reference rather than a literal.</summary>
    public static bool IsReference(string? raw) => SecretReference.IsReference(raw);

    /// <summary>RFC 9110 token characters: what a header name may contain.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}

/// <summary>Reports every unresolvable header or cookie of every source at start-up.</summary>
internal sealed class SourceHeaderSettingsValidator(IConfiguration configuration) : IValidateOptions<SourceHeaderSettings>
{
    public ValidateOptionsResult Validate(string? name, SourceHeaderSettings options)
    {
        var errors = new ConfigErrors();
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            Check(errors, configuration, $"Crawler:Sources:{i}", source.Id, source.Headers, source.Cookie);
        }

        return errors.ToResult();
    }

    /// <summary>
    /// Adds a problem for every header or cookie of one source that cannot be sent: bad name, derived header, unresolvable
    /// reference, CR/LF/NUL or non-ASCII. Each message names the key, the source id and the variable or secret missing;
    /// never a secret value.
    /// </summary>
    /// <remarks>
    /// With <paramref name="references"/> false (start-up), an <c>env:</c>/<c>secret:</c> reference that does not
    /// resolve is left out: it blocks only the verbs and runs that need that source (<see cref="UnresolvedSourceSecrets"/>,
    /// and the fetcher fails that source's pages naming the variable), not every verb of the product.
    /// </remarks>
    internal static void Check(ConfigErrors errors, IConfiguration configuration, string key, string sourceId,
        IEnumerable<KeyValuePair<string, string>> headers, string? cookie, string origin = "", bool references = false)
    {
        var of = string.IsNullOrEmpty(sourceId) ? "" : $"(source '{sourceId}'{origin}) ";
        foreach (var (header, raw) in headers)
        {
            var headerKey = $"{key}:Headers:{header}";
            if (!HeaderValue.IsValidName(header))
            {
                errors.Add(headerKey, header, of + "is not a valid HTTP header name");
            }
            else if (string.Equals(header, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(header, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(headerKey, HeaderValue.Printable(header, raw), of + "cannot be set per source (it is derived from the request)");
            }
            else if (!HeaderValue.TryResolve(raw, configuration, out _, out _, out var problem) && (references || !HeaderValue.IsReference(raw)))
            {
                errors.Add(headerKey, HeaderValue.Printable(header, raw), of + problem!);
            }
        }

        if (cookie is not null && !HeaderValue.TryResolve(cookie, configuration, out _, out _, out var cookieProblem) && (references || !HeaderValue.IsReference(cookie)))
        {
            errors.Add($"{key}:Cookie", HeaderValue.Printable("Cookie", cookie), of + cookieProblem!);
        }
    }
}

/// <summary>Per-source headers and cookie, resolved once at start-up and looked up by source id on every request.</summary>
internal sealed class SourceRequestHeaders
{
    private readonly Dictionary<string, IReadOnlyList<ResolvedHeader>> _bySource = new(StringComparer.Ordinal);

    public SourceRequestHeaders(IOptions<SourceHeaderSettings> settings, IConfiguration configuration)
    {
        foreach (var source in settings.Value.Sources)
        {
            var headers = new List<ResolvedHeader>();
            foreach (var (name, raw) in source.Headers)
            {
                // Validation already refused start-up for anything unresolvable; skipping here only guards direct construction.
                if (HeaderValue.IsValidName(name) && HeaderValue.TryResolve(raw, configuration, out var value, out var secret, out _))
                {
                    headers.Add(new ResolvedHeader(name, value, secret));
                }
            }

            if (source.Cookie is not null && HeaderValue.TryResolve(source.Cookie, configuration, out var cookie, out _, out _))
            {
                // A cookie is a session credential even when written literally: never echo it into stored exchanges.
                headers.Add(new ResolvedHeader("Cookie", cookie, IsSecret: true));
            }

            _bySource[source.Id] = headers;
        }
    }

    public IReadOnlyList<ResolvedHeader> For(string sourceId) =>
        _bySource.TryGetValue(sourceId, out var headers) ? headers : [];
}

/// <summary>
/// The <c>env:</c>/<c>secret:</c> references of a source's headers and cookie (its profile's included) that do not
/// resolve. Start-up does not refuse for them, so one source's unset variable never stops verbs that do not touch that
/// source; <c>sw run</c> and <c>sw crawl --source</c> ask here and refuse naming the source, key and variable (never a value).
/// </summary>
public sealed class UnresolvedSourceSecrets
{
    private readonly Func<string, IReadOnlyList<string>> _find;

    internal UnresolvedSourceSecrets(Func<string, IReadOnlyList<string>> find) => _find = find;

    /// <summary>One message per unresolvable reference of the source <paramref name="sourceId"/>; empty when all resolve.</summary>
    public IReadOnlyList<string> For(string sourceId) => _find(sourceId);
}
