using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Collection;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw sources check</c>: run every configured source once and show what each yields and where it fails.</summary>
internal sealed class SourcesCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var sources = new Command("sources", "Inspect the configured sources.");
        var check = new Command("check", "Run every enabled source once against a scratch store (the real store and cursors are not touched) and print status, items, sample titles and failures.");
        check.SetAction((parse, ct) => CheckAsync(parse.GetValue(CommandLine.ConfigDir)!, Console.Out, ct));
        sources.Subcommands.Add(check);
        root.Subcommands.Add(sources);
    }

    /// <summary>Returns 0 when every source yielded content, 1 when any failed.</summary>
    public static async Task<int> CheckAsync(string configDir, TextWriter output, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "sw-sources-check-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>()) { ["Storage:Database"] = Path.Combine(scratch, "check.db") };
        try
        {
            // Checking sources reads the store's (a scratch one) and the crawler's configuration only.
            return await Verb.RunAsync(configDir, Uses.Store | Uses.Crawler, (services, ct) => CheckAsync(services, output, ct), cancellationToken, settings).ConfigureAwait(false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static async Task<int> CheckAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<ISourceRunner>();
        var store = services.GetRequiredService<IPostStore>();
        var rows = new List<string[]>();
        var failures = new List<string>();
        var notes = new List<string>();
        var anyFailed = false;
        foreach (var source in services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources.Where(s => s.Enabled))
        {
            var report = await runner.RunAsync(source, cancellationToken).ConfigureAwait(false);
            var samples = await SampleTitlesAsync(store, source.Id, cancellationToken).ConfigureAwait(false);
            anyFailed |= report.Status != SourceRunStatus.Ok;
            rows.Add([source.Id, source.Kind?.ToString() ?? "?", report.Status.ToString(), report.PagesFetched.ToString(CultureInfo.InvariantCulture),
                report.ItemsParsed.ToString(CultureInfo.InvariantCulture), Roles(report), string.Join(" | ", samples)]);
            failures.AddRange(report.Failures.Select(f => $"{source.Id}: {f.Kind} at {f.Url?.AbsoluteUri ?? "(source)"} — {f.Reason}"));
            notes.AddRange(report.Notes.Select(n => $"{source.Id}: {n}"));
        }

        await output.WriteLineAsync(Table(["source", "kind", "status", "pages", "items", "roles matched", "sample titles"], rows)).ConfigureAwait(false);
        if (notes.Count > 0)
        {
            await output.WriteLineAsync("\nPassed over (not failures):").ConfigureAwait(false);
            foreach (var n in notes)
            {
                await output.WriteLineAsync("  " + n).ConfigureAwait(false);
            }
        }

        if (failures.Count > 0)
        {
            await output.WriteLineAsync("\nWhat failed and where:").ConfigureAwait(false);
            foreach (var f in failures)
            {
                await output.WriteLineAsync("  " + f).ConfigureAwait(false);
            }
        }

        return anyFailed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>"time 28/30 authorName 30/30": on how many items each post-field role yielded a value.</summary>
    private static string Roles(SourceRunReport report) =>
        string.Join(" ", report.RoleMatches.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    private static async Task<List<string>> SampleTitlesAsync(IPostStore store, string sourceId, CancellationToken cancellationToken)
    {
        var recent = await store.GetRecentPostsAsync(sourceId, DateTimeOffset.MinValue, 3, cancellationToken).ConfigureAwait(false);
        return recent.Select(p => Shorten(p.Title ?? p.Text, 24)).ToList();
    }

    private static string Shorten(string s, int max)
    {
        var flat = s.ReplaceLineEndings(" ").Trim();
        return flat.Length <= max ? flat : flat[..max] + "…";
    }

    internal static string Table(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(DisplayWidth(h), rows.Count == 0 ? 0 : rows.Max(r => DisplayWidth(r[i])))).ToArray();
        var lines = new List<string> { Row(header), string.Join("  ", widths.Select(w => new string('-', w))) };
        lines.AddRange(rows.Select(Row));
        return string.Join('\n', lines);

        string Row(string[] cells) => string.Join("  ", cells.Select((c, i) => c + new string(' ', widths[i] - DisplayWidth(c)))).TrimEnd();
    }

    /// <summary>Terminal columns: CJK characters take two.</summary>
    private static int DisplayWidth(string s) => s.Sum(c => c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6)) ? 2 : 1);
}
