using SentimentWatch.Classifier.Normalisation;

namespace SentimentWatch.Classifier.Tests.Normalisation;

public sealed class VariantTableTests
{
    [Fact]
    public void Load_ShippedTable_HasTheDocumentedRows()
    {
        var table = VariantTable.Load(Some.ModelsPath("variants.tsv"));

        Assert.Contains(table.Entries, e => e.Variant == "da案" && e.Canonical == "答案" && e.Kind == "pinyin");
        Assert.Contains(table.Entries, e => e.Variant == "扣扣" && e.Canonical == "qq");
        Assert.Contains("答案", (IReadOnlySet<string>)table.WatchTerms);
    }

    [Fact]
    public void Parse_UnknownKind_ErrorNamesFileAndLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => VariantTable.Parse(["# comment", "da案\t答案\tsound"], "v.tsv"));

        Assert.Contains("v.tsv:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sound", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateVariant_Rejected()
    {
        var ex = Assert.Throws<InvalidDataException>(() => VariantTable.Parse(["vx\t微信\talias", "VX\t微信\talias"], "v.tsv"));

        Assert.Contains("listed twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingColumn_Rejected()
    {
        Assert.Throws<InvalidDataException>(() => VariantTable.Parse(["vx\t微信"], "v.tsv"));
    }

    [Fact]
    public void MatchAt_OverlappingVariants_LongestWins()
    {
        var table = VariantTable.Parse(["扣扣\tqq\thomophone", "扣群\tqq群\thomophone", "企鹅\tqq\talias", "企鹅群\tqq群\talias"], "v.tsv");

        Assert.Equal("qq群", table.MatchAt("企鹅群123", 0)!.Canonical);
    }
}
