using System.Globalization;

namespace SentimentWatch.Core.Browser;

/// <summary>How Chromium is isolated (<c>Evidence:Screenshots:Sandbox</c>, <c>Crawler:Browser:Sandbox</c>).</summary>
public enum BrowserSandbox
{
    /// <summary>Chromium's sandbox; as root, Chromium is started in a user namespace so it can set it up.</summary>
    Auto,

    /// <summary>No Chromium sandbox (<c>--no-sandbox</c>); route-level isolation only. Recorded where the browser's work is.</summary>
    Off,
}

/// <summary>
/// The one recipe for starting Debian's Chromium in its box, shared by the evidence stage and the crawler's browser
/// sources (both drive it through Microsoft.Playwright, which this type does not reference):
/// <list type="bullet">
/// <item>Chromium keeps its own sandbox (seccomp-bpf, namespaces). As root it refuses it, so it is started inside a new
/// user namespace (<c>unshare --user --map-user</c>) through a small wrapper script, where it is an ordinary user;</item>
/// <item>Chromium itself can reach nothing: its proxy is a dead loopback port for every scheme and host (loopback
/// included) and its resolver answers NOTFOUND for every name. Whoever drives it fulfils every request by route
/// interception (under the outbound policy), so a request that escapes interception fails.</item>
/// </list>
/// Dispose removes the wrapper script.
/// </summary>
public sealed class ChromiumLaunch(string chromiumPath, BrowserSandbox sandbox, int sandboxUserId, string unsharePath, string configKey) : IDisposable
{
    private readonly object _gate = new();
    private string? _wrapperDir;

    /// <summary>Arguments every boxed Chromium starts with.</summary>
    public static IReadOnlyList<string> Args { get; } =
    [
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
        // Nothing a page asks for should reach the network through Chromium; interception fulfils every request. Should
        // one escape it (a feature Playwright cannot see), it meets a dead proxy and a resolver that knows no name.
        // "<-loopback>" sends even loopback through the dead proxy.
        "--proxy-server=socks5://127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--webrtc-ip-handling-policy=disable_non_proxied_udp", "--force-webrtc-ip-handling-policy",
    ];

    /// <summary>Whether Chromium's own sandbox is on (Playwright's <c>ChromiumSandbox</c>).</summary>
    public bool SandboxOn => sandbox != BrowserSandbox.Off;

    /// <summary>The browser binary exists.</summary>
    public bool Installed => File.Exists(chromiumPath);

    public string ChromiumPath => chromiumPath;

    /// <summary>What to start and how it is isolated: as root, a user-namespace wrapper so Chromium can keep its sandbox.</summary>
    public (string Executable, string Isolation) Executable()
    {
        if (sandbox == BrowserSandbox.Off)
        {
            return (chromiumPath, $"Chromium sandbox OFF by configuration ({configKey}=Off)");
        }

        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            return (chromiumPath, "Chromium sandbox on (seccomp-bpf and namespaces)");
        }

        lock (_gate)
        {
            if (_wrapperDir is null || !Directory.Exists(_wrapperDir))
            {
                _wrapperDir = Directory.CreateTempSubdirectory("sw-chromium-").FullName;
                var script = Path.Combine(_wrapperDir, "chromium");
                var uid = sandboxUserId.ToString(CultureInfo.InvariantCulture);
                File.WriteAllText(script, $"#!/bin/sh\n# Chromium refuses its sandbox as root; in a user namespace it runs as uid {uid} and sets the sandbox up itself.\n"
                    + $"exec {Quote(unsharePath)} --user --map-user={uid} --map-group={uid} -- {Quote(chromiumPath)} \"$@\"\n");
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return (Path.Combine(_wrapperDir, "chromium"), $"Chromium sandbox on (seccomp-bpf and namespaces) inside a user namespace as uid {sandboxUserId} (the worker runs as root)");
        }

        static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Why the sandboxed launch cannot work here (running as root without <c>unshare</c>), for an options validator; null when it can.
    /// </summary>
    public static string? UnshareProblem(BrowserSandbox sandbox, string unsharePath) =>
        sandbox == BrowserSandbox.Auto && Environment.IsPrivilegedProcess && !File.Exists(unsharePath)
            ? "does not exist (as root, Chromium keeps its sandbox only inside a user namespace; install util-linux or see docs/security.md)"
            : null;

    public void Dispose()
    {
        lock (_gate)
        {
            if (_wrapperDir is null)
            {
                return;
            }

            try
            {
                Directory.Delete(_wrapperDir, recursive: true);
            }
            catch (IOException)
            {
                // A stale wrapper script in /tmp is harmless.
            }

            _wrapperDir = null;
        }
    }
}
