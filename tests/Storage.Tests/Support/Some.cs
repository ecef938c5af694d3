using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;

namespace SentimentWatch.Storage.Tests.Support;

/// <summary>Builders for test data.</summary>
internal static class Some
{
    public static readonly DateTimeOffset T0 = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);

    public static CollectedPost Post(string id = "1001", string text = "出法考客观题答案，加V信 abc123", string source = "tieba-fakao",
        string? title = "出答案", Engagement? engagement = null, string? parent = null, string? author = "u1", long? exchangeId = null) =>
        new(source, "tieba", id, new Uri($"https://tieba.example.cn/p/{id}"), ThreadId: parent is null ? id : "1000", ParentPlatformPostId: parent,
            new AuthorInfo(author, author is null ? null : "作者" + author, 12), title, text, T0.AddMinutes(-5), "5分钟前",
            engagement ?? new Engagement(1, 2, 3, null), exchangeId);

    public static HttpExchange Exchange(string url = "https://tieba.example.cn/p/1001", string body = "<html><body>出法考答案</body></html>") =>
        new(new Uri(url), new Uri(url), [], "GET", 200,
            [new("User-Agent", "SentimentWatch/test")],
            [new("Content-Type", "text/html; charset=utf-8"), new("ETag", "\"x1\"")],
            System.Text.Encoding.UTF8.GetBytes(body), T0, TimeSpan.FromMilliseconds(42), "127.0.0.1");
}
