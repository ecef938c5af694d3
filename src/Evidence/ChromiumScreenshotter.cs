using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Evidence;

/// <summary>Screenshots of one page, or why there are none.</summary>
internal sealed record Screenshots(byte[]? Viewport, byte[]? FullPage, bool FullPageCut, string? Browser, string? Problem, DateTimeOffset StartedUtc, DateTimeOffset FinishedUtc);

/// <summary>Takes viewport and full-page screenshots.</summary>
internal interface IScreenshotter
{
    Task<Screenshots> CaptureAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>
/// Headless Chromium driven over the DevTools protocol (a WebSocket from .NET). One browser process (fresh temporary
/// profile, started on first use) serves all captures; each capture runs in its own new browser context (no cookies,
/// cache or storage shared with any other capture), disposed afterwards. Starting Chromium costs seconds, a context
/// milliseconds. Any browser failure ends the process (by its own id) so the next capture starts a clean one.
/// Without a browser the result says so.
/// </summary>
internal sealed class ChromiumScreenshotter(IOptions<EvidenceOptions> options, TimeProvider time) : IScreenshotter, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Browser? _browser;

    public async Task<Screenshots> CaptureAsync(Uri url, CancellationToken cancellationToken)
    {
        var o = options.Value.Screenshots;
        var started = time.GetUtcNow();
        if (!o.Enabled)
        {
            return new Screenshots(null, null, false, null, "screenshots disabled by configuration (Evidence:Screenshots:Enabled=false)", started, started);
        }

        if (!File.Exists(o.ChromiumPath))
        {
            return new Screenshots(null, null, false, null, $"no browser at {o.ChromiumPath} (install Debian package chromium): no screenshots", started, started);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        Browser? browser = null;
        try
        {
            browser = await GetBrowserAsync(o, timeout.Token).ConfigureAwait(false);
            var cdp = browser.Cdp;
            var context = (await cdp.SendAsync(null, "Target.createBrowserContext", new JsonObject { ["disposeOnDetach"] = true }, timeout.Token).ConfigureAwait(false))["browserContextId"]!.GetValue<string>();
            try
            {
                var target = await cdp.SendAsync(null, "Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context }, timeout.Token).ConfigureAwait(false);
                var attached = await cdp.SendAsync(null, "Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, timeout.Token).ConfigureAwait(false);
                var session = attached["sessionId"]!.GetValue<string>();
                await cdp.SendAsync(session, "Page.enable", new JsonObject(), timeout.Token).ConfigureAwait(false);
                await cdp.SendAsync(session, "Emulation.setDeviceMetricsOverride", Metrics(o.ViewportWidth, o.ViewportHeight), timeout.Token).ConfigureAwait(false);
                var loaded = cdp.WaitForEvent(session, "Page.loadEventFired");
                var nav = await cdp.SendAsync(session, "Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, timeout.Token).ConfigureAwait(false);
                if (nav["errorText"]?.GetValue<string>() is { Length: > 0 } error)
                {
                    return new Screenshots(null, null, false, browser.Product, $"browser could not load the page: {error}", started, time.GetUtcNow());
                }

                await loaded.WaitAsync(timeout.Token).ConfigureAwait(false);
                var viewport = await ShotAsync(cdp, session, null, timeout.Token).ConfigureAwait(false);
                var layout = await cdp.SendAsync(session, "Page.getLayoutMetrics", new JsonObject(), timeout.Token).ConfigureAwait(false);
                var size = layout["cssContentSize"] ?? layout["contentSize"];
                var height = (int)Math.Ceiling(size?["height"]?.GetValue<double>() ?? o.ViewportHeight);
                var cut = height > o.MaxFullPageHeight;
                height = Math.Clamp(height, 1, o.MaxFullPageHeight);
                await cdp.SendAsync(session, "Emulation.setDeviceMetricsOverride", Metrics(o.ViewportWidth, height), timeout.Token).ConfigureAwait(false);
                var full = await ShotAsync(cdp, session, new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = o.ViewportWidth, ["height"] = height, ["scale"] = 1 }, timeout.Token).ConfigureAwait(false);
                return new Screenshots(viewport, full, cut, browser.Product, cut ? $"full-page screenshot cut at {o.MaxFullPageHeight} px" : null, started, time.GetUtcNow());
            }
            finally
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await cdp.SendAsync(null, "Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context }, cleanup.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or WebSocketException)
                {
                    await ResetAsync(browser).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ResetAsync(browser).ConfigureAwait(false);
            return new Screenshots(null, null, false, null, $"browser did not finish within {o.Timeout.TotalSeconds:0.#} s: no screenshots", started, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or InvalidOperationException or JsonException or System.ComponentModel.Win32Exception)
        {
            await ResetAsync(browser).ConfigureAwait(false);
            return new Screenshots(null, null, false, null, $"browser failed: {ex.Message}", started, time.GetUtcNow());
        }
    }

    private async Task<Browser> GetBrowserAsync(ScreenshotOptions o, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_browser is { IsAlive: true } alive)
            {
                return alive;
            }

            _browser?.Dispose();
            _browser = null;
            _browser = await Browser.StartAsync(o, cancellationToken).ConfigureAwait(false);
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ResetAsync(Browser? failed)
    {
        if (failed is null)
        {
            return;
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_browser, failed))
            {
                _browser = null;
            }

            failed.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _browser?.Dispose();
        _browser = null;
    }

    private static JsonObject Metrics(int width, int height) =>
        new() { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false };

    private static async Task<byte[]> ShotAsync(Cdp cdp, string session, JsonObject? clip, CancellationToken cancellationToken)
    {
        var p = new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = clip is not null };
        if (clip is not null)
        {
            p["clip"] = clip;
        }

        var shot = await cdp.SendAsync(session, "Page.captureScreenshot", p, cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    /// <summary>One Chromium process with its temporary profile and DevTools connection.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly Process _process;
        private readonly DirectoryInfo _profile;
        private int _disposed;

        private Browser(Process process, DirectoryInfo profile, Cdp cdp, string? product)
        {
            _process = process;
            _profile = profile;
            Cdp = cdp;
            Product = product;
        }

        public Cdp Cdp { get; }

        public string? Product { get; }

        public bool IsAlive => Volatile.Read(ref _disposed) == 0 && !_process.HasExited && Cdp.IsOpen;

        public static async Task<Browser> StartAsync(ScreenshotOptions o, CancellationToken cancellationToken)
        {
            var profile = Directory.CreateTempSubdirectory("sw-evidence-chromium-");
            var process = new Process
            {
                StartInfo = new ProcessStartInfo(o.ChromiumPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false },
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                         $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                         $"--window-size={o.ViewportWidth},{o.ViewportHeight}", "about:blank",
                     })
            {
                process.StartInfo.ArgumentList.Add(arg);
            }

            Cdp? cdp = null;
            try
            {
                process.Start();
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                var endpoint = await WaitForEndpointAsync(profile.FullName, process, cancellationToken).ConfigureAwait(false);
                cdp = await Cdp.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                var version = await cdp.SendAsync(null, "Browser.getVersion", new JsonObject(), cancellationToken).ConfigureAwait(false);
                return new Browser(process, profile, cdp, version["product"]?.GetValue<string>());
            }
            catch
            {
                cdp?.Dispose();
                Kill(process);
                process.Dispose();
                TryDelete(profile);
                throw;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            Cdp.Dispose();
            Kill(_process);
            _process.Dispose();
            TryDelete(_profile);
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Never started.
            }
        }

        private static void TryDelete(DirectoryInfo profile)
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium children may still hold files for a moment; a stale temp profile is harmless.
            }
        }
    }

    private static async Task<Uri> WaitForEndpointAsync(string profile, Process process, CancellationToken cancellationToken)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with code {process.ExitCode} before opening DevTools");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port))
                {
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
                }
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Minimal DevTools protocol client: numbered commands, session-scoped events.</summary>
    private sealed class Cdp : IDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _events = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _reader = Task.CompletedTask;
        private int _id;

        public static async Task<Cdp> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
        {
            var cdp = new Cdp();
            cdp._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await cdp._socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            cdp._reader = Task.Run(() => cdp.ReadLoopAsync(cdp._stop.Token), CancellationToken.None);
            return cdp;
        }

        public bool IsOpen => _socket.State == WebSocketState.Open;

        public Task WaitForEvent(string session, string method) =>
            _events.GetOrAdd($"{session}|{method}", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public async Task<JsonObject> SendAsync(string? session, string method, JsonObject parameters, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref _id);
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = tcs;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (session is not null)
            {
                message["sessionId"] = session;
            }

            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task ReadLoopAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    var node = JsonNode.Parse(message.ToArray()) as JsonObject;
                    message.SetLength(0);
                    if (node is null)
                    {
                        continue;
                    }

                    if (node["id"] is { } idNode && _pending.TryRemove(idNode.GetValue<int>(), out var tcs))
                    {
                        if (node["error"] is { } error)
                        {
                            tcs.TrySetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                        }
                        else
                        {
                            tcs.TrySetResult(node["result"] as JsonObject ?? []);
                        }
                    }
                    else if (node["method"]?.GetValue<string>() is { } method)
                    {
                        var key = $"{node["sessionId"]?.GetValue<string>()}|{method}";
                        _events.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or JsonException)
            {
                // Browser gone or shutting down: fail whatever still waits.
            }

            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("DevTools connection closed"));
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _socket.Abort();
                _reader.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The read loop ends on abort; nothing more to report.
            }

            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
