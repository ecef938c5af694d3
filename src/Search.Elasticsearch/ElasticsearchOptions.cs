using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Search.Elasticsearch;

/// <summary>The Elasticsearch search provider (section <c>Search:Elasticsearch</c>, used when <c>Search:Provider</c> is <c>elasticsearch</c>).</summary>
public sealed class ElasticsearchOptions
{
    public const string Section = "Search:Elasticsearch";

    /// <summary>One or more node URLs (<c>https://es1:9200</c>); several are used round-robin with failover.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Prefix of every name this provider creates: indices <c>PREFIX-posts-YYYY.MM</c>, alias <c>PREFIX-posts</c>, template <c>PREFIX-posts</c>.</summary>
    public string IndexPrefix { get; set; } = "sentimentwatch";

    /// <summary>Basic authentication user (with <see cref="Password"/>); empty for none.</summary>
    public string? Username { get; set; }

    /// <summary><c>secret:KEY</c> (read from <c>Secrets:KEY</c>) or <c>env:NAME</c>; never a literal.</summary>
    public string? Password { get; set; }

    /// <summary>An API key instead of user and password: <c>secret:KEY</c> or <c>env:NAME</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>SHA-256 fingerprint of the cluster's CA certificate (a self-signed cluster), hex; empty to use the system's trust.</summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>Documents per bulk request (and feed rows read per batch).</summary>
    public int BulkSize { get; set; } = 1000;

    /// <summary>How often the indexer looks for changes when no signal woke it.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one request to the cluster.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Back-off after a 429/5xx or an unreachable cluster: first wait, doubled per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts for the items of one bulk that failed with a retryable status, before the batch is left for the next round (its checkpoint unmoved).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Shards and replicas of each monthly index (the template's settings).</summary>
    public int Shards { get; set; } = 1;

    public int Replicas { get; set; } = 1;
}

/// <summary>Reports every bad <c>Search:Elasticsearch:*</c> key with its value at start-up (and an unresolvable credential by its key only).</summary>
internal sealed class ElasticsearchOptionsValidator(IConfiguration configuration) : IValidateOptions<ElasticsearchOptions>
{
    public ValidateOptionsResult Validate(string? name, ElasticsearchOptions options)
    {
        var e = new ConfigErrors();
        const string S = ElasticsearchOptions.Section;
        if (options.Urls.Count == 0)
        {
            e.Add($"{S}:Urls", "must name at least one node (e.g. https://es1:9200) when Search:Provider is elasticsearch");
        }

        for (var i = 0; i < options.Urls.Count; i++)
        {
            if (!Uri.TryCreate(options.Urls[i], UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps) || u.UserInfo.Length > 0)
            {
                e.Add($"{S}:Urls:{i}", SecretText.Redact(options.Urls[i]), "is not an absolute http(s) URI without credentials");
            }
        }

        if (string.IsNullOrEmpty(options.IndexPrefix) || options.IndexPrefix.Length > 100 || !options.IndexPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')
            || options.IndexPrefix[0] is '-' or '_')
        {
            e.Add($"{S}:IndexPrefix", options.IndexPrefix, "must be 1–100 lower-case letters, digits, '-' or '_', not starting with '-' or '_'");
        }

        Credential(nameof(options.Password), options.Password);
        Credential(nameof(options.ApiKey), options.ApiKey);
        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Username))
        {
            e.Add($"{S}:Username", "is required with Password");
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && !string.IsNullOrEmpty(options.Username))
        {
            e.Add($"{S}:ApiKey", "and Username are exclusive: use one way to sign in");
        }

        if (!string.IsNullOrEmpty(options.CertificateFingerprint) && options.CertificateFingerprint.Replace(":", string.Empty, StringComparison.Ordinal) is var hex
            && (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)))
        {
            e.Add($"{S}:CertificateFingerprint", options.CertificateFingerprint, "must be a SHA-256 fingerprint (64 hex digits, ':' allowed)");
        }

        Range(nameof(options.BulkSize), options.BulkSize, 1, 50_000);
        Range(nameof(options.MaxAttempts), options.MaxAttempts, 1, 100);
        Range(nameof(options.Shards), options.Shards, 1, 1024);
        Range(nameof(options.Replicas), options.Replicas, 0, 16);
        Span(nameof(options.FlushInterval), options.FlushInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Span(nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Span(nameof(options.Backoff), options.Backoff, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        Span(nameof(options.MaxBackoff), options.MaxBackoff, options.Backoff, TimeSpan.FromHours(1));
        return e.ToResult();

        void Range(string key, int value, int min, int max) => e.Between($"{S}:{key}", value, min, max);

        void Span(string key, TimeSpan value, TimeSpan min, TimeSpan max) => e.Between($"{S}:{key}", value, min, max);

        void Credential(string key, string? raw)
        {
            if (!string.IsNullOrEmpty(raw) && !ElasticsearchCredentials.TryResolve(configuration, raw, out _, out var problem))
            {
                // The value may be the secret itself: name the key, never echo it.
                e.Add($"{S}:{key}", problem!);
            }
        }
    }
}

/// <summary>Resolves a credential reference: <c>secret:KEY</c> from <c>Secrets:KEY</c>, <c>env:NAME</c> from the environment. Literals are refused.</summary>
internal static class ElasticsearchCredentials
{
    public static bool TryResolve(IConfiguration configuration, string raw, out string value, out string? problem)
    {
        if (!Core.Configuration.ConfigReference.IsReference(raw))
        {
            value = string.Empty;
            problem = "must be a reference (secret:KEY or env:NAME), not the credential itself";
            return false;
        }

        return Core.Configuration.ConfigReference.TryResolve(raw, configuration, out value, out problem);
    }
}
