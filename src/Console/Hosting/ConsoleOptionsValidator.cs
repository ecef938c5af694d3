using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Hosting;

internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions o)
    {
        var errors = new ConfigErrors();
        const string S = ConsoleOptions.Section;
        if (!Uri.TryCreate(o.Listen, UriKind.Absolute, out var listen) || (listen.Scheme != Uri.UriSchemeHttp && listen.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{S}:Listen", o.Listen, "is not an absolute http(s) URL");
        }
        else if (!ListenAddress.IsLoopback(listen))
        {
            if (listen.Scheme == Uri.UriSchemeHttps && string.IsNullOrWhiteSpace(o.Https.CertificatePath))
            {
                errors.Add($"{S}:Https:CertificatePath", o.Https.CertificatePath, "is required for an https address");
            }
            else if (listen.Scheme == Uri.UriSchemeHttp && !o.AllowHttp)
            {
                errors.Add($"{S}:Listen", o.Listen, "is beyond loopback over plain HTTP: use https with Console:Https:CertificatePath, or set Console:AllowHttp true (e.g. behind a TLS proxy)");
            }
        }

        if (!string.IsNullOrWhiteSpace(o.Https.CertificatePath) && !File.Exists(o.Https.CertificatePath))
        {
            errors.Add($"{S}:Https:CertificatePath", o.Https.CertificatePath, "does not exist");
        }
        else if (!string.IsNullOrWhiteSpace(o.Https.KeyPath) && !File.Exists(o.Https.KeyPath))
        {
            errors.Add($"{S}:Https:KeyPath", o.Https.KeyPath, "does not exist");
        }
        else if (!string.IsNullOrWhiteSpace(o.Https.CertificatePath))
        {
            CheckCertificate(o.Https, errors);
        }

        if (o.IdleTimeout < TimeSpan.FromMinutes(1) || o.IdleTimeout > TimeSpan.FromHours(12))
        {
            errors.Add($"{S}:IdleTimeout", o.IdleTimeout, "must be between 00:01:00 and 12:00:00");
        }

        errors.Between($"{S}:MaxFailedLogins", o.MaxFailedLogins, 1, 100);

        if (o.Lockout < TimeSpan.FromSeconds(1) || o.Lockout > TimeSpan.FromDays(1))
        {
            errors.Add($"{S}:Lockout", o.Lockout, "must be between 00:00:01 and 1.00:00:00");
        }

        if (o.QueuePoll < TimeSpan.FromMilliseconds(200) || o.QueuePoll > TimeSpan.FromSeconds(2))
        {
            errors.Add($"{S}:QueuePoll", o.QueuePoll, "must be between 00:00:00.2 and 00:00:02 (an alert must show within 2 s)");
        }

        foreach (var (permission, roles) in o.Permissions)
        {
            if (!Permissions.All.Contains(permission))
            {
                errors.Add($"{S}:Permissions:{permission}", string.Join(",", roles), $"is not a permission ({string.Join(", ", Permissions.All)})");
            }

            foreach (var role in roles.Where(r => !Roles.All.Contains(r)))
            {
                errors.Add($"{S}:Permissions:{permission}", role, $"is not a role ({string.Join("、", Roles.All)})");
            }
        }

        if (o.Permissions.Count > 0)
        {
            foreach (var missing in Permissions.All.Where(p => !o.Permissions.ContainsKey(p)))
            {
                errors.Add($"{S}:Permissions:{missing}", "", "is missing: a configured table replaces the default and must name every permission");
            }
        }

        foreach (var role in o.SharedOnlyRoles.Where(r => !Roles.All.Contains(r)))
        {
            errors.Add($"{S}:SharedOnlyRoles", role, $"is not a role ({string.Join("、", Roles.All)})");
        }

        return errors.ToResult();
    }

    /// <summary>Loads the certificate now, so a wrong password, a key that does not match or a file without a private key stops start-up naming the key.</summary>
    private static void CheckCertificate(ConsoleHttpsOptions https, ConfigErrors errors)
    {
        try
        {
            using var certificate = ConsoleApp.Certificate(https);
            if (!certificate.HasPrivateKey)
            {
                errors.Add($"{ConsoleOptions.Section}:Https:CertificatePath", https.CertificatePath, "has no private key (give a PFX with its key, or Console:Https:KeyPath)");
            }
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException or IOException)
        {
            errors.Add($"{ConsoleOptions.Section}:Https:CertificatePath", https.CertificatePath, $"cannot be loaded ({ex.Message}); a PFX needs Console:Https:Password, a PEM certificate needs Console:Https:KeyPath");
        }
    }
}

internal static class ListenAddress
{
    public static bool IsLoopback(Uri listen) =>
        listen.IsLoopback || (System.Net.IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
