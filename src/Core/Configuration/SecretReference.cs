using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// The one way a configured value names a credential instead of holding it: <c>secret:KEY</c> reads <c>Secrets:KEY</c>
/// (normally from <c>config/secrets.json</c>, never committed) and <c>env:NAME</c> reads an environment variable. Every
/// option that takes a credential (source headers and cookies, Elasticsearch, PostgreSQL, the scheduler's store)
/// resolves through here, so the references and their error messages are the same everywhere.
/// </summary>
public static class SecretReference
{
    /// <summary>The configuration section <c>secret:</c> references read.</summary>
    public const string Section = "Secrets";

    /// <summary>Whether the value is an <c>env:</c> or <c>secret:</c> reference rather than a literal.</summary>
    public static bool IsReference(string? raw) =>
        raw is not null && (raw.StartsWith("env:", StringComparison.Ordinal) || raw.StartsWith("secret:", StringComparison.Ordinal));

    /// <summary>
    /// Resolves <paramref name="raw"/>. A literal is returned as it is when <paramref name="allowLiteral"/>, refused
    /// otherwise. <paramref name="problem"/> says what is wrong without ever echoing the value.
    /// </summary>
    public static bool TryResolve(IConfiguration configuration, string? raw, bool allowLiteral, out string value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        value = string.Empty;
        problem = null;
        if (string.IsNullOrEmpty(raw))
        {
            problem = "is empty";
            return false;
        }

        string? resolved;
        if (raw.StartsWith("secret:", StringComparison.Ordinal))
        {
            var key = raw[7..];
            resolved = key.Length == 0 ? null : configuration.GetSection(Section)[key];
            problem = $"names secret '{key}', which is not set (add \"{Section}\": {{ \"{key}\": \"…\" }} to config/secrets.json)";
        }
        else if (raw.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = raw[4..];
            resolved = name.Length == 0 ? null : Environment.GetEnvironmentVariable(name);
            problem = $"names environment variable '{name}', which is not set";
        }
        else if (allowLiteral)
        {
            resolved = raw;
        }
        else
        {
            problem = "must be a reference (secret:KEY or env:NAME), not the credential itself";
            return false;
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
