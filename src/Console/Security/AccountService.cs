using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Accounts;
using SentimentWatch.DutyConsole.Hosting;

namespace SentimentWatch.DutyConsole.Security;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    Ok,
    /// <summary>Unknown account or wrong password (the page says the same for both).</summary>
    Wrong,
    Locked,
    Disabled,
}

/// <summary>
/// Local accounts for <c>sw users</c>, the demo and the sign-in page: passwords hashed with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2, per-password salt), lockout after <see cref="ConsoleOptions.MaxFailedLogins"/>.
/// </summary>
public sealed class AccountService(IAccountStore store, IOptions<ConsoleOptions> options, TimeProvider time)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>Shortest password accepted.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>Adds an account. ArgumentException for a bad name, role or password, or a taken name.</summary>
    public Task<Account> AddAsync(string name, string? displayName, string role, string password, CancellationToken cancellationToken)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > 64 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"account name '{name}' must be 1–64 characters without spaces");
        }

        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"role '{role}' is not one of {string.Join("、", Roles.All)}");
        }

        CheckPassword(password);
        return store.AddAsync(name, string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim(), role, Hasher.HashPassword(null!, password), time.GetUtcNow(), cancellationToken);
    }

    public async Task<bool> ResetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        CheckPassword(password);
        return await store.SetPasswordAsync(name, Hasher.HashPassword(null!, password), cancellationToken).ConfigureAwait(false);
    }

    public async Task<(SignInOutcome Outcome, Account? Account)> CheckAsync(string name, string password, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync((name ?? string.Empty).Trim(), cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            // Same work as a real check, so response time does not tell which names exist.
            Hasher.VerifyHashedPassword(null!, DummyHash, password ?? string.Empty);
            return (SignInOutcome.Wrong, null);
        }

        if (account.Disabled)
        {
            return (SignInOutcome.Disabled, account);
        }

        var now = time.GetUtcNow();
        if (account.LockedUntilUtc is { } until && until > now)
        {
            return (SignInOutcome.Locked, account);
        }

        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            var after = await store.RecordFailureAsync(account.Name, options.Value.MaxFailedLogins, now + options.Value.Lockout, cancellationToken).ConfigureAwait(false);
            return (after?.LockedUntilUtc is { } lockedUntil && lockedUntil > now ? SignInOutcome.Locked : SignInOutcome.Wrong, after);
        }

        await store.RecordSuccessAsync(account.Name, cancellationToken).ConfigureAwait(false);
        return (SignInOutcome.Ok, account);
    }

    /// <summary>A random password of 16 letters and digits (no look-alikes), for <c>sw users add</c> and the demo.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 16);
    }

    private static void CheckPassword(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"a password needs at least {MinPasswordLength} characters");
        }
    }

    private static readonly string DummyHash = Hasher.HashPassword(null!, GeneratePassword());
}
