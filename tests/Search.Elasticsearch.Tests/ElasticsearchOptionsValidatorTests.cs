using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Search.Elasticsearch.Tests;

public sealed class ElasticsearchOptionsValidatorTests
{
    [Fact]
    public void Validate_EveryBadKey_NamedAtOnce_CredentialNeverEchoed()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:es"] = "s3cret" }).Build();
        var options = new ElasticsearchOptions
        {
            Urls = ["http://es1:9200", "htp://x", "https://elastic:pw@es2:9200"],
            IndexPrefix = "Bad Prefix",
            Username = "elastic",
            Password = "hunter2",
            BulkSize = 0,
            FlushInterval = TimeSpan.Zero,
            Backoff = TimeSpan.FromSeconds(10),
            MaxBackoff = TimeSpan.FromSeconds(1),
            CertificateFingerprint = "abc",
        };

        var result = new ElasticsearchOptionsValidator(config).Validate(null, options);

        Assert.True(result.Failed);
        var text = string.Join("\n", result.Failures!);
        foreach (var key in new[] { "Urls:1", "Urls:2", "IndexPrefix", "Password", "BulkSize", "FlushInterval", "MaxBackoff", "CertificateFingerprint" })
        {
            Assert.Contains("Search:Elasticsearch:" + key, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretReferences_ResolvedOrNamed()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:es"] = "s3cret" }).Build();
        var validator = new ElasticsearchOptionsValidator(config);

        Assert.True(validator.Validate(null, new ElasticsearchOptions { Urls = ["https://es1:9200"], Username = "elastic", Password = "secret:es" }).Succeeded);
        var missing = validator.Validate(null, new ElasticsearchOptions { Urls = ["https://es1:9200"], ApiKey = "secret:nope" });
        Assert.Contains("names secret 'nope'", string.Join("\n", missing.Failures!), StringComparison.Ordinal);
        var none = validator.Validate(null, new ElasticsearchOptions());
        Assert.Contains("Search:Elasticsearch:Urls", string.Join("\n", none.Failures!), StringComparison.Ordinal);
    }
}
