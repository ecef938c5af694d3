using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Audit;
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

    public IReadOnlyList<StoredPost> Versions { get; private set; } = [];

    public string? Raw { get; private set; }

    public int RawBytes { get; private set; }

    public Uri? RawUrl { get; private set; }

    public DateTimeOffset? FetchedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long postId, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        if (!await sp.GetRequiredService<IncidentVisibility>().CanSeeAsync(User, id, cancellationToken).ConfigureAwait(false)
            || await sp.GetRequiredService<IIncidentStore>().FindIncidentOfPostAsync(postId, cancellationToken).ConfigureAwait(false) != id)
        {
            return NotFound();
        }

        IncidentId = id;
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
}
