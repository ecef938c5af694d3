using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Incidents;
using SentimentWatch.DutyConsole.Queue;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>A post's stored versions and the page it was parsed from, as escaped text (stored HTML is never rendered).</summary>
[Authorize(Policy = Permissions.IncidentView)]
public sealed class PostCopyModel : ConsolePage
{
    /// <summary>Bytes of the crawl-time page shown.</summary>
    public const int MaxRawBytes = 256 * 1024;

    public long IncidentId { get; private set; }

    public long PostId { get; private set; }

    public IReadOnlyList<StoredPost> Versions { get; private set; } = [];

    public string? Raw { get; private set; }

    public int RawBytes { get; private set; }

    public Uri? RawUrl { get; private set; }

    public DateTimeOffset? FetchedAt { get; private set; }

    public IReadOnlyList<PostImage> Images { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, long postId, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        if (!await IsVisibleAsync(id, postId, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        IncidentId = id;
        PostId = postId;
        Images = sp.GetService<IPostImageStore>() is { } images ? await images.GetForPostAsync(postId, cancellationToken).ConfigureAwait(false) : [];
        var posts = sp.GetRequiredService<IPostStore>();
        Versions = await posts.GetPostVersionsAsync(postId, cancellationToken).ConfigureAwait(false);
        if (Versions.LastOrDefault()?.ExchangeId is { } exchangeId && await posts.GetExchangeAsync(exchangeId, cancellationToken).ConfigureAwait(false) is { } exchange)
        {
            RawBytes = exchange.Body.Length;
            Raw = Encoding.UTF8.GetString(exchange.Body, 0, Math.Min(exchange.Body.Length, MaxRawBytes));
            RawUrl = exchange.FinalUrl;
            FetchedAt = exchange.FetchedAtUtc;
        }

        await Audit.RecordAsync(HttpContext, "view_copy", $"incident:{id} post:{postId}", Auditor.Ok).ConfigureAwait(false);
        return Page();
    }

    /// <summary>
    /// One stored image of the post (<c>?handler=Image&amp;image=N</c>): only to users who may see the incident, only as a
    /// raster type whose bytes match it (<see cref="PostImageFile"/>), with a generated file name; else 404.
    /// </summary>
    public async Task<IActionResult> OnGetImageAsync(long id, long postId, long image, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        if (!await IsVisibleAsync(id, postId, cancellationToken).ConfigureAwait(false) || sp.GetService<IPostImageStore>() is not { } images)
        {
            return NotFound();
        }

        var found = (await images.GetForPostAsync(postId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(i => i.Id == image);
        if (found is null)
        {
            return NotFound();
        }

        var (bytes, type, name, refusal) = await PostImageFile.ReadAsync(sp.GetRequiredService<IOptions<PathsOptions>>().Value, found, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            await Audit.RecordAsync(HttpContext, "view_image", $"incident:{id} post:{postId} image:{image}", Auditor.Refused, refusal ?? string.Empty).ConfigureAwait(false);
            return NotFound();
        }

        // Inline, under a name made here; nosniff comes with every response, and the CSP allows nothing to run.
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { Inline = true, FileName = name }.ToString();
        return File(bytes, type);
    }

    private async Task<bool> IsVisibleAsync(long id, long postId, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        return await sp.GetRequiredService<IncidentVisibility>().CanSeeAsync(User, id, cancellationToken).ConfigureAwait(false)
            && await sp.GetRequiredService<IIncidentStore>().FindIncidentOfPostAsync(postId, cancellationToken).ConfigureAwait(false) == id;
    }
}
