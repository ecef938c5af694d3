using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Classifier.Tests.Segmentation;

public sealed class SegmentationServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddSegmentation(config);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddSegmentation_DefaultOptions_SegmenterAppliesDomainDictionary()
    {
        var data = Directory.CreateTempSubdirectory("sw-seg-di-");
        try
        {
            using var sp = Build(new()
            {
                ["Paths:Models"] = Path.Combine(JiebaTestData.RepoRoot, "models"),
                ["Paths:Data"] = data.FullName,
            });
            var seg = sp.GetRequiredService<ITextSegmenter>();
            Assert.Equal(["我们", "的", "法考", "客观题", "机考", "包过"], seg.Cut("我们的法考客观题机考包过"));
            Assert.Same(seg, sp.GetRequiredService<JiebaSegmenter>());
            Assert.Contains(sp.GetRequiredService<IKeywordExtractor>().Extract("法考客观题泄题，法考答案", 5), k => k.Word == "法考");
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(data.FullName, "cache", "segmentation"), "*.bin"));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddSegmentation_BadPaths_ValidationNamesEveryKeyAndValue()
    {
        using var sp = Build(new()
        {
            ["Paths:Models"] = "/nonexistent/models",
            ["Segmentation:Dictionary"] = "/nonexistent/dict.txt",
            ["Segmentation:UserDictionaries:0"] = "/nonexistent/user.txt",
        });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<SegmentationOptions>>().Value);
        var failures = ex.Failures.ToList();
        Assert.Contains(failures, f => f.StartsWith("Segmentation:Dictionary '/nonexistent/dict.txt'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Segmentation:Hmm '(default)' file not found: /nonexistent/models/jieba/finalseg_hmm.json.gz", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Segmentation:Idf", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Segmentation:UseDomainDictionary 'true' file not found", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Segmentation:UserDictionaries:0 '/nonexistent/user.txt'", StringComparison.Ordinal));
    }
}
