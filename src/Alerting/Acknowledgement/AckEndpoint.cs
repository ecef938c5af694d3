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
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>
/// Maps <c>/ack/{id}</c>. A link never acts by itself: mail scanners and link previews fetch every link of a mail, so
/// <c>GET</c> only checks the link and answers with a confirmation page that says what the button will do (no script
/// needed); <c>POST</c> with the page's form token acts. The signature covers alert, responder, action and label, so
/// a label changed in the URL is refused; each link acts once (claimed in <see cref="IAckLinkLedger"/> before it
/// acts): a second POST changes nothing, is kept as a replay and is answered "already done".
/// </summary>
internal static class AckEndpoint
{
    public static void Map(IEndpointRouteBuilder app, AckLinks links, IAlertStore store, IAlertingAdmin admin, IAckLinkLedger ledger, IOptions<RoutingOptions> routing, TimeProvider time, ILogger logger)
    {
        app.MapGet("/ack/{id:long}", async (long id, HttpRequest request, CancellationToken ct) =>
        {
            var (link, refusal) = await CheckAsync(id, request, links, store, ct).ConfigureAwait(false);
            if (link is null)
            {
                return refusal!;
            }

            var action = request.Path + request.QueryString;
            var body = WebUtility.HtmlEncode(link.Does) +
                "</p><p>本页面不会自动执行任何操作；只有点击下方按钮才会执行，且每个链接只能使用一次。</p>" +
                $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(action)}\"><input type=\"hidden\" name=\"token\" value=\"{links.FormToken(link.Sig)}\">" +
                $"<button type=\"submit\">{WebUtility.HtmlEncode(link.Button)}</button></form><p>";
            return Page(200, "请确认操作", body, encoded: true);
        });

        app.MapPost("/ack/{id:long}", async (long id, HttpRequest request, CancellationToken ct) =>
        {
            var (link, refusal) = await CheckAsync(id, request, links, store, ct).ConfigureAwait(false);
            if (link is null)
            {
                return refusal!;
            }

            var token = request.HasFormContentType ? (await request.ReadFormAsync(ct).ConfigureAwait(false))["token"].FirstOrDefault() : null;
            if (!links.VerifyFormToken(link.Sig, token))
            {
                AckLog.TokenMissing(logger, id, link.Responder);
                return Page(403, "未确认", "缺少或不符的确认令牌：请先打开通知中的链接，在确认页面上点击按钮。未执行任何操作。");
            }

            var now = time.GetUtcNow();
            var earlier = await ledger.TryClaimAsync(new AckLinkUse(link.Sig, id, link.Responder, link.Action, link.Label, now), ct).ConfigureAwait(false);
            if (earlier is not null)
            {
                var remote = request.HttpContext.Connection.RemoteIpAddress?.ToString();
                var agent = request.Headers.UserAgent.FirstOrDefault();
                await ledger.RecordReplayAsync(link.Sig, id, now, remote, agent, ct).ConfigureAwait(false);
                AckLog.Replay(logger, id, link.Responder, link.Action, link.Label, earlier.UsedAtUtc, remote, agent);
                return Page(409, "此前已完成", $"此链接已于 {ChinaTime.FormatBeijing(earlier.UsedAtUtc)} 使用过，操作已完成，本次未重复执行（已记录）。");
            }

            var name = routing.Value.Responders.TryGetValue(link.Responder, out var r) ? $"{r.Name}（{link.Responder}）" : link.Responder;
            AckOutcome outcome;
            try
            {
                outcome = await admin.AcknowledgeAsync(id, name, "link", link.Label, ct).ConfigureAwait(false);
            }
            catch
            {
                // The action did not happen: the link stays usable.
                await ledger.ReleaseAsync(link.Sig, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            var again = await store.GetAlertAsync(id, ct).ConfigureAwait(false);
            var feedback = link.Label is null ? string.Empty : $"已记录类别“{link.Label}”（{outcome.FeedbackPosts} 条信息），用于模型再训练。";
            return outcome.Acknowledged
                ? Page(200, "已签收", $"告警 #{id}“{link.Title}”已由 {name} 签收，升级通知已停止。{feedback}")
                : Page(200, "此前已签收", $"告警 #{id}“{link.Title}”此前已签收，当前状态：{again?.State}（{again?.AcknowledgedBy}），本次未重复签收。{feedback}");
        });
    }

    /// <summary>A checked link: what it does, in words for the confirmation page.</summary>
    private sealed record CheckedLink(string Sig, string Responder, string Action, string? Label, string Title, string Does, string Button);

    private static async Task<(CheckedLink? Link, IResult? Refusal)> CheckAsync(long id, HttpRequest request, AckLinks links, IAlertStore store, CancellationToken ct)
    {
        var q = request.Query;
        var responder = q["r"].FirstOrDefault();
        var action = q["action"].FirstOrDefault();
        var label = q["label"].FirstOrDefault();
        var sig = q["sig"].FirstOrDefault();
        var status = links.Verify(id, responder, action, label, q["exp"].FirstOrDefault(), sig);
        if (status == AckLinkStatus.Forged)
        {
            return (null, Page(403, "链接无效", "签收链接无效（签名不符：链接被改动或不完整）。请使用通知中的原始链接，或在值班终端执行 sw alerts ack。未执行任何操作。"));
        }

        if (status == AckLinkStatus.Expired)
        {
            return (null, Page(410, "链接已过期", "签收链接已过期。请在值班终端执行 sw alerts ack " + id + "。"));
        }

        var alert = await store.GetAlertAsync(id, ct).ConfigureAwait(false);
        if (alert is null)
        {
            return (null, Page(404, "告警不存在", "告警 #" + id + " 不存在。"));
        }

        if (label is not null && (!Labels.All.Contains(label) || alert.IncidentId is null))
        {
            return (null, Page(400, "类别无效", $"“{label}”不是可确认的类别（{string.Join("、", Labels.All)}），或该告警不涉及事件。告警未签收。"));
        }

        var (does, button) = Describe(id, alert, label);
        return (new CheckedLink(sig!, responder!, action!, label, alert.Title, does, button), null);
    }

    /// <summary>What a link will do, in the words the mail uses too (<see cref="LabelWords.LinkDoes"/>).</summary>
    private static (string Does, string Button) Describe(long alertId, AlertRecord alert, string? label) =>
        ($"点击下方按钮将对告警 #{alertId}“{alert.Title}”（{alert.Level.Roman()}级）执行：{LabelWords.LinkDoes(label)}。",
         label switch { null => "确认签收", Labels.Normal => "确认误报", _ => "确认类别" });

    private static IResult Page(int status, string title, string body, bool encoded = false) =>
        Results.Content(
            $"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{(encoded ? body : WebUtility.HtmlEncode(body))}</p></body></html>",
            "text/html; charset=utf-8",
            statusCode: status);
}

/// <summary>Serves the acknowledgement endpoint on <see cref="AckOptions.Listen"/> (loopback by default) while the worker runs.</summary>
internal sealed class AckServer(AckLinks links, IAlertStore store, IAlertingAdmin admin, IAckLinkLedger ledger, IOptions<RoutingOptions> routing, IOptions<AckOptions> options, TimeProvider time, ILogger<AckServer> logger) : IHostedService, IAsyncDisposable
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
        AckEndpoint.Map(_app, links, store, admin, ledger, routing, time, logger);
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
