namespace SentimentWatch.Search.Elasticsearch.Tests.Live;

/// <summary>
/// A test against a real cluster: runs when <c>SW_TEST_ELASTICSEARCH_URL</c> names one (e.g. <c>http://127.0.0.1:9200</c>;
/// <c>SW_TEST_ELASTICSEARCH_USER</c> / <c>SW_TEST_ELASTICSEARCH_PASSWORD</c> for a secured one), and is reported as
/// skipped with that reason otherwise. xunit 2.9 has no run-time skip, so the reason is set when tests are discovered.
/// </summary>
internal sealed class LiveElasticsearchFactAttribute : FactAttribute
{
    public const string Variable = "SW_TEST_ELASTICSEARCH_URL";

    public LiveElasticsearchFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: no Elasticsearch cluster to test against (none can be installed on the build machines)";
        }
    }
}
