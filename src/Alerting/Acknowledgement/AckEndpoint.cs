using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>Maps <c>GET /ack/{id}</c>: a valid signed link acknowledges the alert; a forged or expired one is refused.</summary>
internal static class AckEndpoint
{
    public static void Map(IEndpointRouteBuilder app, AckLinks links, IAlertStore store, IOptions<RoutingOptions> routing, TimeProvider time)
    {
        app.MapGet("/ack/{id:long}", async (long id, HttpRequest request, CancellationToken ct) =>
        {
            var responder = request.Query["r"].FirstOrDefault();
            var status = links.Verify(id, responder, request.Query["exp"].FirstOrDefault(), request.Query["sig"].FirstOrDefault());
            if (status == AckLinkStatus.Forged)
            {
                return Page(403, "链接无效", "签收链接无效（签名不符）。请使用通知中的原始链接，或在值班终端执行 sw alerts ack。");
            }

            if (status == AckLinkStatus.Expired)
            {
                return Page(410, "链接已过期", "签收链接已过期。请在值班终端执行 sw alerts ack " + id + "。");
            }

            var alert = await store.GetAlertAsync(id, ct).ConfigureAwait(false);
            if (alert is null)
            {
                return Page(404, "告警不存在", "告警 #" + id + " 不存在。");
            }

            var name = routing.Value.Responders.TryGetValue(responder!, out var r) ? $"{r.Name}（{responder}）" : responder!;
            var first = await store.AcknowledgeAsync(id, name, "link", time.GetUtcNow(), ct).ConfigureAwait(false);
            var again = await store.GetAlertAsync(id, ct).ConfigureAwait(false);
            return first
                ? Page(200, "已签收", $"告警 #{id}“{alert.Title}”已由 {name} 签收，升级通知已停止。")
                : Page(200, "此前已签收", $"告警 #{id}“{alert.Title}”当前状态：{again?.State}（{again?.AcknowledgedBy}）。");
        });
    }

    private static IResult Page(int status, string title, string body) =>
        Results.Content(
            $"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(body)}</p></body></html>",
            "text/html; charset=utf-8",
            statusCode: status);
}

/// <summary>Serves the acknowledgement endpoint on <see cref="AckOptions.Listen"/> (loopback by default) while the worker runs.</summary>
internal sealed class AckServer(AckLinks links, IAlertStore store, IOptions<RoutingOptions> routing, IOptions<AckOptions> options, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address actually bound (useful when listening on port 0).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Serve)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Value.Listen);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        AckEndpoint.Map(_app, links, store, routing, time);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
