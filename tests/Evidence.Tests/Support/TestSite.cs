using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SentimentWatch.Evidence.Tests.Support;

/// <summary>
/// A forum-like site on 127.0.0.1 (Kestrel, port 0) with a genuine post and every kind of page that must never be
/// taken for evidence: captcha, login wall, deleted post, soft 404, 410, endless redirects, 20 MB, a hang.
/// </summary>
internal sealed class TestSite : IAsyncDisposable
{
    public const string PostText = "出售2026年法考客观题答案，考前三天发送，保过，联系微信 fk2026x，先付定金五百元。";

    private readonly WebApplication _app;

    private TestSite(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>Pages a test puts up at <c>/page/{name}</c> (HTML, UTF-8).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Pages { get; } = new();

    /// <summary>What /toggle serves: the post, or a "deleted" page once it has been taken down.</summary>
    public bool ToggleOnline { get; set; } = true;

    public Uri Url(string path) => new(BaseUri, path);

    public static string PostHtml => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>法考交流吧 - 帖子</title>
        <style>body { font-family: sans-serif; }</style><script>var tracking = 1;</script></head>
        <body><div class="post"><h1>考前资料</h1><p class="author">楼主：法考小助手</p><p>{{PostText}}</p>
        <p>发布时间：2026-11-22 09:15</p></div>
        <div class="reply"><p>二楼：这种都是骗子，大家别信。</p></div></body></html>
        """;

    public static async Task<TestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestSite? site = null;
        app.MapGet("/post/1", () => Html(PostHtml));
        app.MapGet("/captcha", () => Html("<html><head><title>安全验证</title></head><body><p>请输入验证码后继续访问</p></body></html>"));
        app.MapGet("/challenge", () => Html("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>example.com</h1><p>Checking if the site connection is secure</p><noscript>Enable JavaScript and cookies to continue</noscript></body></html>"));
        app.MapGet("/needs-login", () => Results.Redirect("/passport/login?next=/post/2"));
        app.MapGet("/passport/login", () => Html("<html><head><title>登录</title></head><body><p>请登录后查看帖子内容</p></body></html>"));
        app.MapGet("/deleted", () => Html("<html><head><title>提示</title></head><body><p>抱歉，该帖已被删除</p></body></html>"));
        app.MapGet("/soft404", () => Html("<html><head><title>出错了</title></head><body><p>您访问的页面不存在</p></body></html>"));
        app.MapGet("/gone", () => Results.StatusCode(410));
        app.MapGet("/loop/{n:int}", (int n) => Results.Redirect($"/loop/{n + 1}"));
        app.MapGet("/moved", () => Results.Redirect("/post/1"));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/big", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var i = 0; i < 320 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
        });
        app.MapGet("/slow", async (HttpContext ctx) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            return Html(PostHtml);
        });
        app.MapGet("/page/{name}", (string name) => site!.Pages.TryGetValue(name, out var html) ? Html(html) : Results.NotFound());
        app.MapGet("/toggle", () => site!.ToggleOnline ? Html(PostHtml) : Html("<html><head><title>提示</title></head><body><p>该内容已被删除</p></body></html>"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        site = new TestSite(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return site;
    }

    private static IResult Html(string html) => Results.Bytes(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
