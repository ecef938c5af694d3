using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Pages;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Evidence;

namespace SentimentWatch.Benchmarks.Parsing;

/// <summary>
/// Parsing time against page size and nesting (issue 13): the crawler's HTML parser (Tieba list profile) and
/// evidence's page text, on flat pages of 100 KB … 5 MB and on pages nested 1k … 200k levels under the shipped limits
/// (refused by the linear pre-scan), plus the curve the limit cuts off (nesting allowed up to 10,000). Median of
/// <c>--reps</c> runs per case (default 5), single thread, pages in memory. Run from the repository root.
/// </summary>
internal sealed class ParseLimitsBenchmark : IBenchmark
{
    private static readonly DateTimeOffset FetchedAt = new(2024, 9, 14, 4, 0, 0, TimeSpan.Zero);

    public string Name => "parse-limits";

    public string Description => "parse time vs page size and nesting depth, crawler parser and evidence page text [--reps N]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var i = Array.IndexOf(args, "--reps");
        var reps = i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 5;
        var config = new ConfigurationBuilder().AddInMemoryCollection(ParseBenchmark.Sources()).Build();
        using var provider = new ServiceCollection().AddSources(config).BuildServiceProvider();
        var parser = provider.GetRequiredService<IPageParser>();
        var tieba = provider.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources.Single(s => s.Id == "tieba");
        var raised = new SourcePageParser(Options.Create(new ParsingOptions { MaxDepth = 10_000, MaxParseTime = TimeSpan.FromMinutes(5) }));
        var shipped = new HtmlParseLimits();
        var raisedText = new HtmlParseLimits { MaxDepth = 10_000, MaxParseTime = TimeSpan.FromMinutes(5) };
        var url = new Uri("https://tieba.baidu.com/f?kw=x");

        Console.WriteLine($"parse-limits: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, median of {reps}, single thread");
        Console.WriteLine($"{"page",-34} {"bytes",10} {"crawler ms",11} {"µs/KB",7} {"evidence ms",12} {"µs/KB",7}  outcome");

        // Flat pages: Tieba list pages with as many threads as it takes to reach the size.
        foreach (var kb in new[] { 100, 500, 1000, 2000, 5000 })
        {
            var n = 1;
            var html = ParseBenchmark.TiebaList(n);
            var perItem = ParseBenchmark.TiebaList(2).Length - html.Length;
            n = Math.Max(1, (kb * 1024 - html.Length) / perItem + 1);
            html = ParseBenchmark.TiebaList(n);
            Row($"flat {kb} KB ({n} threads)", html, reps,
                () => parser.Parse(tieba, PageRole.List, url, html, FetchedAt, null) is { Verdict: PageVerdict.Content } p ? $"{p.Posts.Count} posts" : "NOT PARSED",
                bytes => PageText.Extract(bytes, "text/html; charset=utf-8", shipped).Problem ?? "text");
        }

        // Nested pages under the shipped limits (512): refused by the pre-scan before any tree is built.
        foreach (var levels in new[] { 1_000, 10_000, 50_000, 200_000 })
        {
            var html = Nested(levels);
            Row($"nested {levels:N0} levels (limit 512)", html, reps,
                () => parser.Parse(tieba, PageRole.List, url, html, FetchedAt, null).VerdictReason ?? "parsed",
                bytes => PageText.Extract(bytes, "text/html; charset=utf-8", shipped).Problem ?? "text");
        }

        // What the limit cuts off: nesting allowed up to 10,000, so the tree builder runs (its cost grows with depth × size).
        foreach (var levels in new[] { 1_000, 2_500, 5_000, 10_000 })
        {
            var html = Nested(levels);
            Row($"nested {levels:N0} levels (limit 10,000)", html, Math.Min(reps, 3),
                () => raised.Parse(tieba, PageRole.List, url, html, FetchedAt, null).Verdict.ToString(),
                bytes => PageText.Extract(bytes, "text/html; charset=utf-8", raisedText).Problem ?? "text");
        }

        return Task.FromResult(0);
    }

    private static string Nested(int levels) =>
        "<html><body>" + string.Concat(Enumerable.Repeat("<div>", levels)) + "出售答案" + string.Concat(Enumerable.Repeat("</div>", levels)) + "</body></html>";

    private static void Row(string label, string html, int reps, Func<string> crawler, Func<byte[], string> evidence)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var (crawlerMs, crawlerOutcome) = Median(reps, crawler);
        var (evidenceMs, evidenceOutcome) = Median(reps, () => evidence(bytes));
        var kb = bytes.Length / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} {bytes.Length,10} {crawlerMs,11:0.0} {crawlerMs * 1000 / kb,7:0.0} {evidenceMs,12:0.0} {evidenceMs * 1000 / kb,7:0.0}  {Short(crawlerOutcome)} | {Short(evidenceOutcome)}"));
    }

    private static (double Ms, string Outcome) Median(int reps, Func<string> run)
    {
        var outcome = run(); // warm-up (JIT), not timed
        var times = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            outcome = run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], outcome);
    }

    private static string Short(string s) => s.Length <= 48 ? s : s[..48] + "…";
}
