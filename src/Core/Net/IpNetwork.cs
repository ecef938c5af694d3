using System.Net;
using System.Net.Sockets;

namespace SentimentWatch.Core.Net;

/// <summary>An address prefix (CIDR). IPv4-mapped IPv6 addresses are compared as IPv4.</summary>
public readonly record struct IpNetwork(IPAddress Prefix, int Length)
{
    public static bool TryParse(string? text, out IpNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }

        address = OutboundPolicy.Canonical(address);
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > max))
        {
            return false;
        }

        network = new IpNetwork(address, length);
        return true;
    }

    public static IpNetwork Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"'{text}' is not a CIDR network");

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = OutboundPolicy.Canonical(address);
        if (address.AddressFamily != Prefix.AddressFamily)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> p = stackalloc byte[16];
        address.TryWriteBytes(a, out var n);
        Prefix.TryWriteBytes(p, out _);
        var bits = Length;
        for (var i = 0; i < n && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (p[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Prefix}/{Length}";
}
