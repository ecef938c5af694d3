using SentimentWatch.Benchmarks.DutyConsole;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Elastic.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Classifier;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Search;
using SentimentWatch.Search.Elasticsearch;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Search;

namespace SentimentWatch.Benchmarks.Search;

/// <summary>
/// Elasticsearch indexing without a cluster: the real provider (change feeds read from a generated store, jieba
/// words, documents, bulk requests serialised to NDJSON by the official client) follows a backlog of N posts, and
/// the transport's in-memory invoker takes every bulk (each item answered 201). Reports posts per CPU-second, the
/// CPU share of 100,000 posts/min, bytes and requests sent, and the managed heap's peak (sampled), which a batch
/// bounds, not the backlog. Generation reuses the search benchmark's store generator.
/// Args: [posts=100000] [--db PATH] (an existing PATH is reused) [--bulk N]
/// </summary>
internal sealed class ElasticsearchIndexBenchmark : IBenchmark
{
    public string Name => "es-index";

    public string Description => "es-index: bulk requests for N stored posts through the in-memory invoker (posts/CPU-s, memory)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var ci = CultureInfo.InvariantCulture;
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToList();
        var total = positional.Count > 0 ? int.Parse(positional[0], ci) : 100_000;
        var dbArg = Array.IndexOf(args, "--db") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var bulk = Array.IndexOf(args, "--bulk") is var bi and >= 0 && bi + 1 < args.Length ? args[bi + 1] : "1000";
        var dbPath = Path.GetFullPath(dbArg ?? Path.Combine("data", "bench", "es-index.db"));
        var reuse = dbArg is not null && File.Exists(dbPath);
        if (!reuse)
        {
            foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
            {
                File.Delete(f);
            }
        }

        var invoker = new AcceptingInvoker();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paths:Models"] = Path.GetFullPath("models"),
            ["Paths:Data"] = Path.GetDirectoryName(dbPath),
            ["Storage:Database"] = dbPath,
            ["Search:Provider"] = "elasticsearch",
            ["Search:Elasticsearch:Urls:0"] = "http://127.0.0.1:9200",
            ["Search:Elasticsearch:BulkSize"] = bulk,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton<IRequestInvoker>(invoker);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        services.AddStorage(config).AddClassifier(config).AddSearch(config).AddElasticsearchSearch(config);
        await using var provider = services.BuildServiceProvider();
        var index = provider.GetRequiredService<IPostSearchIndex>();
        Console.WriteLine($"es-index benchmark: {Environment.ProcessorCount} cores, store {dbPath}{(reuse ? " (reused)" : string.Empty)}, bulk {bulk}");
        if (!reuse)
        {
            var gen = Stopwatch.StartNew();
            await StoreSeeder.SeedAsync(provider.GetRequiredService<SqliteDatabase>(), total, Math.Min(StoreSeeder.Incidents, total / 2), 0, StoreSeeder.LoadTexts(Directory.GetCurrentDirectory()), new Random(20260920), cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(ci, $"generated {total:N0} posts in {gen.Elapsed.TotalSeconds:0.0} s"));
        }

        provider.GetRequiredService<Core.Segmentation.ISearchTokenizer>().TokenizeForIndex("预热分词器 答.案", []);
        await provider.GetRequiredService<ISearchFeed>().ResetAsync("elasticsearch", cancellationToken).ConfigureAwait(false);
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(true);
        long peakHeap = 0, peakAfterGc = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                // The heap as the last collection left it: live objects, not the garbage allocated since.
                peakAfterGc = Math.Max(peakAfterGc, GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes);
                await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
            }
        }, CancellationToken.None);

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var report = await index.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        wall.Stop();
        process.Refresh();
        var cpuUsed = process.TotalProcessorTime - cpu;
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);

        // What the run left behind once the garbage is gone: a backlog must not leave state growing with its size.
        var retained = GC.GetTotalMemory(true);
        var posts = await PostCountAsync(provider.GetRequiredService<SqliteDatabase>(), cancellationToken).ConfigureAwait(false);
        var perCpuSecond = posts / cpuUsed.TotalSeconds;
        Console.WriteLine(string.Create(ci,
            $"wrote {report.PostsIndexed:N0} post documents (a post the three feeds touch in different batches is written again) in {invoker.Bulks:N0} bulk requests ({invoker.Bytes / 1048576.0:0.0} MiB NDJSON, {invoker.Bytes / Math.Max(1, report.PostsIndexed):N0} bytes/post) " +
            $"in {wall.Elapsed.TotalSeconds:0.0} s wall, {cpuUsed.TotalSeconds:0.0} s CPU"));
        Console.WriteLine(string.Create(ci,
            $"{posts:N0} posts: {perCpuSecond:N0} posts per CPU-second ({report.PostsIndexed / cpuUsed.TotalSeconds:N0} documents); 100,000 posts/min needs {100_000 / perCpuSecond / 60:0.00} cores ({100_000 / perCpuSecond:0.0} CPU-s per minute); " +
            $"{posts / wall.Elapsed.TotalSeconds * 60:N0} posts/min wall on this shared machine"));
        Console.WriteLine(string.Create(ci,
            $"managed heap {heapBefore / 1048576.0:0.0} MiB before, {peakHeap / 1048576.0:0.0} MiB peak with garbage, {peakAfterGc / 1048576.0:0.0} MiB peak after a collection (sampled every 20 ms), {retained / 1048576.0:0.0} MiB after a full collection at the end; largest bulk body {invoker.LargestBody / 1048576.0:0.00} MiB; " +
            $"process peak working set {process.PeakWorkingSet64 / 1048576} MB"));
        return 0;
    }

    private static async Task<long> PostCountAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM posts";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>A cluster that takes every bulk item (201) and acknowledges everything else; counts what it was sent.</summary>
    private sealed class AcceptingInvoker : IRequestInvoker
    {
        private static readonly Dictionary<string, IEnumerable<string>> ProductHeader = new() { ["x-elastic-product"] = ["Elasticsearch"] };
        private readonly InMemoryRequestInvoker _factory = new();

        public long Bytes { get; private set; }

        public int Bulks { get; private set; }

        public long LargestBody { get; private set; }

        public ResponseFactory ResponseFactory => _factory.ResponseFactory;

        public void Dispose() => ((IDisposable)_factory).Dispose();

        public TResponse Request<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
            where TResponse : TransportResponse, new() =>
            RequestAsync<TResponse>(endpoint, boundConfiguration, postData, CancellationToken.None).GetAwaiter().GetResult();

        public async Task<TResponse> RequestAsync<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData, CancellationToken cancellationToken)
            where TResponse : TransportResponse, new()
        {
            var answer = """{"acknowledged":true}""";
            if (postData is not null)
            {
                // The body is written as the HTTP transport would write it: this is the serialisation cost.
                using var body = new MemoryStream();
                await postData.WriteAsync(body, boundConfiguration.ConnectionSettings, false, cancellationToken).ConfigureAwait(false);
                Bytes += body.Length;
                LargestBody = Math.Max(LargestBody, body.Length);
                if (endpoint.PathAndQuery.Contains("_bulk", StringComparison.Ordinal))
                {
                    Bulks++;
                    var items = body.ToArray().Count(b => b == (byte)'\n') / 2;
                    var sb = new StringBuilder("""{"took":1,"errors":false,"items":[""");
                    for (var i = 0; i < items; i++)
                    {
                        sb.Append(i == 0 ? string.Empty : ",").Append("""{"index":{"_index":"i","_id":"1","status":201,"result":"created"}}""");
                    }

                    answer = sb.Append("]}").ToString();
                }
            }

            using var invoker = new InMemoryRequestInvoker(Encoding.UTF8.GetBytes(answer), 200, null, "application/json", ProductHeader);
            return await invoker.RequestAsync<TResponse>(endpoint, boundConfiguration, postData, cancellationToken).ConfigureAwait(false);
        }
    }
}
