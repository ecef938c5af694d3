using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Hosting;

/// <summary>The duty console (<c>Console</c>): where it listens, sessions, lockout and the permission table.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Whether <c>sw run</c> and <c>sw demo</c> serve the console.</summary>
    public bool Serve { get; set; } = true;

    /// <summary>Address to listen on; loopback by default. Anything else needs <see cref="Https"/> or <see cref="AllowHttp"/>.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8790";

    /// <summary>Explicit acknowledgement that a non-loopback plain-HTTP address is intended (e.g. behind a TLS proxy).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Server certificate for an <c>https://</c> <see cref="Listen"/> address.</summary>
    public ConsoleHttpsOptions Https { get; set; } = new();

    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Wrong passwords in a row that lock the account.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a locked account stays locked (an administrator's <c>sw users reset-password</c> unlocks at once).</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the queue page asks whether anything changed.</summary>
    public TimeSpan QueuePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Permission → roles allowed. Empty: <see cref="Permissions.DefaultTable"/>. When configured, the configured table
    /// replaces the default as a whole and must name every permission.
    /// </summary>
    public Dictionary<string, string[]> Permissions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Roles that see only incidents shared with the police (公安联络员 by default).</summary>
    public string[] SharedOnlyRoles { get; set; } = [Roles.PoliceLiaison];

    /// <summary>The table in force: the configured one, else the default.</summary>
    public IReadOnlyDictionary<string, string[]> EffectivePermissions => Permissions.Count > 0 ? Permissions : Security.Permissions.DefaultTable;
}

/// <summary>HTTPS settings (<c>Console:Https</c>).</summary>
public sealed class ConsoleHttpsOptions
{
    /// <summary>PFX/PKCS#12 file, or PEM certificate with <see cref="KeyPath"/>.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    public string KeyPath { get; set; } = string.Empty;

    /// <summary>Password of the PFX (literal; keep it in secrets.json).</summary>
    public string Password { get; set; } = string.Empty;
}
