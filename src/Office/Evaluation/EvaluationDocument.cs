using System.Text;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Evaluation;

/// <summary>
/// A plain document: title, sections of paragraphs and tables, every statement with the records that support it
/// as <see cref="SourceRef"/>s — the reports' one reference format (<c>post:17</c>, <c>alert:4</c>, <c>action:3/9</c>),
/// resolved by <see cref="ReferenceResolver"/>. The console renders it as a page, the CLI as Markdown, and
/// <see cref="EvaluationDocuments.ToReport"/> turns it into a <c>ReportDocument</c> for the DOCX/PDF writers.
/// </summary>
public sealed record OfficeDocument(string Title, string Subtitle, IReadOnlyList<DocSection> Sections)
{
    /// <summary>Markdown, sources as bracketed references after each statement and a reference appendix.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Title).Append("\n\n");
        if (Subtitle.Length > 0)
        {
            md.Append(Subtitle).Append("\n\n");
        }

        var number = 0;
        foreach (var section in Sections)
        {
            md.Append("## ").Append(SectionNumber(++number)).Append('、').Append(section.Heading).Append("\n\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case DocParagraph p:
                        md.Append(p.Text).Append(Cite(p.Sources)).Append("\n\n");
                        break;
                    case DocTable t:
                        md.Append("| ").Append(string.Join(" | ", t.Header)).Append(" | 来源 |\n");
                        md.Append(string.Concat(Enumerable.Repeat("|---", t.Header.Count + 1))).Append("|\n");
                        foreach (var row in t.Rows)
                        {
                            md.Append(row.Flagged ? "| ⚠ " : "| ").Append(string.Join(" | ", row.Cells.Select(Cell))).Append(" | ").Append(string.Join(", ", row.Sources)).Append(" |\n");
                        }

                        md.Append('\n');
                        break;
                }
            }
        }

        md.Append("## 附件：信息来源\n\n");
        foreach (var r in References())
        {
            md.Append("- ").Append(r.Key).Append(" — ").Append(r.Label).Append(r.Url is null ? string.Empty : " " + r.Url).Append('\n');
        }

        return md.ToString();
    }

    /// <summary>Every source reference in the document (for the appendix and for checking that none dangles).</summary>
    public IReadOnlyList<SourceRef> References() =>
        Sections.SelectMany(s => s.Blocks).SelectMany(b => b switch
        {
            DocParagraph p => p.Sources,
            DocTable t => t.Rows.SelectMany(r => r.Sources),
            _ => [],
        }).DistinctBy(r => r.Key).ToList();

    private static string Cite(IReadOnlyList<SourceRef> sources) => sources.Count == 0 ? string.Empty : " ⟨" + string.Join(", ", sources.Select(r => r.Key)) + "⟩";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>一, 二, … 十, then digits: the numbering of a government document's sections.</summary>
    public static string SectionNumber(int n) => n switch
    {
        1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十",
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A numbered section.</summary>
public sealed record DocSection(string Heading, IReadOnlyList<DocBlock> Blocks);

/// <summary>A paragraph or a table.</summary>
public abstract record DocBlock;

/// <summary>A paragraph and the records that support it.</summary>
public sealed record DocParagraph(string Text, IReadOnlyList<SourceRef> Sources) : DocBlock;

/// <summary>A table; each row carries its sources and whether it is flagged (a late step).</summary>
public sealed record DocTable(IReadOnlyList<string> Header, IReadOnlyList<DocRow> Rows) : DocBlock;

public sealed record DocRow(IReadOnlyList<string> Cells, IReadOnlyList<SourceRef> Sources, bool Flagged = false);
