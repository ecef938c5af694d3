using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Reports;

public sealed class IncidentReportTests : IDisposable
{
    private readonly OfficeFixture _f = new();

    [Fact]
    public async Task Flash_SeededIncident_EveryNumberAndQuoteIsAFactThatResolves()
    {
        var t = OfficeFixture.T0;
        var first = await _f.PostAsync("tieba", "出售今年客观题卷一答案，加QQ 12345678", t, engagement: 40);
        var second = await _f.PostAsync("weibo", "有人在卖卷一答案，真的假的", t.AddMinutes(9), engagement: 900);
        var incident = await _f.IncidentAsync(IncidentLevel.II, first, second);
        var alert = await _f.AlertAsync(incident, t.AddMinutes(10));
        await _f.Get<IAlertStore>().AcknowledgeAsync(alert.Id, "duty1", "console", t.AddMinutes(12), CancellationToken.None);

        var (record, doc) = await _f.Reports.GenerateAsync(ReportKinds.Flash, incident.Id, null, null, "office1", CancellationToken.None);

        Assert.Equal(1, record.Number);
        Assert.Equal(["基本情况", "传播情况", "等级研判", "已采取措施", "下一步工作"], doc.Sections.Select(s => s.Heading));
        var facts = doc.Segments().Where(s => s.Kind == SegmentKind.Fact).Select(s => doc.FactOf(s.FactId!.Value)!.Text).ToList();
        Assert.Contains("2条", facts);
        Assert.Contains("900", facts);
        Assert.Contains("tieba", facts);
        Assert.Contains(facts, f => f.StartsWith("「出售今年客观题卷一答案", StringComparison.Ordinal));
        Assert.Contains(facts, f => f.Contains("Ⅱ级", StringComparison.Ordinal));
        Assert.Contains("duty1", facts);

        // Prose carries no number or quotation of its own: each is inside a fact.
        Assert.All(doc.Segments().Where(s => s.Kind == SegmentKind.Text), s => Assert.False(EditText.StatesSomething(s.Text), s.Text));
        var resolver = _f.Get<ReferenceResolver>();
        foreach (var source in doc.Sources())
        {
            Assert.True(await resolver.ResolvesAsync(source, CancellationToken.None), source.Key);
        }

        Assert.Contains(doc.Sources(), s => s.Key == $"alert:{alert.Id}");
        Assert.Contains(doc.Sources(), s => s.Key == $"post:{second.PostId}");
    }

    [Fact]
    public async Task Flash_IncidentWithNoFacts_IsFullOfVisibleBlanks()
    {
        // An incident row with no posts, no grade and no actions: nothing the report could state.
        var post = await _f.PostAsync("tieba", "占位", OfficeFixture.T0);
        var incident = await _f.IncidentAsync(IncidentLevel.None, post);
        await using (var connection = await _f.Get<SentimentWatch.Storage.SqliteDatabase>().OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM incident_posts";
            await command.ExecuteNonQueryAsync();
        }

        var doc = (await _f.Reports.DraftIncidentAsync(ReportKinds.Flash, incident.Id, 1, CancellationToken.None))!;

        var blanks = doc.Segments().Where(s => s.Kind == SegmentKind.Blank).Select(s => s.Text).ToList();
        Assert.True(blanks.Count >= 9, string.Join(" ", blanks));
        Assert.All(blanks, b => Assert.StartsWith("【待补充", b, StringComparison.Ordinal));
        Assert.Contains("【待补充：首发平台】", blanks);
        Assert.Contains("【待补充：研判等级】", blanks);
        Assert.Contains("【待补充：已采取的处置措施】", blanks);
        Assert.Empty(doc.Facts);
        Assert.All(doc.Sections, s => Assert.NotEmpty(s.Paragraphs));

        var pdf = Tools.Squeeze(await Tools.PdfTextAsync(_f.Reports.Pdf(doc), _f.Directory));
        Assert.Contains("【待补充：首发平台】", pdf);
        Assert.Contains("【待补充：下一步工作安排】", pdf);
    }

    [Fact]
    public async Task FollowUp_NumberedAndListsOnlyWhatIsNewSinceThePreviousReport()
    {
        var t = OfficeFixture.T0;
        var first = await _f.PostAsync("tieba", "卷一答案有人在卖", t);
        var incident = await _f.IncidentAsync(IncidentLevel.III, first);
        await _f.AlertAsync(incident, t.AddMinutes(1));
        _f.Clock.SetUtcNow(t.AddHours(3));
        await _f.Reports.GenerateAsync(ReportKinds.Flash, incident.Id, null, null, "office1", CancellationToken.None);

        _f.Clock.SetUtcNow(t.AddHours(4));
        var later = await _f.PostAsync("weibo", "微博上也有人转发卖答案", t.AddHours(3.5), engagement: 300);
        await _f.Get<IIncidentStore>().AddPostAsync(incident.Id, later, CancellationToken.None);
        var (one, doc1) = await _f.Reports.GenerateAsync(ReportKinds.FollowUp, incident.Id, null, null, "office1", CancellationToken.None);
        _f.Clock.SetUtcNow(t.AddHours(5));
        var (two, doc2) = await _f.Reports.GenerateAsync(ReportKinds.FollowUp, incident.Id, null, null, "office1", CancellationToken.None);

        Assert.Equal((1, 2), (one.Number, two.Number));
        Assert.Equal("第2期", doc2.Header.Issue);
        var news1 = EditText.Format(doc1.Sections[0]);
        Assert.Contains("新增相关帖子1条", news1, StringComparison.Ordinal);
        Assert.Contains("传播至新平台weibo", news1, StringComparison.Ordinal);
        Assert.DoesNotContain("tieba", news1, StringComparison.Ordinal);
        var news2 = EditText.Format(doc2.Sections[0]);
        Assert.Contains("未发现新的传播", news2, StringComparison.Ordinal);
        Assert.Contains(doc2.Sources(), s => s.Key == $"report:{one.Id}");
    }

    [Fact]
    public async Task Special_HasSpreadChartsBackedByTheIncidentsPosts()
    {
        var t = OfficeFixture.T0;
        var posts = new List<Core.Alerting.IncidentPost>();
        foreach (var (platform, minutes) in new[] { ("tieba", 0), ("discuz", 5), ("weibo", 12), ("weibo", 13), ("news", 30) })
        {
            posts.Add(await _f.PostAsync(platform, $"泄题传闻 {platform}", t.AddMinutes(minutes)));
        }

        var incident = await _f.IncidentAsync(IncidentLevel.I, [.. posts]);
        var doc = (await _f.Reports.DraftIncidentAsync(ReportKinds.Special, incident.Id, 1, CancellationToken.None))!;

        var charts = doc.Sections.SelectMany(s => s.Charts).ToList();
        Assert.Equal(["lines", "path"], charts.Select(c => c.Kind));
        Assert.Equal(["tieba", "discuz", "weibo", "news"], charts[1].Categories);
        Assert.Equal(2, charts[0].Series.Single(s => s.Name == "weibo").Y.Max());
        Assert.All(charts, c => Assert.Equal(5, doc.FactOf(c.FactId)!.Sources.Count(s => s.Kind == SourceKinds.Post)));
        Assert.Contains("tieba（", EditText.Format(doc.Sections[1]), StringComparison.Ordinal);
    }

    public void Dispose() => _f.Dispose();
}
