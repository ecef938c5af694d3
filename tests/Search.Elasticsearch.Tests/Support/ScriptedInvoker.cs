using System.Collections.Concurrent;
using System.Text;
using Elastic.Transport;

namespace SentimentWatch.Search.Elasticsearch.Tests.Support;

/// <summary>One request the client sent: method, path with query, and the body exactly as it went out.</summary>
internal sealed record SentRequest(string Method, string PathAndQuery, string Body)
{
    public string Path => "/" + Uri.UnescapeDataString(PathAndQuery.Split('?')[0].TrimStart('/'));

    /// <summary>The NDJSON lines of a bulk body.</summary>
    public IReadOnlyList<string> Lines => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>An answer to give: a status and a JSON body, or no answer at all (a connection failure).</summary>
internal sealed record Answer(int Status, string Body, Exception? Failure = null)
{
    public static Answer Ok(string body) => new(200, body);

    public static Answer Unreachable() => new(0, string.Empty, new HttpRequestException("Connection refused (127.0.0.1:9200)"));
}

/// <summary>
/// The client's transport without a network: every request is recorded, and answered through the transport's own
/// <see cref="InMemoryRequestInvoker"/> (so the client parses the answer exactly as it would a cluster's) with what
/// the test's handler returns for it.
/// </summary>
internal sealed class ScriptedInvoker(Func<SentRequest, Answer> handler) : IRequestInvoker
{
    private static readonly Dictionary<string, IEnumerable<string>> ProductHeader = new() { ["x-elastic-product"] = ["Elasticsearch"] };

    private readonly InMemoryRequestInvoker _factory = new();

    public ConcurrentQueue<SentRequest> Sent { get; } = new();

    public Func<SentRequest, Answer> Handler { get; set; } = handler;

    public ResponseFactory ResponseFactory => _factory.ResponseFactory;

    public void Dispose() => ((IDisposable)_factory).Dispose();

    public TResponse Request<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
        where TResponse : TransportResponse, new() =>
        RequestAsync<TResponse>(endpoint, boundConfiguration, postData, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<TResponse> RequestAsync<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData, CancellationToken cancellationToken)
        where TResponse : TransportResponse, new()
    {
        var body = string.Empty;
        if (postData is not null)
        {
            using var ms = new MemoryStream();
            await postData.WriteAsync(ms, boundConfiguration.ConnectionSettings, false, cancellationToken);
            body = Encoding.UTF8.GetString(ms.ToArray());
        }

        var sent = new SentRequest(endpoint.Method.ToString().ToUpperInvariant(), endpoint.PathAndQuery, body);
        Sent.Enqueue(sent);
        var answer = Handler(sent);
        using var invoker = new InMemoryRequestInvoker(Encoding.UTF8.GetBytes(answer.Body), answer.Status, answer.Failure, "application/json", ProductHeader);
        return await invoker.RequestAsync<TResponse>(endpoint, boundConfiguration, postData, cancellationToken);
    }

    public IReadOnlyList<SentRequest> Bulks => Sent.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)).ToList();
}
