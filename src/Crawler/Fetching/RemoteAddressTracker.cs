using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// Opens the fetcher's TCP connections itself so it can note which IP address each host:port resolved to.
/// HttpClient does not expose a response's peer address; connections are pooled per host:port, so the address of the
/// latest connection to it is what later responses on that host came from (exact unless DNS changes mid-pool).
/// </summary>
internal sealed class RemoteAddressTracker
{
    private readonly ConcurrentDictionary<string, string> _byEndpoint = new(StringComparer.OrdinalIgnoreCase);

    public string? For(Uri url) => _byEndpoint.TryGetValue($"{url.IdnHost}:{url.Port}", out var ip) ? ip : null;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
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
