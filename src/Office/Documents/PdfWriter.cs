using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Office.Documents;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as PDF with PDFsharp, the CJK font embedded (subset): masthead, 密级 and
/// 紧急程度, numbered sections, charts, a footnote at the foot of the page for every fact (its sources), an appendix of
/// every source and the 报送 line. Lines break between any two CJK characters; closing punctuation never starts a line.
/// </summary>
internal sealed class PdfWriter(CjkFont font)
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Left = 79;
    private const double Right = 74;
    private const double Top = 90;
    private const double Bottom = 85;
    private const double BodySize = 14;
    private const double NoteSize = 8.5;
    private const string NoStart = "，。、；：！？）」』】》,.;:!?)]…";

    public byte[] Write(ReportDocument report)
    {
        using var document = new PdfDocument();
        document.Info.Title = font.Printable(SafeText.Storable(report.Title));
        document.Info.Creator = "SentimentWatch";
        var layout = new Layout(document, font, report.Exercise);
        var h = report.Header;
        var notes = Notes(report);
        layout.Line([new(Style.Header, string.Join("    ", new[] { h.Classification, h.Urgency }.Where(s => !string.IsNullOrEmpty(s))))], 0, Align.Left);
        if (report.Exercise)
        {
            layout.Line([new(Style.Red, Blanks.Drill)], 0, Align.Center);
        }

        layout.Gap(10);
        layout.Line([new(Style.Masthead, h.Masthead)], 0, Align.Center);
        layout.Line([new(Style.Body, h.Issue)], 0, Align.Center);
        layout.Line([new(Style.Body, h.Issuer)], 0, Align.Center);
        layout.Line([new(Style.Body, h.DateText)], 0, Align.Center);
        layout.Rule(XColors.Red, 1.5);
        layout.Gap(8);
        layout.Line([new(Style.Title, report.Title)], 0, Align.Center);
        layout.Gap(6);

        for (var i = 0; i < report.Sections.Count; i++)
        {
            var section = report.Sections[i];
            layout.Line([new(Style.Heading, Words.SectionNumber(i) + section.Heading)], 0, Align.Left);
            foreach (var paragraph in section.Paragraphs)
            {
                layout.Line(Units(paragraph, report, notes), BodySize * 2, Align.Left);
            }

            foreach (var chart in section.Charts)
            {
                layout.Image(ChartRenderer.Png(chart, font), chart.Title);
            }
        }

        layout.Gap(8);
        layout.Line([new(Style.Heading, "附件：信息来源")], 0, Align.Left);
        var sources = report.Sources();
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            layout.Line([new(Style.Small, $"{i + 1}. {s.Label}" + (s.Url is null ? string.Empty : "  " + s.Url) + $"  〔{s.Key}〕")], 0, Align.Left);
        }

        layout.Gap(8);
        layout.Rule(XColors.Black, 0.8);
        layout.Line([new(Style.Small, "报送：" + h.Recipients)], 0, Align.Left);
        layout.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static List<Piece> Units(Paragraph paragraph, ReportDocument report, IReadOnlyDictionary<int, string> notes)
    {
        var pieces = new List<Piece>();
        foreach (var s in paragraph.Segments)
        {
            switch (s.Kind)
            {
                case SegmentKind.Fact when report.FactOf(s.FactId ?? 0) is { } fact:
                    pieces.Add(new(Style.Body, s.Text));
                    pieces.Add(new(Style.Marker, fact.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), notes[fact.Id]));
                    break;
                case SegmentKind.Blank:
                    pieces.Add(new(Style.Blank, s.Text));
                    break;
                case SegmentKind.Unsupported:
                    pieces.Add(new(Style.Red, s.Text + Blanks.Unsupported));
                    break;
                default:
                    pieces.Add(new(Style.Body, s.Text));
                    break;
            }
        }

        return pieces;
    }

    /// <summary>
    /// Every fact's footnote: its sources, the first three named and the rest counted (all are in the appendix); a fact
    /// with the same sources as an earlier one says 来源同注 N instead of repeating them.
    /// </summary>
    internal static IReadOnlyDictionary<int, string> Notes(ReportDocument report)
    {
        var notes = new Dictionary<int, string>();
        var firstWith = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fact in report.Facts)
        {
            var key = string.Join("|", fact.Sources.Select(s => s.Key));
            if (firstWith.TryGetValue(key, out var earlier))
            {
                notes[fact.Id] = $"{fact.Id}  来源同注{earlier}";
                continue;
            }

            firstWith[key] = fact.Id;
            var named = fact.Sources.Take(3).Select(s => s.Label + (s.Url is null ? string.Empty : " " + s.Url));
            var more = fact.Sources.Count > 3 ? $"；另{fact.Sources.Count - 3}项见附件" : string.Empty;
            notes[fact.Id] = $"{fact.Id}  来源：{string.Join("；", named)}{more}";
        }

        return notes;
    }

    private enum Style
    {
        Body,
        Heading,
        Title,
        Masthead,
        Header,
        Small,
        Marker,
        Blank,
        Red,
    }

    private enum Align
    {
        Left,
        Center,
    }

    private sealed record Piece(Style Style, string Text, string? Note = null);

    private sealed record Unit(Style Style, string Text, double Width, string? Note);

    private sealed class Layout
    {
        private readonly PdfDocument _document;
        private readonly CjkFont _cjk;
        private readonly bool _exercise;
        private readonly Dictionary<Style, XFont> _fonts;
        private readonly Dictionary<(Style, string), double> _widths = [];
        private readonly List<string> _notes = [];
        private readonly HashSet<string> _notesOnPage = new(StringComparer.Ordinal);
        private XGraphics _gfx = null!;
        private double _y;
        private double _notesHeight;
        private int _pages;

        public Layout(PdfDocument document, CjkFont cjk, bool exercise)
        {
            _document = document;
            _cjk = cjk;
            _exercise = exercise;
            var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
            XFont F(double size, XFontStyleEx style) => new(cjk.Family, size, style, options);
            _fonts = new()
            {
                [Style.Body] = F(BodySize, XFontStyleEx.Regular),
                [Style.Heading] = F(BodySize + 1, XFontStyleEx.Bold),
                [Style.Title] = F(20, XFontStyleEx.Bold),
                [Style.Masthead] = F(28, XFontStyleEx.Bold),
                [Style.Header] = F(BodySize, XFontStyleEx.Bold),
                [Style.Small] = F(10, XFontStyleEx.Regular),
                [Style.Marker] = F(8, XFontStyleEx.Regular),
                [Style.Blank] = F(BodySize, XFontStyleEx.Bold),
                [Style.Red] = F(BodySize, XFontStyleEx.Bold),
                [(Style)100] = F(NoteSize, XFontStyleEx.Regular),
            };
            NewPage();
        }

        private static double Usable => PageWidth - Left - Right;

        private XFont NoteFont => _fonts[(Style)100];

        public void Gap(double points) => _y += points;

        public void Rule(XColor color, double width)
        {
            Ensure(6, 0);
            _gfx.DrawLine(new XPen(color, width), Left, _y + 2, PageWidth - Right, _y + 2);
            _y += 6;
        }

        public void Line(IReadOnlyList<Piece> pieces, double indent, Align align)
        {
            var units = new List<Unit>();
            foreach (var p in pieces)
            {
                var text = _cjk.Printable(SafeText.Storable(p.Text).Replace('\n', ' ').Replace('\t', ' '));
                if (p.Style == Style.Marker)
                {
                    units.Add(new Unit(p.Style, text, Measure(p.Style, text) + 1, p.Note));
                    continue;
                }

                foreach (var element in EnumerateElements(text))
                {
                    units.Add(new Unit(p.Style, element, Measure(p.Style, element), null));
                }
            }

            var lineHeight = units.Count == 0 ? BodySize * 1.7 : units.Max(u => _fonts[u.Style].Size) * 1.7;
            var start = 0;
            var first = true;
            while (start < units.Count || (first && units.Count == 0))
            {
                var x = first ? indent : 0;
                var end = start;
                while (end < units.Count && (x + units[end].Width <= Usable || end == start || (units[end].Text.Length == 1 && NoStart.Contains(units[end].Text[0], StringComparison.Ordinal)) || units[end].Style == Style.Marker))
                {
                    x += units[end].Width;
                    end++;
                }

                var notes = units.Skip(start).Take(end - start).Where(u => u.Note is not null && !_notesOnPage.Contains(u.Note)).Select(u => u.Note!).Distinct().ToList();
                Ensure(lineHeight, NotesHeight(notes));
                notes = units.Skip(start).Take(end - start).Where(u => u.Note is not null && !_notesOnPage.Contains(u.Note)).Select(u => u.Note!).Distinct().ToList();
                foreach (var n in notes)
                {
                    _notesOnPage.Add(n);
                    _notes.Add(n);
                    _notesHeight += NoteLines(n).Count * NoteSize * 1.35;
                }

                var cx = Left + (first ? indent : 0) + (align == Align.Center ? Math.Max(0, (Usable - x) / 2) : 0);
                var baseline = _y + (lineHeight * 0.75);
                for (var i = start; i < end; i++)
                {
                    var u = units[i];
                    var f = _fonts[u.Style];
                    var brush = u.Style is Style.Red or Style.Masthead ? XBrushes.Red : XBrushes.Black;
                    if (u.Style == Style.Blank)
                    {
                        _gfx.DrawRectangle(XBrushes.Yellow, cx, baseline - f.Size, u.Width, f.Size * 1.25);
                    }

                    var dy = u.Style == Style.Marker ? -BodySize * 0.45 : 0;
                    _gfx.DrawString(u.Text, f, brush, cx, baseline + dy, XStringFormats.BaseLineLeft);
                    cx += u.Width;
                }

                _y += lineHeight;
                start = end;
                first = false;
                if (units.Count == 0)
                {
                    break;
                }
            }
        }

        public void Image(byte[] png, string caption)
        {
            using var stream = new MemoryStream(png);
            using var image = XImage.FromStream(stream);
            var width = Usable;
            var height = width * image.PixelHeight / image.PixelWidth;
            Ensure(height + 24, 0);
            _gfx.DrawImage(image, Left, _y, width, height);
            _y += height + 4;
            Line([new(Style.Small, "图：" + caption)], 0, Align.Center);
        }

        public void Finish() => FlushNotes();

        private static IEnumerable<string> EnumerateElements(string text)
        {
            var e = System.Globalization.StringInfo.GetTextElementEnumerator(text);
            while (e.MoveNext())
            {
                yield return (string)e.Current;
            }
        }

        private double Measure(Style style, string text)
        {
            if (!_widths.TryGetValue((style, text), out var w))
            {
                w = _gfx.MeasureString(text, _fonts[style]).Width;
                _widths[(style, text)] = w;
            }

            return w;
        }

        private double NotesHeight(IReadOnlyList<string> notes) => notes.Sum(n => NoteLines(n).Count * NoteSize * 1.35);

        private List<string> NoteLines(string note)
        {
            var lines = new List<string>();
            var current = new System.Text.StringBuilder();
            double width = 0;
            foreach (var element in EnumerateElements(_cjk.Printable(SafeText.Storable(note))))
            {
                var w = _gfx.MeasureString(element, NoteFont).Width;
                if (width + w > Usable && current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                    width = 0;
                }

                current.Append(element);
                width += w;
            }

            if (current.Length > 0)
            {
                lines.Add(current.ToString());
            }

            return lines;
        }

        /// <summary>Starts a new page when <paramref name="height"/> plus the page's footnotes (and the new ones) would not fit.</summary>
        private void Ensure(double height, double newNotes)
        {
            var separator = _notesHeight + newNotes > 0 ? 10 : 0;
            if (_y + height + _notesHeight + newNotes + separator > PageHeight - Bottom && _y > Top + 1)
            {
                FlushNotes();
                NewPage();
            }
        }

        private void FlushNotes()
        {
            if (_notes.Count > 0)
            {
                var y = PageHeight - Bottom - _notesHeight;
                _gfx.DrawLine(new XPen(XColors.Black, 0.5), Left, y - 4, Left + 150, y - 4);
                foreach (var line in _notes.SelectMany(NoteLines))
                {
                    _gfx.DrawString(line, NoteFont, XBrushes.Black, Left, y + (NoteSize * 1.05), XStringFormats.BaseLineLeft);
                    y += NoteSize * 1.35;
                }
            }

            _notes.Clear();
            _notesOnPage.Clear();
            _notesHeight = 0;
            _gfx.DrawString($"— {_pages} —", _fonts[Style.Small], XBrushes.Black, PageWidth / 2, PageHeight - (Bottom / 2), XStringFormats.Center);
            _gfx.Dispose();
        }

        private void NewPage()
        {
            var page = _document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            _gfx = XGraphics.FromPdfPage(page);
            _pages++;
            _y = Top;
            if (_exercise)
            {
                _gfx.DrawString(Blanks.Drill, _fonts[Style.Small], XBrushes.Red, PageWidth - Right, Top / 2, XStringFormats.CenterRight);
            }
        }
    }
}
