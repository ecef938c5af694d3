using System.Globalization;
using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Evidence;

/// <summary>One HTTP request/response as captured (one hop of a redirect chain).</summary>
internal sealed record CapturedExchange(
    Uri Url,
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    int Status,
    string Reason,
    string HttpVersion,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders,
    byte[] Body,
    bool Truncated,
    DateTimeOffset AtUtc,
    string? ServerIp)
{
    public string? Header(string name) =>
        ResponseHeaders.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

internal enum FetchFailure
{
    None,
    Timeout,
    TooManyRedirects,
    TooLarge,
    Network,
    BadRedirect,

    /// <summary>The outbound policy refused the address (loopback, private, link-local, metadata…).</summary>
    Refused,
}

/// <summary>TLS as observed on the final hop: chain (leaf first, DER), protocol and any validation errors.</summary>
internal sealed record TlsObservation(IReadOnlyList<byte[]> ChainDer, string Protocol, string PolicyErrors);

/// <summary>Everything one fresh anonymous fetch observed, including a failure and the hops before it.</summary>
internal sealed record EvidenceFetch(
    Uri RequestUrl,
    IReadOnlyList<CapturedExchange> Hops,
    FetchFailure Failure,
    string? FailureDetail,
    DateTimeOffset StartedUtc,
    DateTimeOffset FinishedUtc,
    TlsObservation? Tls,
    IReadOnlyList<string> DnsAnswers)
{
    public CapturedExchange? Final => Hops.Count == 0 ? null : Hops[^1];

    /// <summary>Server clock minus ours, from the final response's Date header (1 s resolution).</summary>
    public TimeSpan? ServerClockOffset
    {
        get
        {
            var date = Final?.Header("Date");
            if (date is null || !DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var server))
            {
                return null;
            }

            return server - Final!.AtUtc;
        }
    }
}

/// <summary>
/// The fresh anonymous fetch: no cookies, no proxy, no decompression (Accept-Encoding: identity so the payload
/// equals page-source.html byte for byte), redirects followed by hand so each hop is recorded, size, time and
/// hop count capped. A new connection per capture so the recorded server IP and TLS chain belong to it.
/// </summary>
internal sealed class AnonymousFetcher(IOptions<EvidenceOptions> options, IOptions<OutboundRules> outbound, OutboundGuard guard, TimeProvider time)
{
    /// <summary>The outbound rules of the evidence stage: the global <c>Outbound</c> section united with <c>Evidence:Outbound</c>.</summary>
    public OutboundRules Rules => outbound.Value.Union(options.Value.Outbound);

    public async Task<EvidenceFetch> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var started = time.GetUtcNow();
        var hops = new List<CapturedExchange>();
        var dns = new List<string>();
        var ips = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        TlsObservation? tls = null;
        var rules = Rules;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = o.FetchTimeout,
            // Checked after resolution on every connection, so each redirect hop meets the outbound policy too.
            ConnectCallback = guard.Callback(
                _ => rules,
                "evidence-fetch",
                connected: (context, remote) =>
                {
                    lock (ips)
                    {
                        ips[$"{context.DnsEndPoint.Host}:{context.DnsEndPoint.Port}"] = remote.Address.ToString();
                    }
                },
                resolved: (context, addresses) =>
                {
                    lock (dns)
                    {
                        dns.Add($"{context.DnsEndPoint.Host}\t{string.Join(' ', addresses.Select(a => a.ToString()))}");
                    }
                }),
            SslOptions = new SslClientAuthenticationOptions
            {
                // Evidence of what a public page served is kept even when its certificate is bad; the errors are recorded.
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    var der = new List<byte[]>();
                    if (chain is not null && chain.ChainElements.Count > 0)
                    {
                        der.AddRange(chain.ChainElements.Select(e => e.Certificate.RawData));
                    }
                    else if (certificate is not null)
                    {
                        der.Add(certificate.GetRawCertData());
                    }

                    tls = new TlsObservation(der, (sender as SslStream)?.SslProtocol.ToString() ?? "tls", errors.ToString());
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = new CancellationTokenSource(o.FetchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var current = url;
        var failure = FetchFailure.None;
        string? detail = null;
        try
        {
            for (var hop = 0; ; hop++)
            {
                var exchange = await FetchOneAsync(client, current, o, ips, linked.Token).ConfigureAwait(false);
                hops.Add(exchange);
                if (exchange.Truncated)
                {
                    failure = FetchFailure.TooLarge;
                    detail = $"response larger than {o.MaxResponseBytes} bytes (cut)";
                    break;
                }

                if (exchange.Status is not (301 or 302 or 303 or 307 or 308))
                {
                    break;
                }

                var location = exchange.Header("Location");
                if (string.IsNullOrWhiteSpace(location) || !Uri.TryCreate(current, location, out var next) || (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps))
                {
                    failure = FetchFailure.BadRedirect;
                    detail = $"redirect {exchange.Status} with unusable Location '{location}'";
                    break;
                }

                if (hop + 1 > o.MaxRedirects)
                {
                    failure = FetchFailure.TooManyRedirects;
                    detail = $"more than {o.MaxRedirects} redirects";
                    break;
                }

                current = next;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            failure = FetchFailure.Timeout;
            detail = $"no complete answer within {o.FetchTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception ex) when (OutboundGuard.RefusalIn(ex) is { } refused)
        {
            failure = FetchFailure.Refused;
            detail = refused.Message;
        }
        catch (HttpRequestException ex)
        {
            failure = FetchFailure.Network;
            detail = ex.Message;
        }
        catch (IOException ex)
        {
            failure = FetchFailure.Network;
            detail = ex.Message;
        }

        return new EvidenceFetch(url, hops, failure, detail, started, time.GetUtcNow(), url.Scheme == Uri.UriSchemeHttps ? tls : null, dns);
    }

    private async Task<CapturedExchange> FetchOneAsync(HttpClient client, Uri url, EvidenceOptions o, Dictionary<string, string> ips, CancellationToken cancellationToken)
    {
        var requestHeaders = new List<KeyValuePair<string, string>>
        {
            new("Host", url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}"),
            new("User-Agent", o.UserAgent),
            new("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            new("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"),
            new("Accept-Encoding", "identity"),
            new("Connection", "keep-alive"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        foreach (var (name, value) in requestHeaders.Skip(1))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var at = time.GetUtcNow();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        // Transfer-Encoding is removed by the client; the record keeps the de-chunked entity, so the header is dropped
        // (the metadata record says the HTTP messages are reconstructed).
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var truncated = false;
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var room = o.MaxResponseBytes - buffer.Length;
            if (read > room)
            {
                buffer.Write(chunk, 0, (int)room);
                truncated = true;
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        string? ip;
        lock (ips)
        {
            ips.TryGetValue($"{url.Host}:{url.Port}", out ip);
        }

        return new CapturedExchange(url, "GET", requestHeaders, (int)response.StatusCode, response.ReasonPhrase ?? "", $"HTTP/{response.Version.Major}.{response.Version.Minor}",
            headers, buffer.ToArray(), truncated, at, ip);
    }
}
