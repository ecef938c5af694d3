using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Tests.Pipeline;

public sealed class IncidentPreviewTests : HarnessTests
{
    private protected override bool SendsMail => false;

    private static ClassificationResult Result(string label, params string[] contacts) =>
        new(label, 0.9, new Dictionary<string, double>(), contacts.Select(c => new Contact(c.Split(':')[0], c.Split(':')[1], c, 0, 0)).ToList(), [], "m");

    [Fact]
    public void Add_CopiedPostInSameRun_DuplicateOfEarlierKeySameIncident()
    {
        var session = H.Services.GetRequiredService<IIncidentPreview>().Begin();
        var at = new DateTimeOffset(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);
        var a = session.Add("line1", new ClassificationInput("出售2024法考客观题答案，考前发货，需要的私聊", "weibo", PublishedAtUtc: at), Result("answer_selling"));
        var b = session.Add("line2", new ClassificationInput("出售2024法考客观题答案，考前发货，需要的私聊！", "tieba", PublishedAtUtc: at.AddMinutes(1)), Result("answer_selling"));
        var c = session.Add("line3", new ClassificationInput("今天天气不错", "weibo", PublishedAtUtc: at), Result("normal"));
        Assert.Equal(("II", (int?)1, (string?)null), (a.Level, a.Incident, a.DuplicateOf));
        Assert.Equal("line1", b.DuplicateOf);
        Assert.Equal(1, b.Incident);
        Assert.Contains(a.LevelReasons, r => r.Rule == "content_floor:answer_selling@考试实施");
        Assert.Equal((null, (int?)null), (c.Level, c.Incident));
    }

    [Fact]
    public void Add_UnrelatedPosts_SeparateIncidents()
    {
        var session = H.Services.GetRequiredService<IIncidentPreview>().Begin();
        var at = new DateTimeOffset(2024, 8, 1, 2, 0, 0, TimeSpan.Zero);
        var a = session.Add("1", new ClassificationInput("考点附近酒店涨价太离谱", "weibo", PublishedAtUtc: at), Result("complaint"));
        var b = session.Add("2", new ClassificationInput("主观题押题卷出售，加QQ", "tieba", PublishedAtUtc: at), Result("answer_selling", "qq:5566778"));
        Assert.Equal((1, 2), (a.Incident, b.Incident));
        Assert.Equal(("IV", "III"), (a.Level, b.Level));
    }
}
