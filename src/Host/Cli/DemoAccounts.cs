using Microsoft.Extensions.Options;
using SentimentWatch.DutyConsole.Hosting;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Accounts;

namespace SentimentWatch.Host.Cli;

/// <summary>
/// The demo's console accounts, one per role, with fresh random passwords printed once. Only <c>sw demo</c> creates
/// them (in its own fresh store); <c>sw run</c> has no default accounts.
/// </summary>
internal static class DemoAccounts
{
    public static readonly IReadOnlyList<(string Name, string Display, string Role)> All =
    [
        ("yanpan", "研判员小王", Roles.Commentator),
        ("zhiban", "值班长老李", Roles.DutyLeader),
        ("bangong", "办公室小张", Roles.Office),
        ("gongan", "网安联络员老赵", Roles.PoliceLiaison),
        ("admin", "管理员", Roles.Admin),
        ("lingdao", "领导小组老陈", Roles.Leader),
    ];

    public static async Task CreateAsync(string dbPath, string consoleUrl, TextWriter output, CancellationToken cancellationToken)
    {
        var accounts = new AccountService(new SqliteAccountStore(new SqliteDatabase(dbPath)), Options.Create(new ConsoleOptions()), TimeProvider.System);
        await output.WriteLineAsync($"Duty console: {consoleUrl} (127.0.0.1 only; demo accounts, passwords valid for this demo's store only):").ConfigureAwait(false);
        foreach (var (name, display, role) in All)
        {
            var password = AccountService.GeneratePassword();
            await accounts.AddAsync(name, display, role, password, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"  {role,-5} {name,-8} password {password}").ConfigureAwait(false);
        }
    }
}
