using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SentimentWatch.Core.Net;

/// <summary>A connection the outbound policy refused; the message names the host, the address and the rule.</summary>
public sealed class OutboundRefusedException(string host, IPAddress address, string rule)
    : IOException($"outbound policy refused {host} ({address}): {rule} address (allow it with {AllowKey(rule)} in Outbound or the stage's own Outbound section)")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;

    public string Rule { get; } = rule;

    private static string AllowKey(string rule) => rule switch
    {
        OutboundPolicy.Loopback => "AllowLoopback",
        OutboundPolicy.Private => "AllowPrivate",
        OutboundPolicy.LinkLocal => "AllowLinkLocal",
        _ => "an AllowNetworks entry",
    };
}

/// <summary>
/// Opens outbound TCP connections for <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host, checks every
/// address against the rules (one refused address refuses the host, so a name that resolves to a public and a private
/// address cannot be steered to the private one), then connects to the checked addresses only. Because it runs for
/// every new connection, every redirect hop to a new host meets it too. Each refusal is logged with its rule.
/// </summary>
public sealed class OutboundGuard(ILogger<OutboundGuard> logger)
{
    /// <summary>Resolves <paramref name="host"/> and returns its addresses, or throws <see cref="OutboundRefusedException"/>.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, OutboundRules rules, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(literal, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            if (OutboundPolicy.Refusal(address, rules) is { } rule)
            {
                OutboundLog.Refused(logger, purpose, host, OutboundPolicy.Canonical(address).ToString(), rule);
                throw new OutboundRefusedException(host, OutboundPolicy.Canonical(address), rule);
            }
        }

        return addresses;
    }

    /// <summary>
    /// A connect callback for a <see cref="SocketsHttpHandler"/> that applies <paramref name="rules"/>;
    /// <paramref name="resolved"/> sees the addresses a host was allowed to reach, <paramref name="connected"/> the one it reached.
    /// </summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Callback(Func<SocketsHttpConnectionContext, OutboundRules> rules, string purpose, Action<SocketsHttpConnectionContext, IPEndPoint>? connected = null, Action<SocketsHttpConnectionContext, IPAddress[]>? resolved = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return async (context, cancellationToken) =>
        {
            var addresses = await ResolveAsync(context.DnsEndPoint.Host, rules(context), purpose, cancellationToken).ConfigureAwait(false);
            resolved?.Invoke(context, addresses);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                if (socket.RemoteEndPoint is IPEndPoint remote)
                {
                    connected?.Invoke(context, new IPEndPoint(OutboundPolicy.Canonical(remote.Address), remote.Port));
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }

    /// <summary>The policy's refusal inside <paramref name="exception"/> (HttpClient wraps what a connect callback throws), or null.</summary>
    public static OutboundRefusedException? RefusalIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}

/// <summary>Outbound policy log messages (event ids 6100–6109, Core).</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(6100, LogLevel.Warning, "Outbound policy refused {Purpose} connection to {Host} ({Address}): rule {Rule}")]
    public static partial void Refused(ILogger logger, string purpose, string host, string address, string rule);
}
