using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Reports;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Reports;

public sealed class EditTextTests : IDisposable
{
    private readonly OfficeFixture _f = new();

    [Fact]
    public async Task Edit_UnchangedText_KeepsEveryFactAndNothingIsUnsupported()
    {
        var doc = await FlashAsync();
        var edited = ReportService.Edit(doc, [.. doc.Sections.Select(EditText.Format)]);

        Assert.Equal(Facts(doc), Facts(edited));
        Assert.DoesNotContain(edited.Segments(), s => s.Kind == SegmentKind.Unsupported);
        Assert.Equal(doc.Segments().Count(s => s.Kind == SegmentKind.Blank), edited.Segments().Count(s => s.Kind == SegmentKind.Blank));
    }

    [Fact]
    public async Task Edit_RewordedProseAroundAFact_KeepsTheFact()
    {
        var doc = await FlashAsync();
        var spread = EditText.Format(doc.Sections[1]);
        var fact = doc.Segments().First(s => s.Kind == SegmentKind.Fact && s.Text.EndsWith('条'));
        var reworded = spread.Replace("相关帖子共", "目前已发现相关帖子", StringComparison.Ordinal);

        var edited = ReportService.Edit(doc, [null, reworded]);

        Assert.Contains(edited.Sections[1].Paragraphs.SelectMany(p => p.Segments), s => s.Kind == SegmentKind.Fact && s.FactId == fact.FactId);
        Assert.DoesNotContain(edited.Segments(), s => s.Kind == SegmentKind.Unsupported);
        Assert.Equal(doc.Sections[0], edited.Sections[0]);
    }

    [Fact]
    public async Task Edit_ChangedNumberOrDroppedMarkerOrNewClaim_MarksOnlyThatSentenceUnsupported()
    {
        var doc = await FlashAsync();
        var count = doc.Segments().First(s => s.Kind == SegmentKind.Fact && s.Text == "2条");
        var spread = EditText.Format(doc.Sections[1]);
        var changed = spread.Replace($"2条[{count.FactId}]", $"20条[{count.FactId}]", StringComparison.Ordinal);
        var dropped = spread.Replace($"2条[{count.FactId}]", "2条", StringComparison.Ordinal);
        var claim = EditText.Format(doc.Sections[4]) + "\n\n已有“内部人员”确认泄题。";
        var wrongMarker = spread.Replace($"2条[{count.FactId}]", "2条[999]", StringComparison.Ordinal);

        foreach (var (text, section) in new[] { (changed, 1), (dropped, 1), (wrongMarker, 1), (claim, 4) })
        {
            var texts = new string?[5];
            texts[section] = text;
            var edited = ReportService.Edit(doc, texts);
            var unsupported = edited.Segments().Where(s => s.Kind == SegmentKind.Unsupported).ToList();
            Assert.Single(unsupported);
            Assert.DoesNotContain("[", unsupported[0].Text, StringComparison.Ordinal);
            // The other sentences of the section keep their facts.
            Assert.Contains(edited.Sections[1].Paragraphs.SelectMany(p => p.Segments), s => s.Kind == SegmentKind.Fact);
        }
    }

    [Fact]
    public async Task EditAsync_StoresANewVersionAndKeepsTheOldOne()
    {
        var t = OfficeFixture.T0;
        var incident = await _f.IncidentAsync(IncidentLevel.III, await _f.PostAsync("tieba", "卖答案", t));
        var (record, doc) = await _f.Reports.GenerateAsync(ReportKinds.Flash, incident.Id, null, null, "office1", CancellationToken.None);
        var texts = doc.Sections.Select(EditText.Format).ToList();
        texts[4] = "继续监测，会同公安核查。";

        var outcome = await _f.Reports.EditAsync(record.Id, [.. texts], "office2", CancellationToken.None);

        Assert.Equal((2, 0), (outcome.Version, outcome.Unsupported));
        var versions = await _f.Get<IReportStore>().ListVersionsAsync(record.Id, CancellationToken.None);
        Assert.Equal([("office1", 1), ("office2", 2)], versions.Select(v => (v.By, v.Version)));
        var first = (await _f.Reports.LoadAsync(record.Id, 1, CancellationToken.None))!.Value.Document;
        var latest = (await _f.Reports.LoadAsync(record.Id, null, CancellationToken.None))!.Value.Document;
        Assert.Contains(first.Sections[4].Paragraphs.SelectMany(p => p.Segments), s => s.Kind == SegmentKind.Blank);
        Assert.Equal("继续监测，会同公安核查。", EditText.Format(latest.Sections[4]));
    }

    private static List<int> Facts(ReportDocument d) => [.. d.Segments().Where(s => s.Kind == SegmentKind.Fact).Select(s => s.FactId!.Value)];

    private async Task<ReportDocument> FlashAsync()
    {
        var t = OfficeFixture.T0;
        var a = await _f.PostAsync("tieba", "出售卷一答案 <b>加群</b> [1] 😀", t, engagement: 5);
        var b = await _f.PostAsync("weibo", "转发：出售卷一答案", t.AddMinutes(3), engagement: 50);
        var incident = await _f.IncidentAsync(IncidentLevel.II, a, b);
        await _f.AlertAsync(incident, t.AddMinutes(4));
        return (await _f.Reports.DraftIncidentAsync(ReportKinds.Flash, incident.Id, 1, CancellationToken.None))!;
    }

    public void Dispose() => _f.Dispose();
}
