using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Core.Tests.Net;

/// <summary>The guard as a real <see cref="SocketsHttpHandler"/> uses it, against real HTTP listeners on loopback.</summary>
public sealed class OutboundGuardTests : IDisposable
{
    private readonly RecordingLogger _log = new();
    private readonly HttpListener _allowed;
    private readonly HttpListener _internal;
    private int _internalHits;

    public OutboundGuardTests()
    {
        _allowed = Listen("127.0.0.1", ctx =>
        {
            // /to?u=… redirects wherever the test says: an allowed host leading somewhere internal.
            ctx.Response.StatusCode = ctx.Request.Url!.AbsolutePath == "/to" ? 302 : 200;
            if (ctx.Response.StatusCode == 302)
            {
                ctx.Response.RedirectLocation = ctx.Request.QueryString["u"];
            }
        });
        _internal = Listen("127.0.0.2", _ => Interlocked.Increment(ref _internalHits));
    }

    private int AllowedPort => _allowed.Prefixes.Select(p => new Uri(p).Port).First();

    private int InternalPort => _internal.Prefixes.Select(p => new Uri(p).Port).First();

    private HttpClient Client(OutboundRules rules) =>
        new(new SocketsHttpHandler { ConnectCallback = new OutboundGuard(_log).Callback(_ => rules, "test"), UseProxy = false, AllowAutoRedirect = true });

    [Theory]
    [InlineData("http://2130706433:{0}/")]
    [InlineData("http://0x7f000001:{0}/")]
    [InlineData("http://localhost:{0}/")]
    [InlineData("http://127.0.0.1:{0}/")]
    public async Task Send_LoopbackNotAllowed_RefusedAndRuleLogged(string template)
    {
        using var client = Client(new OutboundRules());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, AllowedPort)));

        Assert.Equal("loopback", OutboundGuard.RefusalIn(ex)?.Rule);
        Assert.Contains(_log.Lines, l => l.Contains("rule loopback", StringComparison.Ordinal) && l.StartsWith("Warning 6100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_LoopbackAllowed_Answered()
    {
        using var client = Client(new OutboundRules { AllowLoopback = true });

        using var response = await client.GetAsync($"http://127.0.0.1:{AllowedPort}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_log.Lines);
    }

    [Theory]
    [InlineData("http://127.0.0.2:{0}/admin", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    public async Task Send_RedirectFromAllowedHostToInternal_RefusedAtTheHop(string target, string rule)
    {
        using var client = Client(new OutboundRules { AllowNetworks = ["127.0.0.1/32"] });
        var to = Uri.EscapeDataString(string.Format(System.Globalization.CultureInfo.InvariantCulture, target, InternalPort));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{AllowedPort}/to?u={to}"));

        Assert.Equal(rule, OutboundGuard.RefusalIn(ex)?.Rule);
        Assert.Contains(_log.Lines, l => l.Contains($"rule {rule}", StringComparison.Ordinal));
        // The request is finished (refused): the internal server, which counts every request, saw none.
        Assert.Equal(0, Volatile.Read(ref _internalHits));
    }

    [Fact]
    public async Task Send_InternalAllowedByNetwork_Answered()
    {
        using var client = Client(new OutboundRules { AllowNetworks = ["127.0.0.2/32"] });

        using var response = await client.GetAsync($"http://127.0.0.2:{InternalPort}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Volatile.Read(ref _internalHits));
    }

    private static HttpListener Listen(string address, Action<HttpListenerContext> handle)
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Parse(address), 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://{address}:{port}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                continue;
            }

            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try
                    {
                        ctx = await listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    handle(ctx);
                    ctx.Response.Close();
                }
            });
            return listener;
        }
    }

    public void Dispose()
    {
        _allowed.Close();
        _internal.Close();
    }

    private sealed class RecordingLogger : ILogger<OutboundGuard>
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add($"{logLevel} {eventId.Id} {formatter(state, exception)}");
            }
        }
    }
}
