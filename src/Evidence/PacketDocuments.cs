using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Evidence;

/// <summary>
/// The packet's two descriptive documents: <c>metadata/item.json</c> (machine-readable) and the 电子数据固定工作记录
/// (the extraction record a case officer's transcript is drawn from). Pure text builders; <see cref="PacketWriter"/>
/// writes them with credentials removed.
/// </summary>
internal static class PacketDocuments
{
    public static string ItemJson(EvidenceOptions o, string id, FreezeRequest request, EvidenceFetch freshFetch, CaptureVerdict freshVerdict, string freshReason, CapturedExchange? primary, EvidenceFetch? primaryFetch,
        string? title, string captureSource, Screenshots? shots, DateTimeOffset started, DateTimeOffset finished, IReadOnlyList<Artifact> artifacts, SignerMaterial? signer)
    {
        var post = request.Post;
        var offset = freshFetch.ServerClockOffset;
        var node = new JsonObject
        {
            ["schema"] = "exam-evidence-item/1.0",
            ["packet_id"] = id,
            ["alert"] = request.AlertId is null ? null : new JsonObject { ["alert_id"] = request.AlertId, ["note_zh"] = "分类结果仅为线索，不是结论" },
            ["target"] = new JsonObject
            {
                ["url"] = request.Url.AbsoluteUri,
                ["final_url"] = freshFetch.Final?.Url.AbsoluteUri,
                ["redirects"] = new JsonArray(freshFetch.Hops.Take(Math.Max(0, freshFetch.Hops.Count - 1)).Select(h => (JsonNode)new JsonObject { ["url"] = h.Url.AbsoluteUri, ["status"] = h.Status }).ToArray()),
                ["platform"] = post?.Platform,
                ["post_id"] = post?.PlatformPostId,
                ["store_post_id"] = post?.Id,
                ["author_display_name"] = post?.Author.DisplayName,
                ["author_id"] = post?.Author.Id,
                ["page_title"] = title,
                ["published_at_as_displayed"] = post?.PublishedRaw,
                ["visibility"] = "public",
            },
            ["capture_result"] = new JsonObject
            {
                ["source"] = captureSource,
                ["source_zh"] = captureSource switch { "fresh" => "实时匿名提取", "crawl-time" => "监测时保存的副本（实时提取时内容已不可得）", _ => "提取失败（拦截页/删除页/超时），不作为内容证据" },
                ["fresh_fetch_verdict"] = freshVerdict.ToString(),
                ["fresh_fetch_reason"] = freshReason,
                ["fresh_fetch_failure"] = freshFetch.Failure == FetchFailure.None ? null : $"{freshFetch.Failure}: {freshFetch.FailureDetail}",
                ["crawl_time_fetched_at_utc"] = request.CrawlExchange is { } c ? WarcWriter.Date(c.FetchedAtUtc) : null,
            },
            ["access"] = new JsonObject
            {
                ["mode"] = "anonymous",
                ["logged_in"] = false,
                ["login_account"] = null,
                ["egress_ip"] = null,
                ["server_ip"] = primary?.ServerIp ?? freshFetch.Final?.ServerIp,
                ["http_version"] = primary?.HttpVersion,
                ["user_agent"] = o.UserAgent,
                ["request_headers_note"] = "Accept-Encoding: identity; no cookies; no proxy; new connection per capture",
                ["tls"] = primaryFetch?.Tls is { } tls ? new JsonObject { ["protocol"] = tls.Protocol, ["validation"] = tls.PolicyErrors, ["chain_file"] = "capture/tls-chain.pem" } : null,
            },
            ["capture"] = new JsonObject
            {
                ["started_at_utc"] = WarcWriter.Date(started),
                ["finished_at_utc"] = WarcWriter.Date(finished),
                ["started_at_beijing"] = ChinaTime.ToBeijing(started).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["finished_at_beijing"] = ChinaTime.ToBeijing(finished).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["steps"] = new JsonArray(
                    "anonymous HTTP GET of the URL, redirects followed one by one and recorded",
                    "block-page detection (captcha, login wall, deleted page, soft 404)",
                    "screenshots in headless Chromium (fresh profile) when available",
                    "WARC 1.1 written; page source = response payload",
                    "hashes (SHA-256, SM3), CMS signature and RFC 3161 timestamps"),
                ["screenshots"] = shots is null ? "none (no genuine capture)" : shots.Problem ?? "viewport and full page",
                ["tools"] = new JsonArray(
                    new JsonObject { ["name"] = "SentimentWatch evidence", ["version"] = PacketWriter.Version(), ["binary_sha256"] = PacketWriter.BinarySha256() },
                    new JsonObject { ["name"] = ".NET", ["version"] = RuntimeInformation.FrameworkDescription },
                    new JsonObject { ["name"] = "browser", ["version"] = shots?.Browser }),
                ["host"] = new JsonObject { ["hostname"] = Environment.MachineName, ["os"] = RuntimeInformation.OSDescription, ["location_zh"] = o.Operator.Location },
            },
            ["time"] = new JsonObject
            {
                ["system_clock_utc_at_start"] = WarcWriter.Date(started),
                ["reference"] = new JsonObject
                {
                    ["source"] = "http_date",
                    ["server"] = freshFetch.Final?.Url.Host,
                    ["offset_ms"] = offset is { } off ? (long)off.TotalMilliseconds : null,
                    ["note"] = "server Date header has 1 s resolution; RFC 3161 genTime of the manifest is the independent upper bound",
                },
                ["server_http_date"] = freshFetch.Final?.Header("Date"),
            },
            ["hash_algorithms"] = new JsonArray("SHA-256", "SM3"),
            ["signature"] = new JsonObject
            {
                ["signer"] = signer?.Certificate.Subject,
                ["development_certificate"] = signer?.IsDevelopment,
            },
            ["artifacts"] = new JsonArray(artifacts.Select(a => (JsonNode)new JsonObject
            {
                ["path"] = a.Path, ["role"] = a.Role, ["media_type"] = a.MediaType, ["bytes"] = a.Bytes, ["sha256"] = a.Sha256, ["sm3"] = a.Sm3,
            }).ToArray()),
            ["operator"] = new JsonObject
            {
                ["system_account"] = o.Operator.SystemAccount,
                ["requested_by"] = request.Operator,
                ["responsible_person_zh"] = o.Operator.ResponsiblePerson,
                ["organization_zh"] = o.Operator.Organization,
            },
        };
        return node.ToJsonString(PacketWriter.Json) + "\n";
    }

    public static string ExtractionRecord(EvidenceOptions o, string id, FreezeRequest request, Judged fresh, string captureSource,
        CapturedExchange? primary, Screenshots? shots, DateTimeOffset started, DateTimeOffset finished, IReadOnlyList<Artifact> artifacts, IReadOnlyList<string> problems)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            电子数据固定（网络在线提取）工作记录
            ====================================
            证据包编号：{id}
            说明：本记录由监测系统自动生成，供办案人员制作笔录时参考，不是侦查人员制作的笔录。

            一、事由：{(request.AlertId is null ? "按需固定" : $"舆情预警 {request.AlertId} 触发的自动固定")}（用途：{request.Purpose}）
            二、目的：固定网上公开发布的涉考有害信息，防止删除后灭失。
            三、对象：{request.Url.AbsoluteUri}
                最终地址：{fresh.Fetch.Final?.Url.AbsoluteUri ?? "（无）"}
                跳转过程：{(fresh.Fetch.Hops.Count > 1 ? string.Join(" → ", fresh.Fetch.Hops.Select(h => $"{h.Url.AbsoluteUri} [{h.Status}]")) : "无跳转")}
                平台/帖子编号/作者：{request.Post?.Platform ?? "-"} / {request.Post?.PlatformPostId ?? "-"} / {request.Post?.Author.DisplayName ?? "-"}（{request.Post?.Author.Id ?? "-"}）
                页面显示的发布时间：{request.Post?.PublishedRaw ?? "-"}
            四、提取时间：开始 {ChinaTime.FormatBeijing(started)}（UTC {WarcWriter.Date(started)}），结束 {ChinaTime.FormatBeijing(finished)}（UTC {WarcWriter.Date(finished)}）
                时间来源：系统时钟；与服务器 HTTP Date 头的偏差 {(fresh.Fetch.ServerClockOffset is { } off ? $"{off.TotalMilliseconds:0} 毫秒" : "未知")}；封存后另有 RFC 3161 可信时间戳（见 MANIFEST.sha256.tsr）。
            五、地点：{(o.Operator.Location.Length > 0 ? o.Operator.Location : "（未配置）")}，主机 {Environment.MachineName}
            六、访问方式：匿名访问，未登录任何账号；User-Agent：{o.UserAgent}；服务器 IP：{primary?.ServerIp ?? fresh.Fetch.Final?.ServerIp ?? "未知"}
            七、工具和方法：SentimentWatch 证据固定模块 {PacketWriter.Version()}（程序 SHA-256 {PacketWriter.BinarySha256()}）；HTTP 直接获取（Accept-Encoding: identity），
                WARC 1.1 归档；截图：{(shots is null ? "无" : shots.Problem ?? $"无头浏览器 {shots.Browser}")}。
            八、过程：
            """);
        sb.Append('\n');
        var step = 1;
        foreach (var h in fresh.Fetch.Hops)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {step++}. {WarcWriter.Date(h.AtUtc)} GET {h.Url.AbsoluteUri} → HTTP {h.Status}{(h.Truncated ? "（超过大小上限，已截断）" : "")}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"    {step}. 判定：{fresh.Verdict}（{fresh.Reason}）\n");
        sb.Append(CultureInfo.InvariantCulture, $"""
            九、提取结果：{captureSource switch { "fresh" => "实时提取成功，页面为真实内容。", "crawl-time" => "实时提取时内容已不可得（见 failed/），本包以监测时保存的副本固定（见 capture/），特此注明。", _ => "提取失败：所得页面为拦截页/删除页或未取得页面，不作为内容证据（见 failed/）。" }}
            十、不能扣押原始存储介质的原因：数据存储于网络服务提供者的远程服务器，无法扣押原始存储介质，故采用网络在线提取。
            十一、增删改说明：extracted-text.txt 为从网页源代码提取的文本，属派生数据；其余文件为原始提取结果，未作修改。
            十二、完整性校验值的计算过程和结果：对下列每个文件分别计算 SHA-256 与 SM3，全部文件的校验值列于 MANIFEST.sha256 与 MANIFEST.sm3，
                  并对 MANIFEST.sha256 进行数字签名（MANIFEST.sha256.p7s）和可信时间戳（*.tsr）。可用 sha256sum、cksum -a sm3、openssl 复核（见 README.txt）。

            """);
        foreach (var a in artifacts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {a.Path}  {a.Bytes} 字节\n      SHA-256 {a.Sha256}\n      SM3     {a.Sm3}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"""

            十三、展示方法：page-source.html 与截图可用任意浏览器或看图软件打开；WARC 可用 ReplayWeb.page 或 pywb 回放。
            十四、人员：系统账号 {o.Operator.SystemAccount}；发起人 {request.Operator}；负责人 {(o.Operator.ResponsiblePerson.Length > 0 ? o.Operator.ResponsiblePerson : "（未配置）")}；单位 {(o.Operator.Organization.Length > 0 ? o.Operator.Organization : "（未配置）")}
            十五、见证与录像：自动提取，无见证人；过程记录见 custody/custody.log 与截图。

            """);
        if (problems.Count > 0)
        {
            sb.Append("问题与说明：\n");
            foreach (var p in problems)
            {
                sb.Append("    - ").Append(p).Append('\n');
            }
        }

        return sb.ToString();
    }
}
