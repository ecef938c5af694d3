using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Tests.Features;

public sealed class SlotSortTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 10)]
    [InlineData(63, 18)]
    [InlineData(64, 18)]
    [InlineData(700, 18)]
    [InlineData(5000, 20)]
    [InlineData(3000, 30)]
    public void BySlot_DistinctSlotsWithPayloads_SameOrderAsAComparisonSort(int count, int slotBits)
    {
        var random = new Random(count + slotBits);
        var slots = new HashSet<int>();
        while (slots.Count < count)
        {
            slots.Add(random.Next(1 << slotBits));
        }

        var keys = slots.Select(s => ((long)s << 32) | (uint)random.Next()).ToArray();
        var expected = keys.Order().ToArray();

        SlotSort.BySlot(keys);

        Assert.Equal(expected, keys);
    }
}
