using System.Text;
using Microsoft.AspNetCore.Http;
using SentimentWatch.DrillSites.Sites;

namespace SentimentWatch.DrillSites.Pipeline;

/// <summary>The fault endpoints under <c>/_drill/fault/</c>, the same on every site.</summary>
internal static class Faults
{
    public const int HugeBytes = 20 * 1024 * 1024;

    // A 1×1 transparent PNG: a real image where the crawler expected HTML.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public static string PathOf(DrillFault fault) => "/_drill/fault/" + fault switch
    {
        DrillFault.HugePage => "huge",
        DrillFault.RedirectLoop => "redirect-loop",
        DrillFault.Hang => "hang",
        DrillFault.NotHtml => "not-html",
        DrillFault.WrongCharset => "wrong-charset",
        _ => "500",
    };

    public static async Task HandleAsync(HttpContext ctx, string name, CancellationToken stopping)
    {
        var ct = ctx.RequestAborted;
        switch (name)
        {
            case "huge":
                await HugeAsync(ctx, ct).ConfigureAwait(false);
                break;
            case "redirect-loop":
                ctx.Response.StatusCode = 302;
                ctx.Response.Headers.Location = "/_drill/fault/redirect-loop2";
                break;
            case "redirect-loop2":
                ctx.Response.StatusCode = 302;
                ctx.Response.Headers.Location = "/_drill/fault/redirect-loop";
                break;
            case "hang":
                await HangAsync(ctx, stopping).ConfigureAwait(false);
                break;
            case "not-html":
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "image/png";
                ctx.Response.ContentLength = Png.Length;
                await ctx.Response.Body.WriteAsync(Png, ct).ConfigureAwait(false);
                break;
            case "wrong-charset":
                var bytes = Gbk.Encode(WrongCharsetPage);
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "text/html; charset=utf-8";
                ctx.Response.ContentLength = bytes.Length;
                await ctx.Response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
                break;
            case "500":
                var err = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1></body></html>");
                ctx.Response.StatusCode = 500;
                ctx.Response.ContentType = "text/html; charset=utf-8";
                await ctx.Response.Body.WriteAsync(err, ct).ConfigureAwait(false);
                break;
            default:
                ctx.Response.StatusCode = 404;
                break;
        }
    }

    /// <summary>Text of the wrong-charset page (sent as GBK bytes under a UTF-8 label), for tests to compare against.</summary>
    public const string WrongCharsetPage =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>法考交流 - 论坛</title></head><body>"
        + "<table id=\"threadlisttableid\"><tbody id=\"normalthread_1\"><tr><th class=\"new\">"
        + "<a href=\"forum.php?mod=viewthread&amp;tid=1\" class=\"s xst\">客观题成绩什么时候公布</a></th></tr></tbody></table></body></html>";

    private static async Task HugeAsync(HttpContext ctx, CancellationToken ct)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.ContentLength = HugeBytes;
        var head = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>超大页面</title></head><body>");
        var tail = Encoding.UTF8.GetBytes("</body></html>");
        var line = Encoding.UTF8.GetBytes("<p>法考复习资料汇总，逐条整理，持续更新。</p>\n");
        // Whole lines only, so the body stays valid UTF-8 however a reader cuts it into blocks.
        var block = new byte[(64 * 1024 / line.Length) * line.Length];
        for (var i = 0; i < block.Length; i += line.Length)
        {
            line.CopyTo(block, i);
        }

        await ctx.Response.Body.WriteAsync(head, ct).ConfigureAwait(false);
        var remaining = HugeBytes - head.Length - tail.Length;
        while (remaining >= line.Length)
        {
            var n = Math.Min(remaining, block.Length) / line.Length * line.Length;
            await ctx.Response.Body.WriteAsync(block.AsMemory(0, n), ct).ConfigureAwait(false);
            remaining -= n;
        }

        await ctx.Response.Body.WriteAsync(Encoding.ASCII.GetBytes(new string(' ', remaining)), ct).ConfigureAwait(false);
        await ctx.Response.Body.WriteAsync(tail, ct).ConfigureAwait(false);
    }

    private static async Task HangAsync(HttpContext ctx, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping: drop the connection without an answer, like a dead upstream.
            ctx.Abort();
        }
    }
}
