using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// Resolves a configured value that may be a reference: <c>secret:KEY</c> reads <c>Secrets:KEY</c> (normally from
/// <c>config/secrets.json</c>, never committed), <c>env:NAME</c> reads an environment variable, anything else is the
/// literal value. The one resolver every option that can hold a credential goes through.
/// </summary>
public static class SecretReference
{
    public const string SecretsSection = "Secrets";

    /// <summary>Whether the value is an <c>env:</c> or <c>secret:</c> reference rather than a literal.</summary>
    public static bool IsReference(string? raw) =>
        raw is not null && (raw.StartsWith("env:", StringComparison.Ordinal) || raw.StartsWith("secret:", StringComparison.Ordinal));

    /// <summary>
    /// Resolves <paramref name="raw"/>. On failure returns false and a problem that names the missing variable or secret,
    /// never the value. <paramref name="isReference"/> says whether the value came from a reference.
    /// </summary>
    public static bool TryResolve(IConfiguration configuration, string? raw, out string value, out bool isReference, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        value = string.Empty;
        isReference = IsReference(raw);
        problem = null;
        string? resolved;
        if (raw is null)
        {
            problem = "is empty";
            return false;
        }

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
            // A literal is the value as written (it may be empty; the option's own rules say whether that is allowed).
            resolved = raw;
        }

        if (resolved is null || (isReference && resolved.Length == 0))
        {
            return false;
        }

        value = resolved;
        problem = null;
        return true;
    }
}
