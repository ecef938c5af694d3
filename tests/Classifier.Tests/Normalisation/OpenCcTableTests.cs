using System.Text;
using SentimentWatch.Classifier.Normalisation;

namespace SentimentWatch.Classifier.Tests.Normalisation;

public sealed class OpenCcTableTests
{
    [Fact]
    public void Load_ShippedTables_ConvertsCharacters()
    {
        var table = OpenCcTable.Load(Some.ModelsPath("opencc"));
        var sb = new StringBuilder();

        table.Convert("國家統一法律職業資格考試", sb);

        Assert.Equal("国家统一法律职业资格考试", sb.ToString());
        Assert.True(table.CharacterCount > 2500, $"only {table.CharacterCount} characters loaded");
    }

    [Fact]
    public void Convert_PhraseEntry_WinsOverCharacterEntries()
    {
        var dir = Directory.CreateTempSubdirectory("sw-opencc-").FullName;
        File.WriteAllText(Path.Combine(dir, "TSCharacters.txt"), "乾\t干 乾\n坤\t坤\n");
        File.WriteAllText(Path.Combine(dir, "TSPhrases.txt"), "乾坤\t乾坤\n");
        var table = OpenCcTable.Load(dir);
        var sb = new StringBuilder();

        table.Convert("乾坤乾", sb);

        Assert.Equal("乾坤干", sb.ToString());
    }

    [Fact]
    public void Load_MissingDirectory_ErrorNamesTheFile()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => OpenCcTable.Load("/nonexistent/opencc"));

        Assert.Contains("TSCharacters.txt", ex.Message, StringComparison.Ordinal);
    }
}
