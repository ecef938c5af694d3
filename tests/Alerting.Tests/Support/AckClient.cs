using System.Net;
using System.Text.RegularExpressions;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>A person (or a mail scanner) following an acknowledgement link with a real HTTP client on loopback.</summary>
internal sealed partial class AckClient : IDisposable
{
    private readonly HttpClient _http = new();

    /// <summary>What a prefetcher does: GET the link; returns the status, the page and the form token on it (if any).</summary>
    public async Task<(HttpStatusCode Status, string Page, string? Token)> OpenAsync(Uri link)
    {
        using var response = await _http.GetAsync(link);
        var page = await response.Content.ReadAsStringAsync();
        var m = TokenField().Match(page);
        return (response.StatusCode, page, m.Success ? m.Groups[1].Value : null);
    }

    /// <summary>Presses the confirmation button: POST to the link with <paramref name="token"/> (none: a bare POST).</summary>
    public async Task<(HttpStatusCode Status, string Page)> ConfirmAsync(Uri link, string? token)
    {
        using var content = new FormUrlEncodedContent(token is null ? [] : [new KeyValuePair<string, string>("token", token)]);
        using var response = await _http.PostAsync(link, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the link and presses its button, as a person does.</summary>
    public async Task<(HttpStatusCode Status, string Page)> FollowAsync(Uri link)
    {
        var (status, page, token) = await OpenAsync(link);
        return status == HttpStatusCode.OK ? await ConfirmAsync(link, token ?? throw new InvalidOperationException("no form token on " + page)) : (status, page);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]+)\"")]
    private static partial Regex TokenField();
}
