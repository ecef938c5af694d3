using System.CommandLine;
using System.Reflection;

namespace SentimentWatch.Host.Cli;

internal static class CommandLine
{
    /// <summary>Global option: the configuration directory (default <c>config</c>).</summary>
    public static readonly Option<string> ConfigDir = new("--config")
    {
        Description = "Configuration directory (sentimentwatch.json, conf.d/*.json, secrets.json)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SW_CONFIG_DIR") ?? "config",
        Recursive = true,
    };

    /// <summary>
    /// The noun-verb grammar: verbs that were top-level (or under another noun) and where they live now. The old form
    /// still works for one release: it is rewritten to the new one and a notice on stderr shows the new form.
    /// </summary>
    internal static IReadOnlyList<(string[] Old, string Noun, string Verb)> Renames { get; } =
    [
        (["crawl"], "crawler", "run"),
        (["fetch"], "crawler", "fetch"),
        (["sources", "check"], "crawler", "check"),
        (["train"], "classifier", "train"),
        (["evaluate"], "classifier", "evaluate"),
        (["classify"], "classifier", "classify"),
        (["feedback"], "classifier", "feedback"),
        (["segment"], "segmenter", "cut"),
        (["keywords"], "segmenter", "keywords"),
        (["drill"], "drill", "serve"),
        (["alerts", "silence"], "incidents", "silence"),
    ];

    private static readonly Dictionary<string, string> NounDescriptions = new(StringComparer.Ordinal)
    {
        ["crawler"] = "Collection: crawl a source once, fetch one page as the crawler would, check every source.",
        ["classifier"] = "The exam-risk classifier: train, evaluate, classify, record commentators' feedback.",
        ["segmenter"] = "The jieba-compatible segmenter: cut lines into tokens, TF-IDF keywords.",
        ["drill"] = "The local drill sites (Tieba-like, Discuz GBK, Weibo-style API, news, RSS/Atom) on 127.0.0.1.",
    };

    /// <summary>
    /// How long a verb has after Ctrl+C or SIGTERM to stop gracefully (the host's own shutdown timeout) before the process
    /// ends with <see cref="ExitCodes.Interrupted"/>; System.CommandLine's two seconds cut <c>run</c>'s report off.
    /// </summary>
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(30);

    /// <summary>Runs one verb and returns its exit code from the one table, <see cref="ExitCodes"/>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var rewritten = Rewrite(args, out var notice);
        if (notice is not null)
        {
            await Console.Error.WriteLineAsync(notice).ConfigureAwait(false);
        }

        var parse = root.Parse(rewritten);
        try
        {
            var exit = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = GracefulStop }).ConfigureAwait(false);
            // A parse error (unknown option, missing required one, a value of the wrong type) is a usage error like any other.
            return parse.Errors.Count > 0 ? ExitCodes.Usage : exit;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("sw: interrupted before the job finished.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (SwHost.ConfigProblems(ex) is { Count: > 0 } problems)
        {
            // Options read while the host is built (the log formatter reads Node:Name) fail there, not in validation.
            return SwHost.RefuseStart(problems);
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"sw: unexpected error (a bug; please report it with what follows):\n{ex}").ConfigureAwait(false);
            return ExitCodes.Crashed;
        }
    }

    /// <summary>
    /// The configuration directory of a verb that has its own default (<c>demo</c>, <c>exercise run</c>: <c>config/demo</c>):
    /// <c>--config DIR</c> when given on the command line, else <paramref name="fallback"/>.
    /// </summary>
    internal static string ConfigDirOr(ParseResult parse, string fallback) =>
        parse.GetResult(ConfigDir) is { Implicit: false } ? parse.GetValue(ConfigDir)! : fallback;

    /// <summary>Every module's verbs, arranged in the noun-verb grammar.</summary>
    internal static RootCommand Build()
    {
        var root = new RootCommand("SentimentWatch — watches public posts about the national legal-profession qualification exam (法考), grades incidents and freezes evidence.");
        root.Options.Add(ConfigDir);
        foreach (var module in Modules())
        {
            module.Register(root);
        }

        foreach (var (old, noun, verb) in Renames)
        {
            // A verb its module already registers in the new place keeps only the rewrite of its old form.
            if (root.Subcommands.FirstOrDefault(c => c.Name == noun)?.Subcommands.Any(c => c.Name == verb) != true)
            {
                Move(root, old, noun, verb);
            }
        }

        return root;
    }

    /// <summary>
    /// The arguments with an old verb form replaced by its noun-verb form (global options before the verb are kept), and
    /// the notice that says so; the arguments themselves when they already use the grammar.
    /// </summary>
    internal static string[] Rewrite(string[] args, out string? notice)
    {
        notice = null;
        var at = 0;
        while (at < args.Length && args[at].StartsWith('-'))
        {
            // A global option before the verb: --config DIR or --config=DIR.
            at += args[at].Contains('=', StringComparison.Ordinal) || at + 1 >= args.Length ? 1 : 2;
        }

        foreach (var (old, noun, verb) in Renames)
        {
            if (Matches(args, at, [noun, verb]) || !Matches(args, at, old))
            {
                continue;
            }

            notice = $"sw: '{string.Join(' ', old)}' is now '{noun} {verb}'; the old form still works in this release.";
            return [.. args[..at], noun, verb, .. args[(at + old.Length)..]];
        }

        return args;
    }

    private static bool Matches(string[] args, int at, string[] path) =>
        args.Length - at >= path.Length && path.Select((p, i) => string.Equals(args[at + i], p, StringComparison.Ordinal)).All(m => m);

    private static void Move(RootCommand root, string[] oldPath, string noun, string verb)
    {
        Command parent = root;
        foreach (var name in oldPath[..^1])
        {
            parent = parent.Subcommands.FirstOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"no '{name}' verb to move");
        }

        var old = parent.Subcommands.FirstOrDefault(c => c.Name == oldPath[^1]) ?? throw new InvalidOperationException($"no '{string.Join(' ', oldPath)}' verb to move");
        parent.Subcommands.Remove(old);
        if (!ReferenceEquals(parent, root) && parent.Subcommands.Count == 0)
        {
            root.Subcommands.Remove(parent);
        }

        var moved = new Command(verb, old.Description) { Action = old.Action };
        foreach (var option in old.Options)
        {
            moved.Options.Add(option);
        }

        foreach (var argument in old.Arguments)
        {
            moved.Arguments.Add(argument);
        }

        foreach (var sub in old.Subcommands)
        {
            moved.Subcommands.Add(sub);
        }

        foreach (var validator in old.Validators)
        {
            moved.Validators.Add(validator);
        }

        var nounCommand = root.Subcommands.FirstOrDefault(c => c.Name == noun);
        if (nounCommand is null)
        {
            nounCommand = new Command(noun, NounDescriptions.GetValueOrDefault(noun, noun));
            root.Subcommands.Add(nounCommand);
        }

        nounCommand.Subcommands.Add(moved);
    }

    private static IEnumerable<ICliModule> Modules() =>
        typeof(CommandLine).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliModule).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (ICliModule)Activator.CreateInstance(t, nonPublic: true)!);
}
