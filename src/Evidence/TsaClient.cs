using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SentimentWatch.Evidence;

/// <summary>An accepted RFC 3161 reply: the full response bytes (for <c>openssl ts -verify</c>) and its genTime.</summary>
internal sealed record TsaStamp(byte[] Response, DateTimeOffset GenTime, string TsaSubject);

/// <summary>
/// RFC 3161 client. Every reply is checked before it is accepted: status granted, nonce and imprint equal to the
/// request (ProcessResponse), token signature, and the TSA chain up to the configured root with EKU timeStamping
/// at genTime. A TSA that is down or answers wrongly is a recorded failure, never a stamp.
/// </summary>
internal sealed class TsaClient : IDisposable
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<(TsaStamp? Stamp, string? Problem)> StampAsync(TsaOptions tsa, byte[] data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tsa);
        var hash = SHA256.HashData(data);
        var request = Rfc3161TimestampRequest.CreateFromHash(hash, HashAlgorithmName.SHA256, nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
        byte[] reply;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(tsa.Timeout);
        try
        {
            using var content = new ByteArrayContent(request.Encode());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var response = await _http.PostAsync(new Uri(tsa.Url), content, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode} from {tsa.Url}");
            }

            reply = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer from {tsa.Url} within {tsa.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"{tsa.Url} unreachable: {ex.Message}");
        }

        Rfc3161TimestampToken token;
        try
        {
            // Checks status, nonce and message imprint against the request.
            token = request.ProcessResponse(reply, out _);
        }
        catch (CryptographicException ex)
        {
            return (null, $"reply rejected (status, nonce or imprint): {ex.Message}");
        }

        var root = new X509Certificate2Collection();
        root.ImportFromPemFile(tsa.TrustedRootPath);
        var extra = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(tsa.ChainPath))
        {
            extra.ImportFromPemFile(tsa.ChainPath);
        }

        var problem = CheckToken(token, hash, root, extra, out var signer);
        return problem is null ? (new TsaStamp(reply, token.TokenInfo.Timestamp, signer!.Subject), null) : (null, problem);
    }

    /// <summary>Signature over the imprint and chain to <paramref name="roots"/> with EKU timeStamping at genTime.</summary>
    public static string? CheckToken(Rfc3161TimestampToken token, byte[] hash, X509Certificate2Collection roots, X509Certificate2Collection extra, out X509Certificate2? signer)
    {
        ArgumentNullException.ThrowIfNull(token);
        var candidates = new X509Certificate2Collection();
        candidates.AddRange(extra);
        candidates.AddRange(token.AsSignedCms().Certificates);
        if (!token.VerifySignatureForHash(hash, HashAlgorithmName.SHA256, out signer, candidates) || signer is null)
        {
            return "token signature does not verify over the imprint";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange(candidates);
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(TimeStampingEku));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = token.TokenInfo.Timestamp.UtcDateTime;
        if (!chain.Build(signer))
        {
            return "TSA certificate does not chain to the trusted root with EKU timeStamping: " +
                string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        }

        return null;
    }

    /// <summary>Extracts the token from a TimeStampResp (<c>.tsr</c>); null when the response is malformed or not granted.</summary>
    public static Rfc3161TimestampToken? TokenFromResponse(byte[] response, out string? problem)
    {
        problem = null;
        try
        {
            var reader = new AsnReader(response, AsnEncodingRules.DER);
            var resp = reader.ReadSequence();
            var status = resp.ReadSequence();
            var code = (int)status.ReadInteger();
            if (code is not (0 or 1))
            {
                problem = $"TSA status {code} (not granted)";
                return null;
            }

            if (!resp.HasData)
            {
                problem = "response carries no token";
                return null;
            }

            var tokenBytes = resp.ReadEncodedValue();
            if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _))
            {
                problem = "token is not a valid RFC 3161 timestamp token";
                return null;
            }

            return token;
        }
        catch (AsnContentException ex)
        {
            problem = $"malformed TimeStampResp: {ex.Message}";
            return null;
        }
        catch (CryptographicException ex)
        {
            problem = $"malformed TimeStampResp: {ex.Message}";
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
