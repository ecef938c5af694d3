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
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>
/// Maps <c>GET /ack/{id}</c>: a valid signed link acknowledges the alert; a forged or expired one is refused. An optional
/// <c>label</c> parameter (the notification offers one link per label) records the responder's decision on the
/// incident's posts as classifier feedback. The signature covers the alert and the responder, not the label: the label
/// is the holder's own answer, like the CLI's <c>--label</c>.
/// </summary>
internal static class AckEndpoint
{
    public static void Map(IEndpointRouteBuilder app, AckLinks links, IAlertStore store, IAlertingAdmin admin, IOptions<RoutingOptions> routing)
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

            var label = request.Query["label"].FirstOrDefault();
            if (label is not null && (!Labels.All.Contains(label) || alert.IncidentId is null))
            {
                return Page(400, "类别无效", $"“{label}”不是可确认的类别（{string.Join("、", Labels.All)}），或该告警不涉及事件。告警未签收。");
            }

            var name = routing.Value.Responders.TryGetValue(responder!, out var r) ? $"{r.Name}（{responder}）" : responder!;
            var outcome = await admin.AcknowledgeAsync(id, name, "link", label, ct).ConfigureAwait(false);
            var again = await store.GetAlertAsync(id, ct).ConfigureAwait(false);
            var feedback = label is null ? string.Empty : $"已记录类别“{label}”（{outcome.FeedbackPosts} 条信息），用于模型再训练。";
            return outcome.Acknowledged
                ? Page(200, "已签收", $"告警 #{id}“{alert.Title}”已由 {name} 签收，升级通知已停止。{feedback}")
                : Page(200, "此前已签收", $"告警 #{id}“{alert.Title}”当前状态：{again?.State}（{again?.AcknowledgedBy}）。{feedback}");
        });
    }

    private static IResult Page(int status, string title, string body) =>
        Results.Content(
            $"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(body)}</p></body></html>",
            "text/html; charset=utf-8",
            statusCode: status);
}

/// <summary>Serves the acknowledgement endpoint on <see cref="AckOptions.Listen"/> (loopback by default) while the worker runs.</summary>
internal sealed class AckServer(AckLinks links, IAlertStore store, IAlertingAdmin admin, IOptions<RoutingOptions> routing, IOptions<AckOptions> options) : IHostedService, IAsyncDisposable
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
        AckEndpoint.Map(_app, links, store, admin, routing);
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
