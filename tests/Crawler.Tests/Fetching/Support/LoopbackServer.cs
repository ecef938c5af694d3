using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SentimentWatch.Crawler.Tests.Fetching.Support;

/// <summary>One request as the server saw it, stamped with the server's clock on arrival.</summary>
internal sealed record SeenRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ArrivedAt);

/// <summary>A real Kestrel server on 127.0.0.1, port 0, answering with the handler the test gives.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _seen = new();

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<SeenRequest> Seen => [.. _seen];

    public IReadOnlyList<SeenRequest> SeenAt(string path) => _seen.Where(r => r.Path == path).ToList();

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            server!._seen.Enqueue(new SeenRequest(
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                TimeProvider.System.GetUtcNow()));
            try
            {
                await handler(context);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up (timeout, body cap): nothing more to send.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return server;
    }

    /// <summary>A server that answers robots.txt with 404 and everything else with <paramref name="handler"/>.</summary>
    public static Task<LoopbackServer> StartWithoutRobotsAsync(Func<HttpContext, Task> handler) =>
        StartAsync(context =>
        {
            if (context.Request.Path == "/robots.txt")
            {
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            return handler(context);
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
