using SentimentWatch.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class CustodyLogTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static CustodyLog Sample()
    {
        var log = new CustodyLog(CustodyLog.Zero, 0);
        log.Append(At, "sw/duty", "CAPTURE_START", "http://x/1", null, "anonymous");
        log.Append(At, "sw/duty", "ARTIFACT_HASHED", "capture/a.html", new string('a', 64), "note\twith tab");
        log.Append(At, "sw/duty", "CAPTURE_END", "http://x/1", null, "");
        return log;
    }

    [Fact]
    public void Verify_IntactLog_PassesWithHead()
    {
        var log = Sample();

        var result = CustodyLog.Verify(log.Text, CustodyLog.Zero);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(log.Head, result.Head);
        Assert.Equal(3, result.LastSeq);
        Assert.All(log.Text.Split('\n').SkipLast(1), l => Assert.Equal(8, l.Split('\t').Length));
    }

    [Fact]
    public void Verify_EditedLine_BreaksAtTheNextLine()
    {
        var lines = Sample().Text.Split('\n');
        lines[0] = lines[0].Replace("anonymous", "logged-in", StringComparison.Ordinal);

        var result = CustodyLog.Verify(string.Join('\n', lines), CustodyLog.Zero);

        Assert.False(result.Ok);
        Assert.Contains("line 2", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LineRemoved_Broken()
    {
        var lines = Sample().Text.Split('\n').ToList();
        lines.RemoveAt(1);

        Assert.False(CustodyLog.Verify(string.Join('\n', lines), CustodyLog.Zero).Ok);
    }

    [Fact]
    public void Continue_FromSealedHead_ChainsAndRejectsWrongStart()
    {
        var sealedLog = Sample();
        var continuation = new CustodyLog(sealedLog.Head, sealedLog.LastSeq);
        continuation.Append(At, "sw/duty", "SEALED", "MANIFEST.sha256", new string('b', 64), "");

        var more = CustodyLog.Continue(continuation.Text, sealedLog.Head);
        more.Append(At, "officer", "HANDED_OVER", "x.zip", null, "to 网安支队");

        Assert.True(CustodyLog.Verify(more.Text, sealedLog.Head).Ok);
        Assert.StartsWith("4\t", more.Text, StringComparison.Ordinal);
        Assert.False(CustodyLog.Verify(more.Text, CustodyLog.Zero).Ok);
        Assert.Throws<InvalidDataException>(() => CustodyLog.Continue(continuation.Text, CustodyLog.Zero));
    }
}
