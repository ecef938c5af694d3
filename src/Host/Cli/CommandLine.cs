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

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("SentimentWatch — watches public posts about the national legal-profession qualification exam (法考), grades incidents and freezes evidence.");
        root.Options.Add(ConfigDir);
        foreach (var module in Modules())
        {
            module.Register(root);
        }

        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static IEnumerable<ICliModule> Modules() =>
        typeof(CommandLine).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICliModule).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (ICliModule)Activator.CreateInstance(t, nonPublic: true)!);
}
