using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Storage.Search;

namespace SentimentWatch.Storage.Tests.Search;

public sealed class SearchOptionsValidatorTests
{
    [Fact]
    public void Validate_BadValues_NamesEveryKeyAndValue()
    {
        using var db = new TempDatabase();
        using var store = new SearchStore(db, new Dictionary<string, string?>
        {
            ["Search:Provider"] = "opensearch",
            ["Search:RankWindow"] = "5",
            ["Search:Indexer:BatchSize"] = "0",
            ["Search:Indexer:PollInterval"] = "00:00:00",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => store.Services.GetRequiredService<IOptions<SearchOptions>>().Value);

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("Search:Provider 'opensearch' must be sqlite or elasticsearch", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Search:RankWindow '5'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Search:Indexer:BatchSize '0'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Search:Indexer:PollInterval '00:00:00'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Valid()
    {
        var result = new SearchOptionsValidator().Validate(null, new SearchOptions());

        Assert.True(result.Succeeded);
    }
}
