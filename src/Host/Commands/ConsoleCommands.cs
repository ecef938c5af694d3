using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Accounts;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw users …</c> (console accounts) and <c>sw audit list|verify</c> (the console's hash-chained audit log).</summary>
internal sealed class ConsoleCommands : ICliModule
{
    private const int BadInput = ExitCodes.Usage;
    private const int NotFound = ExitCodes.NotFound;

    public void Register(RootCommand root)
    {
        root.Subcommands.Add(Users());
        root.Subcommands.Add(AuditLog());
    }

    /// <summary>The first line of stdin with --password-stdin, else a generated password.</summary>
    private static string PasswordOf(ParseResult parse, Option<bool> stdin) =>
        parse.GetValue(stdin) ? Console.In.ReadLine() ?? string.Empty : AccountService.GeneratePassword();

    private static Command Users()
    {
        var users = new Command("users", "Duty-console accounts (roles: " + string.Join("、", Roles.All) + ")");
        var name = new Argument<string>("name") { Description = "Login name" };
        var role = new Option<string>("--role") { Description = "One of " + string.Join("、", Roles.All), Required = true };
        var display = new Option<string?>("--display-name") { Description = "Name shown in logs (default: the login name)" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin (else one is generated and printed once)" };

        var add = new Command("add", "Add an account; prints the generated password unless --password-stdin") { name, role, display, stdin };
        add.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
        {
            var password = PasswordOf(parse, stdin);
            try
            {
                var account = await sp.GetRequiredService<AccountService>().AddAsync(parse.GetValue(name)!, parse.GetValue(display), parse.GetValue(role)!, password, token).ConfigureAwait(false);
                Console.Out.WriteLine($"account {account.Name} ({account.Role}) added");
                if (!parse.GetValue(stdin))
                {
                    Console.Out.WriteLine($"password: {password}");
                }

                return ExitCodes.Ok;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"sw users add: {ex.Message}").ConfigureAwait(false);
                return BadInput;
            }
        }, ct));

        var disable = new Command("disable", "Disable an account: its open sessions stop at their next request") { name };
        disable.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
            await SetDisabledAsync(sp, parse.GetValue(name)!, true, token).ConfigureAwait(false), ct));
        var enable = new Command("enable", "Enable a disabled account") { name };
        enable.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
            await SetDisabledAsync(sp, parse.GetValue(name)!, false, token).ConfigureAwait(false), ct));

        var reset = new Command("reset-password", "Set a new password (generated and printed unless --password-stdin); unlocks the account and ends its sessions") { name, stdin };
        reset.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
        {
            var password = PasswordOf(parse, stdin);
            try
            {
                if (!await sp.GetRequiredService<AccountService>().ResetPasswordAsync(parse.GetValue(name)!, password, token).ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync($"sw users reset-password: no account '{parse.GetValue(name)}'").ConfigureAwait(false);
                    return NotFound;
                }
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"sw users reset-password: {ex.Message}").ConfigureAwait(false);
                return BadInput;
            }

            Console.Out.WriteLine($"password of {parse.GetValue(name)} reset" + (parse.GetValue(stdin) ? string.Empty : $"\npassword: {password}"));
            return ExitCodes.Ok;
        }, ct));

        var list = new Command("list", "List accounts: name, display name, role, state");
        list.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
        {
            foreach (var a in await sp.GetRequiredService<IAccountStore>().ListAsync(token).ConfigureAwait(false))
            {
                var state = a.Disabled ? "disabled" : a.LockedUntilUtc is { } until && until > DateTimeOffset.UtcNow ? $"locked until {until:u}" : "active";
                Console.Out.WriteLine($"{a.Name,-16} {a.DisplayName,-12} {a.Role,-6} {state}");
            }

            return ExitCodes.Ok;
        }, ct));

        users.Subcommands.Add(add);
        users.Subcommands.Add(disable);
        users.Subcommands.Add(enable);
        users.Subcommands.Add(reset);
        users.Subcommands.Add(list);
        return users;
    }

    private static Command AuditLog()
    {
        var audit = new Command("audit", "The duty console's append-only, hash-chained audit log");
        var limit = new Option<int>("--limit") { Description = "Lines, newest first", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Print the newest lines: seq, time (UTC), who, address, action, target, outcome, detail") { limit };
        list.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
        {
            foreach (var e in await sp.GetRequiredService<IAuditLog>().ListAsync(parse.GetValue(limit), token).ConfigureAwait(false))
            {
                Console.Out.WriteLine($"{e.Seq,6} {e.AtUtc:yyyy-MM-dd HH:mm:ss} {e.Actor} {e.Address} {e.Action} {e.Target} {e.Outcome} {e.Detail}");
            }

            return ExitCodes.Ok;
        }, ct));

        var verify = new Command("verify", "Recompute the hash chain from the first line; exit 1 naming the first bad line");
        verify.SetAction((parse, ct) => RunAsync(parse, async (sp, token) =>
        {
            var result = await sp.GetRequiredService<IAuditLog>().VerifyAsync(token).ConfigureAwait(false);
            if (result.Ok)
            {
                Console.Out.WriteLine($"audit log OK: {result.Lines} line(s), chain intact");
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine($"audit log BROKEN at line {result.FirstBadSeq}: {result.Problem}");
            return ExitCodes.Failed;
        }, ct));

        audit.Subcommands.Add(list);
        audit.Subcommands.Add(verify);
        return audit;
    }

    private static async Task<int> SetDisabledAsync(IServiceProvider sp, string name, bool disabled, CancellationToken cancellationToken)
    {
        if (!await sp.GetRequiredService<IAccountStore>().SetDisabledAsync(name, disabled, cancellationToken).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync($"sw users: no account '{name}'").ConfigureAwait(false);
            return NotFound;
        }

        Console.Out.WriteLine($"account {name} {(disabled ? "disabled" : "enabled")}");
        return ExitCodes.Ok;
    }

    /// <summary>Accounts and the audit log live in the store; only the store's and the console's configuration is checked.</summary>
    private static Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        Verb.RunAsync(parse, Uses.Store | Uses.Console, body, cancellationToken);
}
