using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace SentimentWatch.Office.Documents;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as DOCX (Open XML SDK): 密级/紧急程度 line, red masthead and rule, title,
/// numbered sections in 仿宋 (黑体 headings), a real Word footnote on every fact naming its sources, charts as PNG,
/// the appendix of every source and the 报送 line. Text is written through the SDK, so markup in a quoted post is
/// escaped, never interpreted.
/// </summary>
internal sealed class DocxWriter(CjkFont font)
{
    private const string Body = "仿宋";
    private const string Bold = "黑体";
    private const string TitleFont = "方正小标宋简体";

    public byte[] Write(ReportDocument report)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new DocumentFormat.OpenXml.Wordprocessing.Body());
            var body = main.Document.Body!;
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
            var nextNote = 1;
            var notes = PdfWriter.Notes(report);
            var h = report.Header;

            body.Append(Para(JustificationValues.Left, Text(string.Join("    ", new[] { h.Classification, h.Urgency }.Where(s => !string.IsNullOrEmpty(s))), Bold, 32)));
            if (report.Exercise)
            {
                body.Append(Para(JustificationValues.Center, Text(Blanks.Drill, Bold, 32, color: "FF0000")));
            }

            body.Append(Para(JustificationValues.Center, Text(h.Masthead, TitleFont, 56, bold: true, color: "FF0000")));
            body.Append(Para(JustificationValues.Center, Text(h.Issue, Body, 32)));
            body.Append(Para(JustificationValues.Center, Text(h.Issuer, Body, 32)));
            var issuer = Para(JustificationValues.Center, Text(h.DateText, Body, 32));
            issuer.ParagraphProperties!.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 18, Color = "FF0000", Space = 4 }));
            body.Append(issuer);
            body.Append(Para(JustificationValues.Center, Text(report.Title, TitleFont, 44, bold: true)));

            for (var i = 0; i < report.Sections.Count; i++)
            {
                var section = report.Sections[i];
                body.Append(Para(JustificationValues.Left, Text(Words.SectionNumber(i) + section.Heading, Bold, 32)));
                foreach (var paragraph in section.Paragraphs)
                {
                    var p = Para(JustificationValues.Both);
                    p.ParagraphProperties!.Append(new Indentation { FirstLine = "640" });
                    foreach (var s in paragraph.Segments)
                    {
                        switch (s.Kind)
                        {
                            case SegmentKind.Fact when report.FactOf(s.FactId ?? 0) is { } fact:
                                p.Append(Text(s.Text, Body, 32));
                                var id = nextNote++;
                                // A custom mark: the footnote shows the fact's number, the same in the console, the PDF and the edit text.
                                footnotes.Footnotes.Append(new Footnote(new Paragraph(Text(notes[fact.Id], Body, 18))) { Id = id });
                                p.Append(new Run(
                                    new RunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }),
                                    new FootnoteReference { Id = id, CustomMarkFollows = true },
                                    new Text(fact.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                                break;
                            case SegmentKind.Blank:
                                p.Append(Text(s.Text, Bold, 32, highlight: true));
                                break;
                            case SegmentKind.Unsupported:
                                p.Append(Text(s.Text + Blanks.Unsupported, Body, 32, bold: true, color: "FF0000"));
                                break;
                            default:
                                p.Append(Text(s.Text, Body, 32));
                                break;
                        }
                    }

                    body.Append(p);
                }

                foreach (var chart in section.Charts)
                {
                    body.Append(Image(main, ChartRenderer.Png(chart, font), chart.Title));
                    body.Append(Para(JustificationValues.Center, Text("图：" + chart.Title, Body, 24)));
                }
            }

            body.Append(Para(JustificationValues.Left, Text("附件：信息来源", Bold, 32)));
            var sources = report.Sources();
            for (var i = 0; i < sources.Count; i++)
            {
                var s = sources[i];
                body.Append(Para(JustificationValues.Left, Text($"{i + 1}. {s.Label}" + (s.Url is null ? string.Empty : "  " + s.Url) + $"  〔{s.Key}〕", Body, 21)));
            }

            var to = Para(JustificationValues.Left, Text("报送：" + h.Recipients, Body, 28));
            to.ParagraphProperties!.Append(new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 6, Space = 4 }));
            body.Append(to);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U }));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Para(JustificationValues align, params OpenXmlElement[] runs)
    {
        var p = new Paragraph(new ParagraphProperties(new Justification { Val = align }, new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }));
        p.Append(runs);
        return p;
    }

    private static Run Text(string text, string fontName, int halfPoints, bool bold = false, string? color = null, bool highlight = false)
    {
        var props = new RunProperties(
            new RunFonts { Ascii = fontName, HighAnsi = fontName, EastAsia = fontName },
            new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold)
        {
            props.Append(new DocumentFormat.OpenXml.Wordprocessing.Bold());
        }

        if (color is not null)
        {
            props.Append(new Color { Val = color });
        }

        if (highlight)
        {
            props.Append(new Highlight { Val = HighlightColorValues.Yellow });
        }

        return new Run(props, new Text(SafeText.Storable(text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Paragraph Image(MainDocumentPart main, byte[] png, string name)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var s = new MemoryStream(png))
        {
            part.FeedData(s);
        }

        var relId = main.GetIdOfPart(part);
        const long cx = 5_760_000L; // 16 cm
        const long cy = cx * ChartRenderer.Height / ChartRenderer.Width;
        var id = (uint)main.ImageParts.Count();
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.DocProperties { Id = id, Name = "chart" + id, Description = SafeText.Storable(name) },
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = id, Name = $"chart{id}.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = relId }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }), new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        // No exact line height here: it would crop the picture to one line.
        return new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(new Drawing(inline)));
    }
}
