using System.Net;
using System.Net.Sockets;

namespace SentimentWatch.Core.Net;

/// <summary>
/// The one table of address kinds an outbound request may not reach by default, and the check of one resolved
/// address against <see cref="OutboundRules"/>. Addresses are checked after DNS resolution, so every spelling of a
/// host (decimal <c>2130706433</c>, octal, hex, a name resolving to 127.0.0.1) meets the same rule.
/// </summary>
public static class OutboundPolicy
{
    /// <summary>Rule names as they appear in logs and packets.</summary>
    public const string Loopback = "loopback", Private = "private", LinkLocal = "link-local", Metadata = "metadata",
        Multicast = "multicast", Unspecified = "unspecified", Reserved = "reserved";

    private static readonly (IpNetwork Net, string Rule)[] Table =
    [
        // Metadata first: it lies inside link-local but opening link-local must not open it.
        (IpNetwork.Parse("169.254.169.254/32"), Metadata),
        (IpNetwork.Parse("fd00:ec2::254/128"), Metadata),
        (IpNetwork.Parse("100.100.100.200/32"), Metadata), // Alibaba Cloud ECS metadata
        (IpNetwork.Parse("0.0.0.0/8"), Unspecified),
        (IpNetwork.Parse("::/128"), Unspecified),
        (IpNetwork.Parse("127.0.0.0/8"), Loopback),
        (IpNetwork.Parse("::1/128"), Loopback),
        (IpNetwork.Parse("10.0.0.0/8"), Private),
        (IpNetwork.Parse("172.16.0.0/12"), Private),
        (IpNetwork.Parse("192.168.0.0/16"), Private),
        (IpNetwork.Parse("100.64.0.0/10"), Private),
        (IpNetwork.Parse("fc00::/7"), Private),
        (IpNetwork.Parse("169.254.0.0/16"), LinkLocal),
        (IpNetwork.Parse("fe80::/10"), LinkLocal),
        (IpNetwork.Parse("224.0.0.0/4"), Multicast),
        (IpNetwork.Parse("ff00::/8"), Multicast),
        (IpNetwork.Parse("240.0.0.0/4"), Reserved), // includes 255.255.255.255 broadcast
    ];

    /// <summary>IPv4-mapped IPv6 (::ffff:127.0.0.1) as the IPv4 address it is.</summary>
    public static IPAddress Canonical(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>The rule that refuses <paramref name="address"/> under <paramref name="rules"/>, or null when it may be reached.</summary>
    public static string? Refusal(IPAddress address, OutboundRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        address = Canonical(address);
        var rule = Kind(address);
        if (rule is null)
        {
            return null;
        }

        var allowed = rule switch
        {
            Loopback => rules.AllowLoopback,
            Private => rules.AllowPrivate,
            LinkLocal => rules.AllowLinkLocal,
            _ => false,
        };
        if (allowed || rules.AllowNetworks.Any(n => IpNetwork.TryParse(n, out var net) && net.Contains(address)))
        {
            return null;
        }

        return rule;
    }

    /// <summary>The non-public kind of <paramref name="address"/>, or null for a public address.</summary>
    public static string? Kind(IPAddress address)
    {
        address = Canonical(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return Reserved;
        }

        // Addresses that carry an IPv4 address inside (NAT64, 6to4) are judged by the address they lead to.
        if (Embedded(address) is { } inner)
        {
            return Kind(inner);
        }

        foreach (var (net, rule) in Table)
        {
            if (net.Contains(address))
            {
                return rule;
            }
        }

        return null;
    }

    private static readonly IpNetwork Nat64 = IpNetwork.Parse("64:ff9b::/96");
    private static readonly IpNetwork SixToFour = IpNetwork.Parse("2002::/16");
    private static readonly IpNetwork Compatible = IpNetwork.Parse("::/96");

    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback))
        {
            return null;
        }

        var b = address.GetAddressBytes();
        return Nat64.Contains(address) || Compatible.Contains(address) ? new IPAddress(b.AsSpan(12, 4))
            : SixToFour.Contains(address) ? new IPAddress(b.AsSpan(2, 4))
            : null;
    }
}
