using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Tests.Runtime;

public sealed class IdsTests
{
    [Fact]
    public void User_NumericId_UsedVerbatim() => Assert.Equal(5500000001, Ids.User("5500000001"));

    [Fact]
    public void User_TextId_StableTenDigits()
    {
        var id = Ids.User("zhang.san");
        Assert.Equal(id, Ids.User("zhang.san"));
        Assert.NotEqual(id, Ids.User("li.si"));
        Assert.InRange(id, 1_000_000_000, 9_999_999_999);
    }

    [Fact]
    public void Bid_SevenDigitGroups_Base62WithPadding()
    {
        // 4951000000000000 splits into 49 / 5100000 / 0000000: one short group and two padded 4-character groups.
        var bid = Ids.Bid(4951000000000000);
        Assert.Equal(1 + 4 + 4, bid.Length);
        Assert.Equal(4951000000000000, Decode(bid));
        Assert.Equal(4951000000000123, Decode(Ids.Bid(4951000000000123)));
    }

    private static long Decode(string bid)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var digits = "";
        for (var end = bid.Length; end > 0; end -= 4)
        {
            var start = Math.Max(0, end - 4);
            long n = 0;
            foreach (var ch in bid[start..end])
            {
                n = (n * 62) + alphabet.IndexOf(ch, StringComparison.Ordinal);
            }

            digits = (start > 0 ? n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture) : n.ToString(System.Globalization.CultureInfo.InvariantCulture)) + digits;
        }

        return long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }
}
