using SentimentWatch.Classifier.Segmentation;

namespace SentimentWatch.Classifier.Tests.Segmentation;

/// <summary>Viterbi paths checked against <c>jieba.finalseg.viterbi</c>.</summary>
public sealed class HmmModelTests
{
    private static readonly Lazy<HmmModel> Model = new(() =>
    {
        using var s = GzipModelFiles.OpenRead(Path.Combine(JiebaTestData.ModelDir, "finalseg_hmm.json.gz"));
        return HmmModel.Load(s);
    });

    [Theory]
    [InlineData("杭研", "BE")]
    [InlineData("巭巭巭", "SSS")]
    public void Viterbi_Observation_SamePathAsJieba(string obs, string expected)
    {
        var path = new byte[obs.Length];
        Model.Value.Viterbi(obs, path, new byte[obs.Length]);
        Assert.Equal(expected, new string(path.Select(p => "BEMS"[p]).ToArray()));
    }

    [Fact]
    public void Load_MinFloat_IsJiebaConstant()
    {
        Assert.Equal(-3.14e100, Model.Value.MinFloat);
    }
}
