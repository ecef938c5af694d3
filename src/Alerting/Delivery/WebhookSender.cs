using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>
/// Webhooks: a generic JSON document (the message payload plus its idempotency key), and the WeCom (企业微信) and
/// DingTalk (钉钉) group-robot markdown formats. Robots answer HTTP 200 with <c>errcode</c>; a non-zero code is a failure.
/// </summary>
/// <remarks>
/// A receiver acts on a request only once it has the whole body (the body has a Content-Length), so the hand-over is
/// committed before the body's last byte (<see cref="HandoverContent"/>). The generic webhook also carries the
/// idempotency key (header and <c>id</c>) for receivers that drop replays; the robots cannot, which is why the
/// hand-over matters there.
/// </remarks>
internal sealed class WebhookSender(IHttpClientFactory httpClientFactory, TimeProvider time, string type) : INotificationSender
{
    public const string HttpClientName = "SentimentWatch.Alerting.Webhook";

    public string Type { get; } = type;

    public static JsonObject Body(string type, OutboxMessage m) => type switch
    {
        "wecom" => new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["content"] = $"**{m.Subject}**\n{m.TextBody}" },
        },
        "dingtalk" => new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["title"] = m.Subject, ["text"] = $"### {m.Subject}\n{m.TextBody}" },
        },
        _ => new JsonObject
        {
            ["id"] = m.IdempotencyKey,
            ["order_key"] = m.OrderKey,
            ["responder"] = m.ResponderId,
            ["subject"] = m.Subject,
            ["text"] = m.TextBody,
            ["alert"] = JsonNode.Parse(string.IsNullOrEmpty(m.PayloadJson) ? "{}" : m.PayloadJson),
        },
    };

    /// <summary>DingTalk 加签: <c>timestamp</c> (ms) and <c>sign</c> = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).</summary>
    public static Uri SignDingTalk(Uri url, string secret, DateTimeOffset now)
    {
        var ts = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ts + "\n" + secret)));
        var sep = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri(url.AbsoluteUri + sep + "timestamp=" + ts + "&sign=" + Uri.EscapeDataString(sign));
    }

    public async Task SendAsync(OutboxMessage message, ChannelOptions channel, IDeliveryHandover handover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handover);
        var url = new Uri(channel.Url ?? throw new DeliveryException("webhook channel has no Url", permanent: true));
        if (Type == "dingtalk" && !string.IsNullOrEmpty(channel.Secret))
        {
            url = SignDingTalk(url, channel.Secret, time.GetUtcNow());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(channel.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new HandoverContent(JsonSerializer.SerializeToUtf8Bytes(Body(Type, message), JsonSerializerOptions.Web), handover) };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        var client = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is HandoverRefusedException refused)
        {
            // Not a delivery failure: the row changed state under us and the body was cut before its last byte.
            throw new HandoverRefusedException(refused.MessageId);
        }
        catch (HttpRequestException ex) when (OutboundGuard.RefusalIn(ex) is { } outbound)
        {
            // The outbound policy refused the address: retrying cannot change that, the channel's URL must.
            throw new DeliveryException($"{Type} {url.GetLeftPart(UriPartial.Authority)}: {outbound.Message}", permanent: true, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DeliveryException($"{Type} {url.GetLeftPart(UriPartial.Path)}: {ex.Message}", permanent: false, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                // 4xx other than 408/429 will not get better by retrying.
                throw new DeliveryException($"{Type} answered HTTP {code}", permanent: code is >= 400 and < 500 and not 408 and not 429);
            }

            if (Type is "wecom" or "dingtalk")
            {
                int? errcode = null;
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var c))
                    {
                        errcode = c;
                    }
                }
                catch (JsonException)
                {
                }

                if (errcode is not 0)
                {
                    throw new DeliveryException($"{Type} robot refused the message: {(text.Length > 200 ? text[..200] : text)}", permanent: false);
                }
            }
        }
    }
}

/// <summary>
/// A JSON body with a known length that commits the hand-over after flushing all but its last byte: until that byte
/// arrives the receiver cannot have the request, after it the receiver may act on it.
/// </summary>
internal sealed class HandoverContent : HttpContent
{
    private readonly byte[] _body;
    private readonly IDeliveryHandover _handover;

    public HandoverContent(byte[] body, IDeliveryHandover handover)
    {
        _body = body;
        _handover = handover;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_body.Length > 1)
        {
            await stream.WriteAsync(_body.AsMemory(0, _body.Length - 1), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _handover.Commit();
        await stream.WriteAsync(_body.AsMemory(_body.Length - 1), cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
