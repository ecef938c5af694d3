using System.CommandLine;

namespace SentimentWatch.Host.Cli;

/// <summary>
/// The one way every verb names the person acting: <c>--by NAME</c>, else the <c>SW_BY</c> environment variable (set once
/// per duty shift). A verb that records a person refuses without one (exit <see cref="ExitCodes.Usage"/>): nothing is
/// attributed to a login account by default. <c>--operator</c>, the old spelling of evidence verbs, still works for this
/// release, hidden, and prints the new form.
/// </summary>
internal sealed class ActingPerson
{
    public const string Variable = "SW_BY";

    private readonly Option<string?> _old = new("--operator") { Hidden = true, Description = "Old spelling of --by" };

    public ActingPerson(string description)
    {
        By = new Option<string?>("--by") { Description = $"{description} (default: ${Variable})" };
    }

    public Option<string?> By { get; }

    /// <summary>Adds <c>--by</c> and its hidden old spelling to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(By);
        command.Options.Add(_old);
        return command;
    }

    /// <summary>The acting person, or null after telling the user how to name one.</summary>
    public string? Resolve(ParseResult parse)
    {
        if (parse.GetValue(_old) is { } old)
        {
            Console.Error.WriteLine("sw: '--operator' is now '--by'; the old form still works in this release.");
            if (parse.GetValue(By) is null)
            {
                return Named(old);
            }
        }

        if ((Named(parse.GetValue(By)) ?? Named(Environment.GetEnvironmentVariable(Variable))) is { } who)
        {
            return who;
        }

        Console.Error.WriteLine($"sw {parse.CommandResult.Command.Name}: name the person acting: --by NAME (or set {Variable} for the shift)");
        return null;
    }

    private static string? Named(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
