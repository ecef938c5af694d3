namespace SentimentWatch.Evidence.Tests.Support;

/// <summary>The receiver's verification commands (evidence-packets.md §5), run for real on a packet directory.</summary>
internal static class PacketTools
{
    public static Tools.Run Sha256(string dir) => Tools.Exec(dir, "sha256sum", "--strict", "-c", "MANIFEST.sha256");

    public static Tools.Run Sm3(string dir) => Tools.Exec(dir, "cksum", "-a", "sm3", "--check", "MANIFEST.sm3");

    public static Tools.Run Cms(string dir) => Tools.Exec(dir, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "MANIFEST.sha256.p7s",
        "-content", "MANIFEST.sha256", "-CAfile", "certs/signer-root.pem", "-purpose", "any", "-out", "/dev/null");

    public static Tools.Run Ts(string dir, string data, string tsr, string caFile) => Tools.Exec(dir, "openssl", "ts", "-verify", "-data", data, "-in", tsr, "-CAfile", caFile);

    public static Tools.Run FileSet(string dir) => Tools.Sh(dir,
        "T=$(mktemp); find . \\( -type f -o -type l \\) ! -path './MANIFEST.*' ! -path './custody/custody-continuation.log' | sed 's#^\\./##' | LC_ALL=C sort > \"$T\"; " +
        "cut -c67- MANIFEST.sha256 | LC_ALL=C sort | diff - \"$T\"; rc=$?; rm -f \"$T\"; exit $rc");

    public static Tools.Run WarcPayloadEqualsSource(string dir) => Tools.Sh(dir,
        "w=$(gzip -dc capture/capture.warc.gz | tr -d '\\r' | awk '/^WARC\\/1\\.[01]$/{t=\"\"} /^WARC-Type: /{t=$2} /^WARC-Payload-Digest: sha256:/{if(t==\"response\"){sub(\"sha256:\",\"\",$2);print $2;exit}}'); " +
        "p=$(sha256sum < capture/page-source.html | cut -d' ' -f1); echo \"$w $p\"; [ -n \"$w\" ] && [ \"$w\" = \"$p\" ]");

    public static Tools.Run VerifySh(string dir, string? tsaRoot) =>
        tsaRoot is null ? Tools.Exec(dir, "/bin/sh", "VERIFY.sh") : Tools.Exec(dir, "/bin/sh", "VERIFY.sh", "certs/signer-root.pem", tsaRoot);

    /// <summary>Copies a packet so a test can mutate it without touching the original.</summary>
    public static string CopyPacket(string dir, string into)
    {
        var target = Path.Combine(into, Path.GetFileName(dir));
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }

        return target;
    }
}
