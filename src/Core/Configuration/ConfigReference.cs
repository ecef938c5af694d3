using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// One resolver for configured values that may live elsewhere: <c>secret:KEY</c> reads <c>Secrets:KEY</c> (normally
/// <c>config/secrets.json</c>, never committed), <c>env:NAME</c> reads an environment variable, anything else is the
/// value itself. Used by source headers and cookies, Elasticsearch credentials and the cluster's connection string.
/// </summary>
public static class ConfigReference
{
    public const string SecretsSection = "Secrets";

    /// <summary>Whether <paramref name="raw"/> is an <c>env:</c> or <c>secret:</c> reference rather than a literal.</summary>
    public static bool IsReference(string? raw) =>
        raw is not null && (raw.StartsWith("env:", StringComparison.Ordinal) || raw.StartsWith("secret:", StringComparison.Ordinal));

    /// <summary>
    /// Resolves <paramref name="raw"/>; false with the reason when the reference names nothing set (a literal is returned as it is). The reason names
    /// where the value should be, never the value.
    /// </summary>
    public static bool TryResolve(string raw, IConfiguration configuration, out string value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(configuration);
        value = string.Empty;
        problem = null;
        string? resolved;
        if (raw.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = raw[4..];
            resolved = name.Length == 0 ? null : Environment.GetEnvironmentVariable(name);
            problem = $"names environment variable '{name}', which is not set";
        }
        else if (raw.StartsWith("secret:", StringComparison.Ordinal))
        {
            var key = raw[7..];
            resolved = key.Length == 0 ? null : configuration.GetSection(SecretsSection)[key];
            problem = $"names secret '{key}', which is not set (add \"{SecretsSection}\": {{ \"{key}\": \"…\" }} to config/secrets.json)";
        }
        else
        {
            value = raw;
            return true;
        }

        if (string.IsNullOrEmpty(resolved))
        {
            return false;
        }

        value = resolved;
        problem = null;
        return true;
    }
}
