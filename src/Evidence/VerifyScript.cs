namespace SentimentWatch.Evidence;

/// <summary>The packet's own VERIFY.sh and README.txt: plain POSIX sh with coreutils, gzip, awk and openssl only.</summary>
internal static class VerifyScript
{
    public const string Sh = """
        #!/bin/sh
        # VERIFY.sh - checks this evidence packet with standard tools only (sh, coreutils >= 9, gzip, awk, openssl).
        # 本脚本仅使用标准工具校验本证据包。
        # usage: sh VERIFY.sh [signer-root.pem] [tsa-root.pem]
        # Trust roots should reach you out-of-band (hand-over letter). Without arguments the copies in certs/ are used.
        set -u
        cd "$(dirname "$0")" || exit 2
        SIGNER_ROOT=${1:-certs/signer-root.pem}
        TSA_ROOT=${2:-certs/tsa-root.pem}
        T=$(mktemp) || exit 2
        trap 'rm -f "$T" "$T.2"' EXIT
        fail=0
        ok()  { printf 'PASS  %s\n' "$1"; }
        bad() { printf 'FAIL  %s\n' "$1"; fail=1; }
        [ $# -ge 1 ] || echo "NOTE: using the roots shipped in certs/; compare their fingerprints (certs/FINGERPRINTS.txt) with the hand-over letter"

        # 1. integrity of every file (SHA-256, SM3) and no unlisted or missing file
        if sha256sum --strict -c MANIFEST.sha256 >"$T" 2>&1; then ok "sha256sum --strict -c MANIFEST.sha256"; else grep -v ': OK$' "$T"; bad "sha256sum --strict -c MANIFEST.sha256"; fi
        if cksum -a sm3 --check MANIFEST.sm3 >"$T" 2>&1; then ok "cksum -a sm3 --check MANIFEST.sm3"; else grep -v ': OK$' "$T"; bad "cksum -a sm3 --check MANIFEST.sm3 (needs coreutils >= 9.0)"; fi
        find . \( -type f -o -type l \) ! -path './MANIFEST.*' ! -path './custody/custody-continuation.log' | sed 's#^\./##' | LC_ALL=C sort >"$T"
        if cut -c67- MANIFEST.sha256 | LC_ALL=C sort | diff - "$T" >"$T.2"; then ok "file set equals the manifest"; else cat "$T.2"; bad "file set differs from the manifest"; fi

        # 2. who sealed it
        if [ -f MANIFEST.sha256.p7s ] && openssl cms -verify -binary -inform DER -in MANIFEST.sha256.p7s -content MANIFEST.sha256 -CAfile "$SIGNER_ROOT" -purpose any -out /dev/null >"$T" 2>&1; then
          ok "openssl cms -verify MANIFEST.sha256.p7s"
          openssl pkcs7 -inform DER -in MANIFEST.sha256.p7s -print_certs -noout | sed -n 's/^subject=/      signer: /p'
        else cat "$T" 2>/dev/null; bad "openssl cms -verify MANIFEST.sha256.p7s"; fi

        # 3. when it was sealed (RFC 3161 genTime is an upper bound), on the manifest and on the signature
        n=0
        for tsr in MANIFEST.sha256*.tsr; do
          [ -f "$tsr" ] || continue
          n=$((n+1))
          data=${tsr%.tsr}
          case "$data" in *.tsa[0-9]*) data=${data%.tsa*};; esac
          set -- -CAfile "$TSA_ROOT"
          [ -f certs/tsa-chain.pem ] && set -- "$@" -untrusted certs/tsa-chain.pem
          if openssl ts -verify -data "$data" -in "$tsr" "$@" >"$T" 2>&1; then
            ok "openssl ts -verify $tsr over $data"
            openssl ts -reply -in "$tsr" -text 2>/dev/null | sed -n 's/^Time stamp: /      genTime: /p'
          else cat "$T"; bad "openssl ts -verify $tsr over $data"; fi
        done
        [ "$n" -gt 0 ] || echo "SKIP  no RFC 3161 timestamps in this packet"

        # 4. WARC response payload digest equals SHA-256 of the page source
        if [ -f capture/capture.warc.gz ] && [ -f capture/page-source.html ]; then
          w=$(gzip -dc capture/capture.warc.gz | tr -d '\r' | awk '/^WARC\/1\.[01]$/{t=""} /^WARC-Type: /{t=$2} /^WARC-Payload-Digest: sha256:/{if(t=="response"){sub("sha256:","",$2);print $2;exit}}')
          p=$(sha256sum <capture/page-source.html | cut -d' ' -f1)
          if [ -n "$w" ] && [ "$w" = "$p" ]; then ok "WARC payload digest = sha256(capture/page-source.html)"; else bad "WARC payload digest '$w' != sha256(capture/page-source.html) '$p'"; fi
        fi

        # 5. custody hash chains: sealed log from 64 zeros, continuation from the sealed head
        chain() { prev=$1; while IFS= read -r l; do [ "$(printf '%s\n' "$l" | cut -f2)" = "$prev" ] || { echo "BROKEN: $l" >&2; return 1; }; prev=$(printf '%s\n' "$l" | sha256sum | cut -d' ' -f1); done <"$2"; echo "$prev"; }
        if H1=$(chain 0000000000000000000000000000000000000000000000000000000000000000 custody/custody.log); then
          ok "custody/custody.log chain (sealed head $H1)"
          if [ -f custody/custody-continuation.log ]; then
            if H2=$(chain "$H1" custody/custody-continuation.log); then ok "custody/custody-continuation.log chain (head $H2; compare with the hand-over letter)"; else bad "custody/custody-continuation.log chain"; fi
            M=$(sha256sum MANIFEST.sha256 | cut -d' ' -f1)
            if grep -qF "SEALED	MANIFEST.sha256	$M" custody/custody-continuation.log; then ok "continuation log records SEALED with this manifest's hash"; else bad "continuation log does not record SEALED for this manifest ($M)"; fi
          else bad "custody/custody-continuation.log missing"; fi
        else bad "custody/custody.log chain"; fi

        if [ "$fail" -eq 0 ]; then echo "ALL CHECKS PASSED"; exit 0; fi
        echo "VERIFICATION FAILED"
        exit 1

        """;

    public static string Readme(string packetId, bool development, bool sound, IReadOnlyList<string> problems) => $"""
        Evidence packet {packetId} / 证据包 {packetId}
        ==========================================================

        {(sound ? "Status: sealed capture of genuine page content." : "Status: NOT SOUND - see problems below. 状态：不完整，见下列问题。")}
        {(development ? "WARNING: signed with a self-signed DEVELOPMENT certificate, not the bureau's certificate. 警告：本包由开发用自签名证书签名，不具备正式签名效力。" : "")}
        {(problems.Count == 0 ? "" : "Problems / 问题:\n" + string.Concat(problems.Select(p => $"  - {p}\n")))}
        What this is / 说明
        -------------------
        A preservation package (固定的电子数据) made by an automated system from publicly visible web content,
        captured anonymously (not logged in). It is not a police record (笔录); investigators make their own.
        本包为系统对公开网页内容（匿名、未登录访问）自动固定形成的电子数据，不是侦查人员制作的笔录。

        Contents / 内容
        ---------------
        capture/capture.warc.gz     WARC 1.1 records of the HTTP request and response (ISO 28500) / 原始请求与响应
        capture/page-source.html    page source = WARC response payload / 网页源代码
        capture/extracted-text.txt  text extracted from the page (derived, for reading) / 提取的文本（派生）
        capture/screenshot-*.png    viewport and full-page screenshots, when a browser was available / 截图
        capture/tls-chain.pem       server TLS certificate chain (https only) / 服务器证书链
        capture/dns.txt             DNS answers used / 域名解析结果
        crawl/                      crawl-time copy kept by the monitoring system / 监测时保存的副本
        failed/                     a failed fresh capture (block page, timeout) kept as its own copy / 失败的采集副本
        metadata/item.json          machine-readable metadata / 元数据
        record/extraction-record.zh.txt  电子数据固定工作记录
        record/evidence-list.zh.csv      电子数据清单 (UTF-8 with BOM)
        custody/custody.log         hash-chained custody log (sealed) / 保管链日志
        custody/custody-continuation.log  post-seal custody events (not in the manifest) / 封存后保管记录
        MANIFEST.sha256, MANIFEST.sm3     完整性校验值 (SHA-256, SM3)
        MANIFEST.sha256.p7s         CMS detached signature over MANIFEST.sha256 / 数字签名
        MANIFEST.sha256*.tsr        RFC 3161 timestamps on the manifest and the signature / 可信时间戳

        Verify / 校验方法 (inside this folder / 在本目录中执行)
        ---------------------------------------------------
          sh VERIFY.sh signer-root.pem tsa-root.pem      # prints ALL CHECKS PASSED
        or by hand / 或手工执行:
          sha256sum --strict -c MANIFEST.sha256
          cksum -a sm3 --check MANIFEST.sm3
          openssl cms -verify -binary -inform DER -in MANIFEST.sha256.p7s -content MANIFEST.sha256 -CAfile signer-root.pem -purpose any -out /dev/null
          openssl ts -verify -data MANIFEST.sha256 -in MANIFEST.sha256.tsr -CAfile tsa-root.pem
          openssl ts -verify -data MANIFEST.sha256.p7s -in MANIFEST.sha256.p7s.tsr -CAfile tsa-root.pem
          openssl ts -reply -in MANIFEST.sha256.tsr -text     # genTime / 时间戳时间
        Trust roots must come from the hand-over letter, not from this packet; certs/FINGERPRINTS.txt lists the
        SHA-256 fingerprints to compare. 根证书应通过移交函等独立渠道获得，并与 certs/FINGERPRINTS.txt 中的指纹比对。

        Display / 展示方法
        ------------------
        Open page-source.html or the screenshots in any browser/image viewer; open the WARC in ReplayWeb.page or pywb.
        用任意浏览器打开 page-source.html 或截图；WARC 文件可用 ReplayWeb.page 或 pywb 回放。

        """;
}
