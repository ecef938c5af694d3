namespace SentimentWatch.Core.Accounts;

/// <summary>A local account of the duty console.</summary>
/// <param name="Name">Login name (case-insensitive, unique).</param>
/// <param name="Role">One of the roles of the console's permission table (e.g. <c>研判员</c>).</param>
/// <param name="PasswordHash">ASP.NET Core Identity password-hasher output; never the password.</param>
/// <param name="SecurityStamp">Changes when the account is disabled or its password reset: older sessions stop.</param>
public sealed record Account(
    long Id,
    string Name,
    string DisplayName,
    string Role,
    string PasswordHash,
    bool Disabled,
    int FailedLogins,
    DateTimeOffset? LockedUntilUtc,
    string SecurityStamp,
    DateTimeOffset CreatedUtc);

/// <summary>Durable console accounts.</summary>
public interface IAccountStore
{
    /// <summary>Adds an account; ArgumentException when the name is taken.</summary>
    Task<Account> AddAsync(string name, string displayName, string role, string passwordHash, DateTimeOffset atUtc, CancellationToken cancellationToken);

    Task<Account?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Disables (or enables) the account and changes its security stamp; false for an unknown name.</summary>
    Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken);

    /// <summary>Replaces the password hash, clears failures and lockout, changes the security stamp; false for an unknown name.</summary>
    Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Counts a failed login; locks the account until <paramref name="lockUntilUtc"/> when the count reaches <paramref name="maxFailures"/>. Returns the account after the change.</summary>
    Task<Account?> RecordFailureAsync(string name, int maxFailures, DateTimeOffset lockUntilUtc, CancellationToken cancellationToken);

    /// <summary>Clears the failure count after a successful login.</summary>
    Task RecordSuccessAsync(string name, CancellationToken cancellationToken);
}

/// <summary>One line of the append-only, hash-chained audit log.</summary>
/// <param name="Actor">Account name, or <c>-</c> when nobody is signed in (e.g. a failed login names the attempted account in <paramref name="Target"/>).</param>
/// <param name="Address">Remote IP address of the request.</param>
/// <param name="Action">What was done: <c>login</c>, <c>view_evidence</c>, <c>ack</c>, <c>relabel</c>, <c>downgrade</c>, <c>handover</c>, <c>export</c>, <c>denied</c>, ….</param>
/// <param name="Outcome"><c>ok</c>, <c>refused</c> or <c>failed</c>.</param>
/// <param name="PrevHash">Hash of the line before (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 (hex) over <paramref name="PrevHash"/> and this line's fields.</param>
public sealed record AuditEntry(
    long Seq,
    DateTimeOffset AtUtc,
    string Actor,
    string Address,
    string Action,
    string Target,
    string Outcome,
    string Detail,
    string PrevHash,
    string Hash);

/// <summary>The result of checking the chain: the first bad line (by sequence number) and why, or null when sound.</summary>
public sealed record AuditVerification(long Lines, long? FirstBadSeq, string? Problem)
{
    public bool Ok => FirstBadSeq is null;
}

/// <summary>The console's audit log: append-only, each line chained to the one before by its hash.</summary>
public interface IAuditLog
{
    Task<AuditEntry> AppendAsync(string actor, string address, string action, string target, string outcome, string detail, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Recomputes every hash and link from the first line; names the first line that does not match.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
