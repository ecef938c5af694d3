using System.Net;
using System.Text.Json;
using SentimentWatch.Testing;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Cluster;

/// <summary>
/// <c>sw run</c> with the whole store on PostgreSQL and search on Elasticsearch: the real executable against the
/// PostgreSQL the tests start, its Elasticsearch client pointed at a loopback port nobody listens on.
/// </summary>
public sealed class PostgreSqlWorkerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-pgrun-").FullName;

    [Fact]
    public async Task Run_PostgreSqlStoreElasticsearchDown_StartsAndServes_ReadinessSaysOnlyTheIndexIsDown_NoSqliteFile()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgresql",
            // The child resolves env:SW_TEST_PG itself (SwProcess passes each setting as SW_KEY).
            ["TEST_PG"] = await PostgresServer.Shared.CreateDatabaseAsync("run"),
            ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
            ["Search:Provider"] = "elasticsearch",
            ["Search:Elasticsearch:Urls:0"] = $"http://127.0.0.1:{SwProcess.FreePort()}",
            ["Paths:Data"] = Path.Combine(_dir, "data"),
        };
        SwProcess.UseOwnListeners(settings, out var console);
        using var sw = SwProcess.StartCapturing(_dir, settings, ["run", "--config", config]);

        await sw.WaitForErrAsync("sw run: ", TimeSpan.FromMinutes(3));
        Assert.Contains("store PostgreSQL 127.0.0.1:", sw.Err, StringComparison.Ordinal);
        var checks = await ReadinessAsync(console, sw);

        Assert.False(sw.Process.HasExited, sw.Err);
        var index = checks.Single(c => c.Name == "index");
        Assert.False(index.Ready);
        var store = checks.Single(c => c.Name == "store");
        Assert.True(store.Ready, store.Detail);
        Assert.Contains("takes writes; schema 0752_incident_joins", store.Detail, StringComparison.Ordinal);
        // Nothing else fails: every other check is ready.
        Assert.Empty(checks.Where(c => c.Name != "index" && !c.Ready).Select(c => $"{c.Name}: {c.Detail}"));
        Assert.DoesNotContain("Configuration is invalid", sw.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(_dir, "data")) ? Directory.GetFiles(Path.Combine(_dir, "data"), "*.db*", SearchOption.AllDirectories) : []);

        await sw.StopAsync();
        Assert.Equal(0, sw.Process.ExitCode);
    }

    /// <summary>Polls /readyz until the console answers and the index check has its first verdict.</summary>
    private static async Task<List<(string Name, bool Ready, string Detail)>> ReadinessAsync(int port, CapturedSw sw)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            Assert.False(sw.Process.HasExited, "sw run exited:\n" + sw.Err);
            try
            {
                var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/readyz"), bound.Token).ConfigureAwait(false);
                return Parse(body);
            }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"), bound.Token).ConfigureAwait(false);
                return Parse(await response.Content.ReadAsStringAsync(bound.Token).ConfigureAwait(false));
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
                await Task.Delay(200, bound.Token).ConfigureAwait(false);
            }
        }

        static List<(string, bool, string)> Parse(string body)
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("checks").EnumerateArray()
                .Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("ready").GetBoolean(), c.GetProperty("detail").GetString() ?? ""))
                .ToList();
        }
    }

    public void Dispose() => SwProcess.DeleteQuietly(_dir);
}
