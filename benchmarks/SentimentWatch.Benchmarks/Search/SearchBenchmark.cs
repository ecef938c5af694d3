using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Benchmarks.DutyConsole;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage;

namespace SentimentWatch.Benchmarks.Search;

/// <summary>
/// Full-text search at scale: generates a store of N posts with <see cref="StoreSeeder"/> (texts from the training corpus
/// and the demo scenario, 5 platforms, 10 sources, 20,000 authors, 30 days; every post classified, 8 % carrying one of
/// 2,000 QQ numbers; 20,000 incidents of 2 posts with their alerts), indexes it with the real indexer and segmenter (<c>IPostSearchIndex.CatchUpAsync</c>),
/// then runs typical queries through <c>IPostSearch</c> (20 hits hydrated with snippets, total counted) and
/// reports indexing rate and query p50/p95. The generated store is setup, written with plain SQL in big transactions.
/// Args: [posts=1000000] [rounds=10] [--db PATH] (an existing PATH is reused: generation and indexing are skipped) [--only TEXT] (queries whose name contains TEXT)
/// </summary>
internal sealed class SearchBenchmark : IBenchmark
{
    private static readonly string[] Platforms = ["tieba", "weibo", "discuz", "news", "rss"];

    public string Name => "search";

    public string Description => "search: index N generated posts (posts/s), query p50/p95 with filters";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var ci = CultureInfo.InvariantCulture;
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || (args[i - 1] != "--db" && args[i - 1] != "--only"))).ToList();
        var total = positional.Count > 0 ? int.Parse(positional[0], ci) : 1_000_000;
        var rounds = positional.Count > 1 ? int.Parse(positional[1], ci) : 10;
        var dbArg = Array.IndexOf(args, "--db") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var only = Array.IndexOf(args, "--only") is var oi and >= 0 && oi + 1 < args.Length ? args[oi + 1] : null;
        var dbPath = Path.GetFullPath(dbArg ?? Path.Combine("data", "bench", "search.db"));
        var reuse = dbArg is not null && File.Exists(dbPath);
        Console.WriteLine($"search benchmark: {Environment.ProcessorCount} cores, store {dbPath}{(reuse ? " (reused)" : string.Empty)}");
        await using var provider = await StoreSeeder.OpenAsync(dbPath, reuse ? null : total, cancellationToken).ConfigureAwait(false);
        var database = provider.GetRequiredService<SqliteDatabase>();
        var search = provider.GetRequiredService<IPostSearch>();

        var lag = await search.LagAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(ci, $"store file {new FileInfo(dbPath).Length / 1048576:N0} MB; index lag {lag}"));
        var contact = await SomeContactAsync(database, cancellationToken).ConfigureAwait(false);
        var last = new DateTimeOffset(2026, 9, 20, 0, 0, 0, TimeSpan.FromHours(8));
        var queries = new (string Name, PostSearchQuery Query)[]
        {
            ("答案 (very common word)", new("答案", Limit: 20)),
            ("法考 答案", new("法考 答案", Limit: 20)),
            ("泄露", new("泄露", Limit: 20)),
            ("押题 资料", new("押题 资料", Limit: 20)),
            ("考试 (inside 司法考试)", new("考试", Limit: 20)),
            ("成绩 修改", new("成绩 修改", Limit: 20)),
            ("出售 答案 微信", new("出售 答案 微信", Limit: 20)),
            ("作弊 + platform weibo", new("作弊", Platform: "weibo", Limit: 20)),
            ("答案 + label answer_selling", new("答案", Label: "answer_selling", Limit: 20)),
            ("答案 + last 24 h", new("答案", FromUtc: last.AddDays(-1), ToUtc: last, Limit: 20)),
            ("答案 + level ≥ Ⅲ", new("答案", MinLevel: IncidentLevel.III, Limit: 20)),
            ("答案 + platform, label, level, 7 days", new("答案", FromUtc: last.AddDays(-7), ToUtc: last, Platform: "weibo", Label: "leak", MinLevel: IncidentLevel.I, Limit: 20)),
            ("contact (actor view)", new(Contact: contact, Limit: 20)),
            ("label leak, no words", new(Label: "leak", Limit: 20)),
            ("rare word 借名买房", new("借名买房", Limit: 20)),
        };
        queries = queries.Where(q => only is null || q.Name.Contains(only, StringComparison.Ordinal)).ToArray();

        // One untimed pass warms the JIT and the page cache, as a console that has served a query already.
        foreach (var (_, q) in queries)
        {
            await search.SearchAsync(q, cancellationToken).ConfigureAwait(false);
        }

        var all = new List<double>();
        Console.WriteLine($"{"query",-34} {"hits",9} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var (name, q) in queries)
        {
            var times = new List<double>();
            var hits = "";
            for (var r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                var result = await search.SearchAsync(q, cancellationToken).ConfigureAwait(false);
                times.Add(sw.Elapsed.TotalMilliseconds);
                hits = result.Total.ToString("N0", ci) + (result.TotalIsAtLeast ? "+" : string.Empty);
            }

            all.AddRange(times);
            Console.WriteLine(string.Create(ci, $"{name,-34} {hits,9} {Percentile(times, 0.50),8:0.0} {Percentile(times, 0.95),8:0.0} {times.Max(),8:0.0}"));
        }

        Console.WriteLine(string.Create(ci, $"all {all.Count} searches: p50 {Percentile(all, 0.50):0.0} ms, p95 {Percentile(all, 0.95):0.0} ms (target p95 ≤ 300 ms)"));
        return 0;
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task<string> SomeContactAsync(SqliteDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM search_contacts GROUP BY value ORDER BY COUNT(*) DESC LIMIT 1";
        return (string?)await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? "10000000";
    }
}
