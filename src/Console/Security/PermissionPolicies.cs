using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SentimentWatch.DutyConsole.Hosting;

namespace SentimentWatch.DutyConsole.Security;

/// <summary>The requirement behind each permission's policy (the policy name is the permission).</summary>
internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Grants a permission when the signed-in account's role is in the configured table for it.</summary>
internal sealed class PermissionHandler(IOptions<ConsoleOptions> options) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (Allows(options.Value, context.User, requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    public static bool Allows(ConsoleOptions options, ClaimsPrincipal user, string permission) =>
        user.Identity?.IsAuthenticated == true
        && user.FindFirstValue(ClaimTypes.Role) is { } role
        && options.EffectivePermissions.TryGetValue(permission, out var roles)
        && roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>Claims of a console session.</summary>
internal static class SessionClaims
{
    public const string Stamp = "sw:stamp";

    public static string Name(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "-";

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? string.Empty;

    /// <summary>"显示名（账号）", the form written into incident logs and feedback.</summary>
    public static string Signature(this ClaimsPrincipal user) =>
        (user.FindFirstValue(ClaimTypes.GivenName) is { Length: > 0 } display && display != user.Name() ? $"{display}（{user.Name()}）" : user.Name());

    public static bool SeesSharedOnly(this ClaimsPrincipal user, ConsoleOptions options) => options.SharedOnlyRoles.Contains(user.Role(), StringComparer.Ordinal);
}
