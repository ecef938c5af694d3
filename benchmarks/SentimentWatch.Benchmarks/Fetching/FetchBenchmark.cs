using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentimentWatch.Crawler.Fetching;

namespace SentimentWatch.Benchmarks.Fetching;

/// <summary>
/// Fetch throughput of the real fetcher (resilience pipeline, redirects, body cap, charset sniffing) against a
/// loopback Kestrel server with politeness off: pages/s, MB/s and peak working set.
/// Usage: <c>fetch [pages=4000] [concurrency=16]</c>.
/// </summary>
internal sealed class FetchBenchmark : IBenchmark
{
    public string Name => "fetch";

    public string Description => "HttpPageFetcher pages/s against loopback Kestrel, politeness off (args: pages concurrency)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var pages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding(54936);
        var row = "<li class=\"thread\"><a href=\"/thread-{0}-1-1.html\">出售今年法考客观题答案，保证通过，加微信详谈（第{0}帖）</a><span>2024-09-14 10:00</span></li>\n";
        var html = new StringBuilder("<html><head><title>法考交流区</title></head><body><ul>\n");
        for (var i = 0; i < 120; i++)
        {
            html.AppendFormat(CultureInfo.InvariantCulture, row, i);
        }

        html.Append("</ul></body></html>");
        // No charset anywhere: every page goes through the header → BOM → meta → sniff path, the slowest one.
        var gbkPage = gbk.GetBytes(html.ToString());
        var utf8Page = Encoding.UTF8.GetBytes(html.ToString());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(async c =>
        {
            if (c.Request.Path == "/robots.txt")
            {
                await c.Response.WriteAsync("User-agent: *\nDisallow: /private\n", cancellationToken);
                return;
            }

            var body = c.Request.Path.StartsWithSegments("/gbk") ? gbkPage : utf8Page;
            c.Response.ContentType = "text/html";
            c.Response.ContentLength = body.Length;
            await c.Response.Body.WriteAsync(body, cancellationToken);
        });
        await app.StartAsync(cancellationToken);
        var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crawler:Fetching:Politeness:Enabled"] = "false",
            // The benchmark server runs on 127.0.0.1, refused by default (docs/security.md).
            ["Outbound:AllowLoopback"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddConsole());
        services.AddFetching(configuration);
        await using var provider = services.BuildServiceProvider();
        var fetcher = provider.GetRequiredService<IPageFetcher>();

        // Warm-up: JIT, connection pool, robots.txt cache.
        for (var i = 0; i < 50; i++)
        {
            await fetcher.FetchAsync(new FetchRequest(new Uri(baseUrl, $"/gbk/{i}"), "bench"), cancellationToken);
        }

        var failures = 0;
        long bytes = 0;
        var next = -1;
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < pages)
            {
                var url = new Uri(baseUrl, n % 2 == 0 ? $"/gbk/{n}" : $"/utf8/{n}");
                var result = await fetcher.FetchAsync(new FetchRequest(url, "bench"), cancellationToken);
                if (result.Outcome != FetchOutcome.Ok || !result.Text!.Contains("法考交流区", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Add(ref bytes, result.Exchange?.Body.Length ?? 0);
                if (n % 200 == 0)
                {
                    process.Refresh();
                    InterlockedMax(ref peak, process.WorkingSet64);
                }
            }
        }));
        stopwatch.Stop();
        process.Refresh();
        InterlockedMax(ref peak, process.PeakWorkingSet64);

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"fetch: {pages} pages ({gbkPage.Length / 1024} KiB each, half GBK sniffed, half UTF-8) with {concurrency} workers in {seconds:F2} s");
        Console.WriteLine($"  {pages / seconds:F0} pages/s, {bytes / seconds / 1024 / 1024:F1} MiB/s, peak working set {peak / 1024 / 1024} MiB, failures {failures}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        await app.StopAsync(cancellationToken);
        return failures == 0 ? 0 : 1;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
