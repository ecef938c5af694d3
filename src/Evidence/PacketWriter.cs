using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Evidence;

/// <summary>One file of the packet, as listed in item.json and the 电子数据清单.</summary>
internal sealed record Artifact(string Path, string Role, string RoleZh, string MediaType, long Bytes, string Sha256, string Sm3, string Source);

/// <summary>
/// Writes one packet's files into its staging directory and lists each as an artifact with its SHA-256 and SM3. What
/// the server sent (page source, WARC payloads, screenshots, post images) is kept as it came; everything the worker
/// writes about it (URLs, request lines and headers, the browser's request log, records, README) passes through the
/// <see cref="SecretRedactor"/> first, so no credential is sealed and the hashes cover what is on disk.
/// </summary>
internal sealed class PacketWriter(string staging, EvidenceOptions options, PathsOptions paths, SecretRedactor redactor)
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Staging => staging;

    public List<Artifact> Artifacts { get; } = [];

    /// <summary>Text the worker wrote, credentials removed.</summary>
    public string Redact(string text) => redactor.Redact(text)!;

    /// <summary>WARC (final exchange first so tools that read the first response find the page), page source, text, screenshots, TLS, DNS.</summary>
    public void WriteCapture(string folder, IReadOnlyList<CapturedExchange> hops, EvidenceFetch? fetch, string text, Screenshots? shots, string source, DateTimeOffset started)
    {
        var o = options;
        var final = hops[^1];
        using var warc = new MemoryStream();
        var writer = new WarcWriter(warc);
        writer.Write("warcinfo", started, null, "application/warc-fields", WarcWriter.Fields(
        [
            ("software", $"SentimentWatch evidence {Version()}"),
            ("operator", o.Operator.Organization.Length > 0 ? o.Operator.Organization : o.Operator.SystemAccount),
            ("hostname", Environment.MachineName),
            ("http-header-user-agent", o.UserAgent),
            ("format", "WARC File Format 1.1"),
            ("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"),
            ("description", redactor.Redact(source)!),
        ]), -1);
        var ordered = new List<CapturedExchange> { final };
        ordered.AddRange(hops.Take(hops.Count - 1));
        string? finalResponseId = null;
        foreach (var hop in ordered)
        {
            var ip = hop.ServerIp is { Length: > 0 } a ? new[] { ("WARC-IP-Address", a) } : [];
            // Credentials never reach the packet: URLs lose user:password@ and key parameters, Cookie/Authorization and
            // Set-Cookie values are masked. The payload (the page as served) is kept byte for byte.
            var target = redactor.Redact(hop.Url);
            var (block, payload) = WarcWriter.ResponseBlock(hop.HttpVersion, hop.Status, hop.Reason, Redacted(hop.ResponseHeaders), hop.Body);
            var extra = new List<(string, string)>(ip);
            if (hop.Truncated)
            {
                extra.Add(("WARC-Truncated", "length"));
            }

            var responseId = writer.Write("response", hop.AtUtc, target, WarcWriter.ResponseType, block, payload, extra);
            finalResponseId ??= responseId;
            writer.Write("request", hop.AtUtc, target, WarcWriter.RequestType, WarcWriter.RequestBlock(hop.Method, PathAndQuery(target), hop.HttpVersion, Redacted(hop.RequestHeaders)), -1, [.. ip, ("WARC-Concurrent-To", responseId)]);
        }

        var meta = new List<(string, string)>
        {
            ("via", string.Join(" -> ", hops.Select(h => redactor.Redact(h.Url)))),
            ("x-capture-source", redactor.Redact(source)!),
            ("x-access-mode", "anonymous"),
            ("x-logged-in", "false"),
            ("x-http-messages", "reconstructed from the .NET HTTP client: headers as parsed, Transfer-Encoding removed, entity de-chunked and not decompressed (Accept-Encoding: identity)"),
        };
        if (fetch is not null)
        {
            meta.Add(("fetchTimeMs", ((long)(fetch.FinishedUtc - fetch.StartedUtc).TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            if (fetch.ServerClockOffset is { } off)
            {
                meta.Add(("x-server-clock-offset-ms", ((long)off.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            }

            if (fetch.Failure != FetchFailure.None)
            {
                meta.Add(("x-fetch-failure", redactor.Redact($"{fetch.Failure}: {fetch.FailureDetail}")!));
            }
        }

        var finalTarget = redactor.Redact(final.Url);
        writer.Write("metadata", final.AtUtc, finalTarget, "application/warc-fields", WarcWriter.Fields(meta), -1, [("WARC-Refers-To", finalResponseId!)]);
        var textBytes = Encoding.UTF8.GetBytes(text);
        writer.Write("resource", final.AtUtc, $"urn:text:{finalTarget}", "text/plain; charset=utf-8", textBytes, 0, [("WARC-Concurrent-To", finalResponseId!)]);
        if (shots?.Viewport is { } view)
        {
            writer.Write("resource", shots.StartedUtc, $"urn:view:{finalTarget}", "image/png", view, 0, [("WARC-Concurrent-To", finalResponseId!)]);
        }

        if (shots?.FullPage is { } full)
        {
            writer.Write("resource", shots.StartedUtc, $"urn:fullPage:{finalTarget}", "image/png", full, 0, [("WARC-Concurrent-To", finalResponseId!)]);
        }

        var name = folder == "crawl" ? "crawl-time" : folder == "failed" ? "failed-capture" : "capture";
        AddBytes($"{folder}/{name}.warc.gz", warc.ToArray(), "warc", "WARC 1.1 网页归档", "application/warc", source);
        AddBytes($"{folder}/page-source.html", final.Body, "page-source", "网页源代码", final.Header("Content-Type")?.Split(';')[0].Trim() is { Length: > 0 } ct ? ct : "application/octet-stream", source);
        AddText($"{folder}/extracted-text.txt", text.Length == 0 ? "" : text + "\n", "extracted-text (derived)", "提取文本（派生）", "text/plain", source);
        if (shots?.Viewport is { } v)
        {
            AddBytes($"{folder}/screenshot-viewport.png", v, "screenshot-viewport", "截图（可视区域）", "image/png", $"{source}; {shots.Browser}");
        }

        if (shots?.FullPage is { } f)
        {
            AddBytes($"{folder}/screenshot-fullpage.png", f, "screenshot-fullpage", "截图（整页）", "image/png", $"{source}; {shots.Browser}");
        }

        if (shots is { Requests.Count: > 0 } || shots?.RenderedDom is not null)
        {
            AddGenerated($"{folder}/browser-requests.json", BrowserRequestsJson(shots!), "browser-requests", "浏览器请求记录", "application/json", $"{source}; {shots!.Browser}");
        }

        if (shots?.RenderedDom is { } dom)
        {
            AddGenerated($"{folder}/rendered-dom.html", dom, "rendered-dom (derived)", "渲染后的网页结构（派生）", "text/html", $"{source}; {shots.Browser}");
        }

        if (shots?.RenderedText is { } rendered)
        {
            AddGenerated($"{folder}/rendered-text.txt", rendered, "rendered-text (derived)", "渲染后的文本（派生）", "text/plain", $"{source}; {shots.Browser}");
        }

        if (fetch?.Tls is { ChainDer.Count: > 0 } tls)
        {
            var pem = string.Concat(tls.ChainDer.Select(d => PemEncoding.WriteString("CERTIFICATE", d) + "\n"));
            AddText($"{folder}/tls-chain.pem", pem, "tls-chain", "服务器证书链", "application/x-pem-file", $"{source}; {tls.Protocol}; validation: {tls.PolicyErrors}");
        }

        if (fetch is { DnsAnswers.Count: > 0 })
        {
            AddGenerated($"{folder}/dns.txt", "# host\taddresses (system resolver)\n" + string.Join('\n', fetch.DnsAnswers) + "\n", "dns", "域名解析结果", "text/plain", source);
        }
    }

    /// <summary>Every request the rendered page made and what became of it (served, fetched under the outbound policy, blocked, failed).</summary>
    private static string BrowserRequestsJson(Screenshots shots)
    {
        var node = new JsonObject
        {
            ["schema"] = "exam-evidence-browser-requests/1.0",
            ["browser"] = shots.Browser,
            ["isolation"] = shots.Isolation,
            ["requests_total"] = shots.Requests.Count,
            ["blocked_total"] = shots.Requests.Count(r => r.Outcome == "blocked"),
            ["requests"] = new JsonArray(shots.Requests.Select(r => (JsonNode)new JsonObject
            {
                ["at_utc"] = WarcWriter.Date(r.AtUtc), ["method"] = r.Method, ["url"] = r.Url, ["type"] = r.ResourceType, ["outcome"] = r.Outcome,
                ["rule"] = r.Rule, ["status"] = r.Status, ["bytes"] = r.Bytes, ["detail"] = r.Detail,
            }).ToArray()),
            ["browser_messages"] = new JsonArray(shots.BrowserMessages.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
        };
        return node.ToJsonString(Json) + "\n";
    }

    /// <summary>
    /// The post's pictures as the image reader stored them (content-addressed, read when collected), each under
    /// <c>images/&lt;sha256&gt;.bin</c>, and <c>images/images.json</c> with every image's URL, state, reason, OCR text and QR
    /// payloads — the seller's number that was only in a picture is part of the proof.
    /// </summary>
    public async Task AddPostImagesAsync(long postId, IReadOnlyList<PostImage> images, List<string> problems, CancellationToken cancellationToken)
    {
        if (images.Count == 0)
        {
            return;
        }

        var list = new JsonArray();
        foreach (var image in images)
        {
            string? file = null;
            if (image.Sha256 is { } sha && image.State == PostImageState.Analysed)
            {
                var stored = ImageContent.PathOf(paths, sha);
                if (File.Exists(stored))
                {
                    var bytes = await File.ReadAllBytesAsync(stored, cancellationToken).ConfigureAwait(false);
                    if (Digests.Sha256Hex(bytes) == sha)
                    {
                        file = $"images/{sha}.bin";
                        AddBytes(file, bytes, "post-image", "帖子图片", image.MediaType ?? "application/octet-stream", $"post image as collected {WarcWriter.Date(image.FoundAtUtc)}");
                    }
                    else
                    {
                        problems.Add($"image {image.Url}: stored bytes no longer match their hash; not copied");
                    }
                }
                else
                {
                    problems.Add($"image {image.Url}: stored bytes are missing; not copied");
                }
            }

            list.Add(new JsonObject
            {
                ["url"] = image.Url.AbsoluteUri,
                ["state"] = image.State.ToString().ToLowerInvariant(),
                ["reason"] = image.Reason,
                ["sha256"] = image.Sha256,
                ["media_type"] = image.MediaType,
                ["width"] = image.Width,
                ["height"] = image.Height,
                ["ocr_text"] = image.OcrText,
                ["qr_payloads"] = new JsonArray(image.QrPayloads.Select(q => (JsonNode)JsonValue.Create(q)).ToArray()),
                ["file"] = file,
            });
        }

        AddGenerated("images/images.json", new JsonObject { ["post_id"] = postId, ["images"] = list }.ToJsonString(Json) + "\n",
            "post-images", "帖子图片及识别文字", "application/json", "generated");
    }

    public void WriteCertificates(SignerMaterial? signer)
    {
        var fingerprints = new StringBuilder("# SHA-256 fingerprints. Compare with the hand-over letter before trusting any root. 请与移交函中的指纹比对。\n");
        if (signer is not null)
        {
            var chain = new[] { signer.Certificate }.Concat(signer.Chain).ToList();
            AtomicFile.WriteText(Path.Combine(staging, "certs", "signer-chain.pem"), string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")));
            var root = chain.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)) ?? chain[^1];
            AtomicFile.WriteText(Path.Combine(staging, "certs", "signer-root.pem"), root.ExportCertificatePem() + "\n");
            foreach (var c in chain)
            {
                fingerprints.Append(CultureInfo.InvariantCulture, $"signer\t{Convert.ToHexString(c.GetCertHash(HashAlgorithmName.SHA256))}\t{c.Subject}{(signer.IsDevelopment ? "\tDEVELOPMENT CERTIFICATE - NOT FOR EVIDENTIAL USE" : "")}\n");
            }
        }

        var tsaChain = new StringBuilder();
        var tsaRoots = new StringBuilder();
        foreach (var tsa in options.Tsa)
        {
            if (!string.IsNullOrWhiteSpace(tsa.ChainPath) && File.Exists(tsa.ChainPath))
            {
                tsaChain.Append(File.ReadAllText(tsa.ChainPath).TrimEnd()).Append('\n');
            }

            if (File.Exists(tsa.TrustedRootPath))
            {
                var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
                roots.ImportFromPemFile(tsa.TrustedRootPath);
                foreach (var r in roots)
                {
                    tsaRoots.Append(r.ExportCertificatePem()).Append('\n');
                    fingerprints.Append(CultureInfo.InvariantCulture, $"tsa-root\t{Convert.ToHexString(r.GetCertHash(HashAlgorithmName.SHA256))}\t{r.Subject}\t{(tsa.Name.Length > 0 ? tsa.Name : tsa.Url)}\n");
                }
            }
        }

        if (tsaChain.Length > 0)
        {
            AtomicFile.WriteText(Path.Combine(staging, "certs", "tsa-chain.pem"), tsaChain.ToString());
        }

        if (tsaRoots.Length > 0)
        {
            AtomicFile.WriteText(Path.Combine(staging, "certs", "tsa-root.pem"), tsaRoots.ToString());
        }

        AtomicFile.WriteText(Path.Combine(staging, "certs", "FINGERPRINTS.txt"), fingerprints.ToString());
    }

    /// <summary>The 电子数据清单 (CSV with BOM for spreadsheet programs): one line per artifact, with its hashes.</summary>
    public void WriteEvidenceList(DateTimeOffset at)
    {
        var sb = new StringBuilder("序号,文件名,类别,文件格式,大小(字节),SHA-256,SM3,来源,提取时间\r\n");
        var n = 1;
        foreach (var a in Artifacts)
        {
            sb.Append(string.Join(',', new[]
            {
                (n++).ToString(CultureInfo.InvariantCulture), a.Path, a.RoleZh, a.MediaType, a.Bytes.ToString(CultureInfo.InvariantCulture), a.Sha256, a.Sm3, a.Source, ChinaTime.FormatBeijing(at),
            }.Select(Csv))).Append("\r\n");
        }

        AtomicFile.Write(Path.Combine(staging, "record", "evidence-list.zh.csv"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(redactor.Redact(sb.ToString())!)]);

        static string Csv(string s) => s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }


    /// <summary>Bytes as captured (never changed: they are the evidence).</summary>
    public void AddBytes(string rel, byte[] content, string role, string roleZh, string media, string source)
    {
        var path = Path.Combine(staging, rel);
        AtomicFile.Write(path, content);
        Artifacts.Add(new Artifact(rel, role, roleZh, media, content.Length, Digests.Sha256Hex(content), Digests.Sm3Hex(path), source));
    }

    /// <summary>Text taken from the page (its extracted or rendered text): kept as the page had it.</summary>
    public void AddText(string rel, string text, string role, string roleZh, string media, string source) =>
        AddBytes(rel, Encoding.UTF8.GetBytes(text), role, roleZh, media, source);

    /// <summary>Text the worker wrote (records, logs, lists): credentials removed before it is hashed.</summary>
    public void AddGenerated(string rel, string text, string role, string roleZh, string media, string source) =>
        AddBytes(rel, Encoding.UTF8.GetBytes(Redact(text)), role, roleZh, media, source);

    /// <summary>A generated file outside the artifact list (README, VERIFY.sh, custody log), credentials removed.</summary>
    public void WriteFile(string rel, string text) => AtomicFile.WriteText(Path.Combine(staging, rel), Redact(text));

    private List<KeyValuePair<string, string>> Redacted(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.Select(h => new KeyValuePair<string, string>(h.Key, redactor.RedactHeader(h.Key, h.Value))).ToList();

    private static string PathAndQuery(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.PathAndQuery : url;

    public static string Version() =>
        typeof(PacketWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static string? _binarySha256;

    public static string BinarySha256()
    {
        if (_binarySha256 is null)
        {
            var location = typeof(PacketWriter).Assembly.Location;
            _binarySha256 = string.IsNullOrEmpty(location) || !File.Exists(location) ? "unknown" : Digests.Sha256Hex(location);
        }

        return _binarySha256;
    }
}
