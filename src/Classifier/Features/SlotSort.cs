using System.Numerics;

namespace SentimentWatch.Classifier.Features;

/// <summary>
/// Sorts a post's (slot, payload) pairs packed as <c>(slot &lt;&lt; 32) | payload</c>, slots distinct and non-negative,
/// by slot: a least-significant-digit radix sort over the slot's bits, a byte per pass. With distinct slots the order
/// is the one any sort of the packed values gives; a comparison sort of a few hundred keys per post cost more than
/// building the vector around it.
/// </summary>
internal static class SlotSort
{
    [ThreadStatic]
    private static long[]? t_scratch;

    public static void BySlot(Span<long> keys)
    {
        if (keys.Length < 64)
        {
            keys.Sort();
            return;
        }

        var max = 0L;
        foreach (var k in keys)
        {
            max = Math.Max(max, k);
        }

        var bits = 32 - BitOperations.LeadingZeroCount((uint)(max >> 32));
        var scratch = t_scratch is { } s && s.Length >= keys.Length ? s : t_scratch = new long[Math.Max(keys.Length, 1024)];
        Span<int> offsets = stackalloc int[256];
        var from = keys;
        var to = scratch.AsSpan(0, keys.Length);
        for (var shift = 32; shift < 32 + bits; shift += 8)
        {
            offsets.Clear();
            foreach (var k in from)
            {
                offsets[(int)((k >> shift) & 0xFF)]++;
            }

            var sum = 0;
            for (var d = 0; d < offsets.Length; d++)
            {
                var c = offsets[d];
                offsets[d] = sum;
                sum += c;
            }

            foreach (var k in from)
            {
                to[offsets[(int)((k >> shift) & 0xFF)]++] = k;
            }

            var swap = from;
            from = to;
            to = swap;
        }

        if (from != keys)
        {
            from.CopyTo(keys);
        }
    }
}
