using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// Opens the fetcher's TCP connections itself: under the outbound policy (the global <c>Outbound</c> rules united with
/// the requesting source's <c>Crawler:Sources:N:Outbound</c>, checked after DNS resolution on every new connection, so
/// on every redirect to a new host), and noting which IP address each host:port resolved to. HttpClient does not
/// expose a response's peer address; connections are pooled per host:port, so the address of the latest connection to
/// it is what later responses on that host came from (exact unless DNS changes mid-pool).
/// </summary>
/// <remarks>
/// Pooled connections are shared by all sources: while a connection that one source was allowed to open is alive
/// (Crawler:Fetching pools for 5 minutes), another source fetching the same host:port reuses it. Allow internal
/// addresses per source only for hosts no other source names, or globally.
/// </remarks>
internal sealed class RemoteAddressTracker
{
    /// <summary>The request option that names the source a request is for.</summary>
    public static readonly HttpRequestOptionsKey<string> SourceKey = new("SentimentWatch.SourceId");

    private readonly ConcurrentDictionary<string, string> _byEndpoint = new(StringComparer.OrdinalIgnoreCase);
    private readonly OutboundGuard _guard;
    private readonly OutboundRules _global;
    private readonly Dictionary<string, OutboundRules> _bySource = new(StringComparer.Ordinal);

    public RemoteAddressTracker(OutboundGuard guard, IOptions<OutboundRules> global, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(configuration);
        _guard = guard;
        _global = global.Value;
        foreach (var source in configuration.GetSection("Crawler:Sources").GetChildren())
        {
            if (source["Id"] is { Length: > 0 } id && source.GetSection("Outbound").Get<OutboundRules>() is { } rules)
            {
                _bySource[id] = rules;
            }
        }
    }

    public string? For(Uri url) => _byEndpoint.TryGetValue($"{url.IdnHost}:{url.Port}", out var ip) ? ip : null;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var source = context.InitialRequestMessage.Options.TryGetValue(SourceKey, out var id) ? id : null;
        var rules = _global.Union(source is not null && _bySource.TryGetValue(source, out var own) ? own : null);
        var addresses = await _guard.ResolveAsync(context.DnsEndPoint.Host, rules, $"crawler source {source ?? "-"}", cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (socket.RemoteEndPoint is IPEndPoint remote)
        {
            var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            _byEndpoint[$"{context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}"] = address.ToString();
        }

        return new NetworkStream(socket, ownsSocket: true);
    }
}
