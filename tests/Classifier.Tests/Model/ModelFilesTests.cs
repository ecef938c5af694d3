using SentimentWatch.Classifier.Model;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class ModelFilesTests
{
    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("sw-modelfiles-").FullName, name);

    [Fact]
    public void LoadModel_MissingFile_ErrorNamesFileAndSwTrain()
    {
        var path = Temp("classifier.zip");

        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadModel(path, Labels.All, 100));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("sw train", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadModel_CorruptFile_ErrorNamesFileAndSwTrain()
    {
        var path = Temp("classifier.zip");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]);

        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadModel(path, Labels.All, 100));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("sw train", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadModel_ManifestDescribesOtherFeatureSpace_Refused()
    {
        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadModel(Some.Model.ZipPath, Labels.All, 12345));

        Assert.Contains("12345", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("{\"format_version\": 99}")]
    public void ReadManifest_CorruptOrForeign_ErrorNamesFile(string content)
    {
        var path = Temp("classifier.json");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.ReadManifest(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadManifest_WrittenBySave_RoundTrips()
    {
        var manifest = ModelFiles.ReadManifest(Some.Model.ManifestPath);

        Assert.Equal(Some.Model.Outcome.Manifest.ModelVersion, manifest.ModelVersion);
        Assert.Equal(Some.Model.Outcome.Manifest.CrossValidation.MacroF1, manifest.CrossValidation.MacroF1);
        Assert.Equal(Some.SmallSpec, manifest.Features);
    }
}
