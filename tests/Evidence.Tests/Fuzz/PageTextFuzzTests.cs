using System.Text;
using CsCheck;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Pages;
using Xunit.Abstractions;

namespace SentimentWatch.Evidence.Tests.Fuzz;

/// <summary>
/// Fuzzing evidence's page text (HTML → title and text under the parsing limits) and the redaction applied to
/// everything a packet says about a page (issue 13): never an exception, bounded time, and no secret survives.
/// </summary>
public sealed class PageTextFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(10);
    private static readonly HtmlParseLimits Limits = new() { MaxDepth = 64, MaxParseTime = TimeSpan.FromSeconds(2) };

    private static readonly string[] HtmlTokens =
    [
        "<html>", "<head>", "<title>", "</title>", "<body>", "</body>", "<div>", "</div>", "<b>", "</b>", "<p>", "<li>", "<table>", "<tr>", "<td>",
        "<script>", "</script>", "<style>", "</style>", "<template>", "<noscript>", "<!--", "-->", "<![CDATA[", "]]>", "<svg>", "<math>",
        "<meta charset=\"gbk\">", "<meta http-equiv=\"content-type\" content=\"text/html; charset=big5\">", "<iframe src=\"file:///etc/passwd\">",
        "&amp;", "&#0;", "&#xD800;", "&nbsp;", "\"", "'", "<", ">", "=", "/", "法考答案", "出售", "\0", "\ufffd", "\ud800", "\r\n",
    ];

    private static readonly string[] ContentTypes = ["text/html", "text/html; charset=utf-8", "text/html; charset=gbk", "text/html; charset=nonsense", "application/json", "", "text/plain; charset=utf-16"];

    private static readonly string[] UrlTokens =
    [
        "http://", "https://", "u:p@", "@", "host.cn", "/", "?", "&", ";", "#", "=", "token=", "access_token=", "key=", "sig=", "ticket=", "TOKEN", "SECRET",
        "%20", "%3D", " ", "\"", "'", "<", ">", "***", "法考", "\n",
    ];

    private void Run<T>(Gen<T> gen, Action<T> property, string name) => Fuzzing.Run(gen, property, output, name, MaxPerInput);

    private static Gen<string> Tokens(string[] tokens, int max) =>
        Gen.Frequency((8, Gen.OneOf(tokens)), (2, Gen.String), (1, Gen.Char.Select(c => new string(c, 1)))).Array[0, max].Select(string.Concat);

    [Fact]
    public void Extract_RandomPages_TextOrAReasonNeverException() =>
        Run(Gen.Select(Tokens(HtmlTokens, 200), Gen.OneOf(ContentTypes), Gen.Int[0, 200]), input =>
        {
            var (html, type, nesting) = input;
            var page = PageText.Extract(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<div>", nesting)) + html), type, Limits);
            Assert.NotNull(page.Text);
            Assert.True(page.Problem is null || page.Text.Length == 0);
        }, "page text");

    [Fact]
    public void Redact_RandomUrlText_NoSecretValueSurvivesAndIdempotent() =>
        Run(Gen.Select(Tokens(UrlTokens, 60).Where(t => !t.Contains("Z9", StringComparison.Ordinal)), Gen.String[1, 12].Where(s => s.All(char.IsAsciiLetterOrDigit))), input =>
        {
            var (text, value) = input;
            var secret = "Z9" + value;
            var redactor = new SecretRedactor(["ticket"]);
            var withSecrets = $"{text} https://a:{secret}@x.cn/p?token={secret}&ticket={secret} {text}";
            var once = redactor.Redact(withSecrets)!;
            Assert.DoesNotContain(secret, once, StringComparison.Ordinal);
            Assert.Equal(once, redactor.Redact(once));
        }, "redaction");
}
