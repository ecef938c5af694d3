using System.Text;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Reports;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Documents;

/// <summary>
/// The exported files read back with Debian's tools: the PDF through pdftotext, the DOCX opened by LibreOffice
/// (headless, printed to PDF, then pdftotext) and its XML parsed — in Chinese, with hostile post text inert.
/// </summary>
public sealed class ExportTests : IDisposable
{
    private const string Hostile = "<script>alert('x')</script></w:t></w:r><w:r><w:t>注入</w:t> &amp; ]]> \u0000\u0007\u202E反转 😀🎓 [3] 卖答案";
    private readonly OfficeFixture _f = new();

    [Fact]
    public async Task Special_PdfAndDocx_ReadInChineseWithFootnotesChartsAndAppendix()
    {
        var doc = await SpecialAsync("出售今年客观题卷一答案，加QQ 12345678");

        var pdf = _f.Reports.Pdf(doc);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        var pdfText = Tools.Squeeze(await Tools.PdfTextAsync(pdf, _f.Directory));
        var docxText = Tools.Squeeze(await Tools.DocxViaLibreOfficeAsync(_f.Reports.Docx(doc), _f.Directory));
        foreach (var text in new[] { pdfText, docxText })
        {
            Assert.Contains("法考网络舆情专报", text, StringComparison.Ordinal);
            Assert.Contains("内部", text, StringComparison.Ordinal);
            Assert.Contains("一、基本情况", text, StringComparison.Ordinal);
            Assert.Contains("二、传播情况", text, StringComparison.Ordinal);
            Assert.Contains("「出售今年客观题卷一答案，加QQ12345678」", text, StringComparison.Ordinal);
            Assert.Contains("来源：帖子#", text, StringComparison.Ordinal);
            Assert.Contains("附件：信息来源", text, StringComparison.Ordinal);
            Assert.Contains("图：各平台累计帖子数", text, StringComparison.Ordinal);
            Assert.Contains("报送：", text, StringComparison.Ordinal);
        }

        var (body, notes) = Tools.DocxXmlText(_f.Reports.Docx(doc));
        Assert.Contains("传播路径", body, StringComparison.Ordinal);
        Assert.Contains("来源：", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostilePost_RendersAsInertTextInBothFormats()
    {
        var longText = Hostile + string.Concat(Enumerable.Repeat("很长的帖子内容", 3000));
        var doc = await SpecialAsync(longText);

        var docx = _f.Reports.Docx(doc);
        var (body, _) = Tools.DocxXmlText(docx); // a real XML parser: an injected element or a NUL would make this throw
        Assert.Contains("<script>alert('x')</script></w:t></w:r>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0000", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", body, StringComparison.Ordinal);
        Assert.Contains("［3］", body, StringComparison.Ordinal);
        Assert.DoesNotContain("很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容很长的帖子内容", body, StringComparison.Ordinal);

        var pdfText = Tools.Squeeze(await Tools.PdfTextAsync(_f.Reports.Pdf(doc), _f.Directory));
        Assert.Contains("<script>alert('x')</script>", pdfText, StringComparison.Ordinal);
        Assert.Contains("反转□□", pdfText, StringComparison.Ordinal); // the font has no emoji: shown as □, not dropped
        var docxText = Tools.Squeeze(await Tools.DocxViaLibreOfficeAsync(docx, _f.Directory));
        Assert.Contains("<script>alert('x')</script>", docxText, StringComparison.Ordinal);
        Assert.Contains("注入", docxText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedDraft_UnsupportedSentenceIsMarkedInTheExport()
    {
        var doc = await SpecialAsync("卖答案");
        var text = EditText.Format(doc.Sections[0]) + "\n\n另据群众反映，已有300名考生受骗。";
        var edited = ReportService.Edit(doc, [text]);

        var pdfText = Tools.Squeeze(await Tools.PdfTextAsync(_f.Reports.Pdf(edited), _f.Directory));
        Assert.Contains("已有300名考生受骗。【无来源】", pdfText, StringComparison.Ordinal);
        var (body, _) = Tools.DocxXmlText(_f.Reports.Docx(edited));
        Assert.Contains("已有300名考生受骗。【无来源】", body, StringComparison.Ordinal);
    }

    private async Task<ReportDocument> SpecialAsync(string text)
    {
        var t = OfficeFixture.T0;
        var first = await _f.PostAsync("tieba", text, t, engagement: 40);
        var second = await _f.PostAsync("weibo", "转发：" + text, t.AddMinutes(9), engagement: 900);
        var incident = await _f.IncidentAsync(IncidentLevel.I, first, second);
        return (await _f.Reports.DraftIncidentAsync(ReportKinds.Special, incident.Id, 1, CancellationToken.None))!;
    }

    public void Dispose() => _f.Dispose();
}
