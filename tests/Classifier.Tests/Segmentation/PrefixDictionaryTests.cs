using System.Security.Cryptography;
using SentimentWatch.Classifier.Segmentation;

namespace SentimentWatch.Classifier.Tests.Segmentation;

public sealed class PrefixDictionaryTests
{
    [Fact]
    public void Set_Word_PrefixesBecomeZeroKeysAndLaterWordOverwritesPrefix()
    {
        var d = new PrefixDictionary(16);
        d.Set("中华人民", 7);
        Assert.Equal(7, d.Get("中华人民"));
        Assert.Equal(0, d.Get("中华"));
        Assert.Null(d.Get("人民"));
        d.Set("中华", 3);
        Assert.Equal(3, d.Get("中华"));
        d.Set("中华人民共和国", 9);
        Assert.Equal(3, d.Get("中华"));
        Assert.Equal(7, d.KeyCount);
    }

    [Fact]
    public void Set_ManyWords_TableGrowsAndEveryWordIsFound()
    {
        var d = new PrefixDictionary(16);
        for (var i = 0; i < 20_000; i++)
        {
            d.Set("词" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), i + 1);
        }

        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal(i + 1, d.Get("词" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void TryReadSnapshot_RoundTrip_SameKeysAndFrequencies()
    {
        var d = new PrefixDictionary(16) { Total = 42 };
        d.Set("北京", 10);
        d.Set("北京大学", 5);
        var hash = SHA256.HashData("source"u8);
        var ms = new MemoryStream();
        d.WriteSnapshot(ms, hash);
        var r = PrefixDictionary.TryReadSnapshot(ms.ToArray(), hash);
        Assert.NotNull(r);
        Assert.Equal((42L, 10, 0, 5, d.KeyCount), (r.Total, r.Get("北京"), r.Get("北京大"), r.Get("北京大学"), r.KeyCount));
        Assert.Equal(d.LogFreq(d.Find("北京")), r.LogFreq(r.Find("北京")));
    }

    [Fact]
    public void TryReadSnapshot_OtherSourceTruncatedOrCorrupt_Null()
    {
        var d = new PrefixDictionary(16) { Total = 3 };
        d.Set("北京", 3);
        var hash = SHA256.HashData("source"u8);
        var ms = new MemoryStream();
        d.WriteSnapshot(ms, hash);
        var bytes = ms.ToArray();
        Assert.Null(PrefixDictionary.TryReadSnapshot(bytes, SHA256.HashData("other"u8)));
        Assert.Null(PrefixDictionary.TryReadSnapshot(bytes.AsSpan(0, bytes.Length - 1), hash));

        // Point a root entry at a node that does not exist.
        var corrupt = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(corrupt.AsSpan(60 + ('北' * 4)), 1_000_000);
        Assert.Null(PrefixDictionary.TryReadSnapshot(corrupt, hash));
    }
}
