using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Search.Elasticsearch;

/// <summary>
/// The one <see cref="ElasticsearchClient"/> of the process, built from <see cref="ElasticsearchOptions"/>: the node
/// pool (several URLs round-robin with failover), the credential resolved from its <c>secret:</c>/<c>env:</c>
/// reference, the CA fingerprint and the request timeout. Tests hand in a request invoker (the transport's
/// in-memory one) in place of HTTP.
/// </summary>
public sealed class ElasticsearchConnection
{
    public ElasticsearchConnection(IOptions<ElasticsearchOptions> options, IConfiguration configuration, IRequestInvoker? invoker = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        var uris = o.Urls.Select(u => new Uri(u)).ToList();
        NodePool pool = uris.Count == 1 ? new SingleNodePool(uris[0]) : new StaticNodePool(uris);
        var settings = invoker is null ? new ElasticsearchClientSettings(pool) : new ElasticsearchClientSettings(pool, invoker);
        settings.RequestTimeout(o.RequestTimeout);
        if (!string.IsNullOrEmpty(o.ApiKey) && ElasticsearchCredentials.TryResolve(configuration, o.ApiKey, out var key, out _))
        {
            settings.Authentication(new ApiKey(key));
        }
        else if (!string.IsNullOrEmpty(o.Username))
        {
            var password = !string.IsNullOrEmpty(o.Password) && ElasticsearchCredentials.TryResolve(configuration, o.Password, out var p, out _) ? p : string.Empty;
            settings.Authentication(new BasicAuthentication(o.Username, password));
        }

        if (!string.IsNullOrEmpty(o.CertificateFingerprint))
        {
            settings.CertificateFingerprint(o.CertificateFingerprint);
        }

        Client = new ElasticsearchClient(settings);
    }

    public ElasticsearchClient Client { get; }
}
