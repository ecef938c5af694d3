using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentimentWatch.Alerting;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Tests.Pipeline.Reference;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Pipeline;

/// <summary>
/// The batch path (records written with Utf8JsonWriter on worker threads, incident fields spliced in order, bytes out)
/// against the path it replaced, kept in <c>Reference/</c> and run on one thread: the same bytes for a realistic
/// stream of a few thousand lines with reposts, edits, contacts, every kind of id and bad lines between them.
/// </summary>
public sealed class BatchClassifierEquivalenceTests
{
    [Fact]
    public async Task RunAsync_TwoThreadsWithIncidentFields_SameBytesAsTheOneThreadReference()
    {
        var input = Stream(seed: 14, posts: 3000);
        var preview = Preview();
        var forced = new ForcedParallel(new IncidentFieldsAnnotator(preview.Begin()));
        var actual = new MemoryStream();
        var expected = new StringWriter { NewLine = "\n" };

        var summary = await new BatchClassifier(Some.Model.Classifier, forced, new BatchOptions(2, ChunkLines: 16)).RunAsync(new MemoryStream(input), actual, CancellationToken.None);
        var reference = await new ReferenceBatchClassifier(Some.Model.Classifier, new ReferenceIncidentFields(preview.Begin()), new BatchOptions(1))
            .RunAsync(new MemoryStream(input), expected, CancellationToken.None);

        Assert.Equal(reference, summary);
        Assert.True(forced.Threads > 1, "records were prepared on more than one thread");
        var actualLines = Encoding.UTF8.GetString(actual.ToArray()).Split('\n');
        var expectedLines = expected.ToString().Split('\n');
        Assert.Equal(expectedLines.Length, actualLines.Length);
        for (var i = 0; i < expectedLines.Length; i++)
        {
            Assert.True(expectedLines[i] == actualLines[i], $"output line {i + 1} differs:\nexpected {expectedLines[i]}\nactual   {actualLines[i]}");
        }

        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), actual.ToArray());
        // The stream exercises what the fields carry, so agreement is not agreement on nulls alone.
        var text = expected.ToString();
        Assert.Contains("\"duplicate_of\":\"", text, StringComparison.Ordinal);
        Assert.Contains("\"level\":\"II\"", text, StringComparison.Ordinal);
        Assert.Contains("\"incident\":40", text, StringComparison.Ordinal);
        Assert.True(summary.Errors >= 10, $"{summary.Errors} error records");
    }

    /// <summary>
    /// Posts from the dev corpus in time order on several platforms: a third repost a recent post (some with a
    /// character dropped), some carry a contact; ids are strings, numbers and escaped text; bad lines and blank lines
    /// are mixed in.
    /// </summary>
    internal static byte[] Stream(int seed, int posts)
    {
        var texts = File.ReadLines(Some.DevCorpusPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        var random = new Random(seed);
        var platforms = new[] { "weibo", "qq", "tieba", "douyin", "discuz" };
        var recent = new List<string>();
        var at = new DateTimeOffset(2026, 9, 18, 20, 0, 0, TimeSpan.FromHours(8));
        var sb = new StringBuilder();
        for (var i = 1; i <= posts; i++)
        {
            at = at.AddSeconds(random.Next(5, 120));
            string text;
            if (recent.Count > 0 && random.NextDouble() < 0.33)
            {
                text = recent[random.Next(Math.Max(0, recent.Count - 40), recent.Count)];
                if (random.NextDouble() < 0.5 && text.Length > 4)
                {
                    text = text.Remove(random.Next(text.Length), 1);
                }
            }
            else
            {
                text = texts[random.Next(texts.Count)];
                if (random.NextDouble() < 0.1)
                {
                    text += " 加微信 fk" + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
                }
            }

            recent.Add(text);
            var id = (i % 4) switch
            {
                0 => i.ToString(CultureInfo.InvariantCulture),
                1 => JsonSerializer.Serialize("p" + i),
                2 => "\"\\u00e9\\u4e2d" + i + "\\\"q\"",
                _ => i + ".50e0",
            };
            var fields = $"\"id\":{id},\"text\":{JsonSerializer.Serialize(text)},\"platform\":\"{platforms[random.Next(platforms.Length)]}\"," +
                $"\"author\":\"u{random.Next(500)}\",\"published_at\":\"{at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}\"," +
                $"\"reposts\":{random.Next(0, 3000)},\"comments\":{random.Next(0, 50)},\"likes\":{random.Next(0, 20000)}";
            sb.Append('{').Append(fields).Append("}\n");
            switch (i % 150)
            {
                case 17: sb.Append("{broken\n"); break;
                case 41: sb.Append("{\"id\":{\"a\\u00e9\":[1,2.0,true]},\"text\":\"卖答案\"}\n"); break;
                case 63: sb.Append("{\"id\":\"x\\ud800\",\"text\":\"卖答案\"}\n"); break;
                case 88: sb.Append("  \n"); break;
                case 99: sb.Append("{\"id\":7,\"text\":\"ok\",\"published_at\":\"yesterday\"}\n"); break;
                case 120: sb.Append("{\"id\":\"\\u00e9\",\"text\":\"   \"}\n"); break;
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Alerting's preview as the host composes it, with the shipped alerting configuration.</summary>
    internal static IIncidentPreview Preview()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(Some.RepoRoot, "config", "conf.d", "30-alerting.json"), optional: false).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddSingleton(TimeProvider.System);
        services.AddAlerting(config);
        return services.BuildServiceProvider().GetRequiredService<IIncidentPreview>();
    }

    /// <summary>
    /// Delegates to an annotator; the first thread to prepare waits (once, up to ten seconds) for a second thread to
    /// prepare too, so the run is parallel even when the pool would finish every chunk on one thread.
    /// </summary>
    private sealed class ForcedParallel(IBatchAnnotator inner) : IBatchAnnotator
    {
        private readonly ConcurrentDictionary<int, bool> _threads = new();
        private readonly ManualResetEventSlim _second = new();
        private int _waited;

        public int Threads => _threads.Count;

        public object? Prepare(ClassificationInput input, ClassificationResult result)
        {
            _threads[Environment.CurrentManagedThreadId] = true;
            if (_threads.Count > 1)
            {
                _second.Set();
            }
            else if (Interlocked.Exchange(ref _waited, 1) == 0)
            {
                _second.Wait(TimeSpan.FromSeconds(10));
            }

            return inner.Prepare(input, result);
        }

        public void Annotate(string id, object? prepared, Utf8JsonWriter fields) => inner.Annotate(id, prepared, fields);
    }
}
