using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Net;

/// <summary>
/// Which non-public addresses an outbound connection may reach. Everything public is always allowed; everything else
/// (loopback, private, link-local, multicast, unspecified, cloud metadata) is refused unless a flag or an
/// <see cref="AllowNetworks"/> entry allows it. Bound from section <c>Outbound</c> (every stage) and from a stage's or
/// source's own <c>…:Outbound</c> section; the two are united (<see cref="Union"/>). See docs/security.md.
/// </summary>
public sealed class OutboundRules
{
    public const string Section = "Outbound";

    /// <summary>127.0.0.0/8 and ::1 (the drill sites, tests and the demo run there).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10 and IPv6 ULA fc00::/7.</summary>
    public bool AllowPrivate { get; set; }

    /// <summary>169.254/16 and fe80::/10, except the metadata addresses, which only <see cref="AllowNetworks"/> can open.</summary>
    public bool AllowLinkLocal { get; set; }

    /// <summary>Networks in CIDR form (<c>10.20.0.0/16</c>, <c>fd00::/8</c>) or single addresses allowed whatever their kind.</summary>
    public List<string> AllowNetworks { get; set; } = [];

    /// <summary>Rules that allow what either allows.</summary>
    public OutboundRules Union(OutboundRules? other) => other is null
        ? this
        : new OutboundRules
        {
            AllowLoopback = AllowLoopback || other.AllowLoopback,
            AllowPrivate = AllowPrivate || other.AllowPrivate,
            AllowLinkLocal = AllowLinkLocal || other.AllowLinkLocal,
            AllowNetworks = [.. AllowNetworks, .. other.AllowNetworks],
        };

    /// <summary>Adds every bad <see cref="AllowNetworks"/> entry to <paramref name="errors"/>, each naming <paramref name="prefix"/> and the value.</summary>
    public void Validate(string prefix, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < AllowNetworks.Count; i++)
        {
            if (!IpNetwork.TryParse(AllowNetworks[i], out _))
            {
                errors.Add($"{prefix}:AllowNetworks:{i}", AllowNetworks[i], "is not an address or a CIDR network (e.g. 10.20.0.0/16)");
            }
        }
    }
}
