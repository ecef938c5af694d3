using SentimentWatch.Core.Browser;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Evidence;

/// <summary>Evidence freezing (section <c>Evidence</c>). See docs/evidence.md.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>Where packets are written. Relative paths resolve against <c>Paths:Data</c>. Default <c>evidence</c>.</summary>
    public string PacketsDirectory { get; set; } = "evidence";

    /// <summary>The packet root: <see cref="PacketsDirectory"/>, under <c>Paths:Data</c> when relative.</summary>
    public string PacketsRoot(PathsOptions paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.IsPathRooted(PacketsDirectory) ? PacketsDirectory : paths.DataPath(PacketsDirectory);
    }

    /// <summary>User-Agent of the anonymous fresh fetch (recorded in every packet).</summary>
    public string UserAgent { get; set; } = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    /// <summary>Whole fresh fetch, all redirects included.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Responses larger than this are cut (WARC-Truncated) and the capture is recorded as failed.</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxRedirects { get; set; } = 10;

    /// <summary>Extra fetches when the first answer is a captcha, login wall, rate limit or server error.</summary>
    public int BlockPageRetries { get; set; } = 1;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public ScreenshotOptions Screenshots { get; set; } = new();

    /// <summary>
    /// Non-public addresses the fresh fetch, <c>sw evidence freeze --url</c> and a rendered page's subresources may reach,
    /// on top of the global <c>Outbound</c> section (section <c>Evidence:Outbound</c>). Default: none.
    /// </summary>
    public OutboundRules Outbound { get; set; } = new();

    public SigningOptions Signing { get; set; } = new();

    /// <summary>RFC 3161 time-stamping authorities, 0..n; each stamps the manifest and the signature.</summary>
    public List<TsaOptions> Tsa { get; set; } = [];

    public OperatorOptions Operator { get; set; } = new();

    public TakedownOptions Takedowns { get; set; } = new();
}

/// <summary>Headless Chromium screenshots (section <c>Evidence:Screenshots</c>).</summary>
public sealed class ScreenshotOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Debian's <c>chromium</c>. When it is missing the packet says so and everything else still works.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int ViewportWidth { get; set; } = 1366;

    public int ViewportHeight { get; set; } = 900;

    /// <summary>Full-page screenshots are cut at this height (pixels) so an endless page cannot exhaust memory.</summary>
    public int MaxFullPageHeight { get; set; } = 20000;

    /// <summary>Run the captured page's scripts. Default false: the page is rendered as served, nothing it carries runs.</summary>
    public bool JavaScriptEnabled { get; set; }

    /// <summary>Chromium's own sandbox: <c>Auto</c> (default; as root through a user namespace) or <c>Off</c> (see docs/security.md).</summary>
    public BrowserSandbox Sandbox { get; set; } = BrowserSandbox.Auto;

    /// <summary>User id Chromium has inside its user namespace when the worker runs as root.</summary>
    public int SandboxUserId { get; set; } = 1000;

    /// <summary>util-linux <c>unshare</c>, used to give Chromium a user namespace when the worker runs as root.</summary>
    public string UnsharePath { get; set; } = "/usr/bin/unshare";

    /// <summary>Requests one rendered page may make (each one fetched under the outbound policy); more are blocked and logged.</summary>
    public int MaxRequests { get; set; } = 300;
}

/// <summary>CMS signing certificate (section <c>Evidence:Signing</c>).</summary>
public sealed class SigningOptions
{
    /// <summary>PKCS#12 (.pfx/.p12) with the signing key. Empty: a self-signed DEVELOPMENT certificate is generated.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the PKCS#12 file (keep it in secrets.json or <c>SW_Evidence__Signing__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>PEM with the intermediates and root of the signing certificate (copied into <c>certs/</c>).</summary>
    public string? ChainPath { get; set; }

    /// <summary>Allow the generated development certificate when no certificate is configured. Default true.</summary>
    public bool AllowDevelopmentCertificate { get; set; } = true;
}

/// <summary>One RFC 3161 time-stamping authority.</summary>
public sealed class TsaOptions
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>PEM of the TSA's root certificate; every reply's chain is checked against it (EKU timeStamping).</summary>
    public string TrustedRootPath { get; set; } = "";

    /// <summary>Optional PEM with the TSA certificate and intermediates (copied into <c>certs/tsa-chain.pem</c>).</summary>
    public string? ChainPath { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Who the packets name as operator (section <c>Evidence:Operator</c>).</summary>
public sealed class OperatorOptions
{
    public string SystemAccount { get; set; } = "sentimentwatch";

    public string ResponsiblePerson { get; set; } = "";

    public string Organization { get; set; } = "";

    /// <summary>Where the capturing machine stands (地点), e.g. 某省司法厅舆情值班室.</summary>
    public string Location { get; set; } = "";
}

/// <summary>Takedown tracking (section <c>Evidence:Takedowns</c>).</summary>
public sealed class TakedownOptions
{
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deadline when a request names none.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Run the re-check loop inside the host (the worker); verbs can always run <c>sw evidence takedown check</c>.</summary>
    public bool RunInBackground { get; set; }
}
