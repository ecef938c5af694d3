using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>检索: full-text and contact search through <see cref="IPostSearch"/> when a search provider is registered.</summary>
[Authorize(Policy = Permissions.Search)]
public sealed class SearchModel : ConsolePage
{
    public const int PageSize = 50;

    public bool Available { get; private set; }

    public PostSearchQuery Query { get; private set; } = new();

    public PostSearchResult? Result { get; private set; }

    public async Task OnGetAsync(string? q, string? contact, string? platform, string? label, string? level, string? author, string? from, string? to, int offset, CancellationToken cancellationToken)
    {
        var search = HttpContext.RequestServices.GetService<IPostSearch>();
        Available = search is not null;
        Query = new PostSearchQuery(
            Text: Blank(q), FromUtc: Day(from), ToUtc: Day(to)?.AddDays(1), Platform: Blank(platform), Label: Blank(label),
            MinLevel: IncidentLevels.TryParse(level, out var l) ? l : null, Author: Blank(author), Contact: Blank(contact), Limit: PageSize, Offset: Math.Max(0, offset));
        if (search is null || (Query.Text, Query.Contact, Query.Author) is (null, null, null))
        {
            return;
        }

        Result = await search.SearchAsync(Query, cancellationToken).ConfigureAwait(false);
        await Audit.RecordAsync(HttpContext, "search", Query.Contact is null ? "text" : "contact:" + Query.Contact, Auditor.Ok,
            string.Create(CultureInfo.InvariantCulture, $"{Query.Text} → {Result.Total} hit(s)")).ConfigureAwait(false);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static DateTimeOffset? Day(string? s) =>
        DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? new DateTimeOffset(d, Core.Time.ChinaTime.Offset) : null;
}
