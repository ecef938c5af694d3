using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace SentimentWatch.Office.Tests.Support;

/// <summary>Debian's tools on the exported files: pdftotext (poppler-utils), LibreOffice headless, and the DOCX's own XML.</summary>
internal static class Tools
{
    public static async Task<string> PdfTextAsync(byte[] pdf, string dir)
    {
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var (code, output, error) = await RunAsync("pdftotext", ["-enc", "UTF-8", path, "-"], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"pdftotext failed ({code}): {error}");
        return output;
    }

    /// <summary>Converts the DOCX with LibreOffice (as a reader would open it) and returns the text of the PDF it printed.</summary>
    public static async Task<string> DocxViaLibreOfficeAsync(byte[] docx, string dir)
    {
        var work = Directory.CreateDirectory(Path.Combine(dir, "lo-" + Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(work, "report.docx");
        await File.WriteAllBytesAsync(path, docx);
        var profile = "file://" + Path.Combine(work, "profile");
        var (code, _, error) = await RunAsync("soffice", [$"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", work, path], TimeSpan.FromMinutes(3));
        var pdf = Path.Combine(work, "report.pdf");
        Assert.True(code == 0 && File.Exists(pdf), $"libreoffice could not convert the DOCX ({code}): {error}");
        return await PdfTextAsync(await File.ReadAllBytesAsync(pdf), work);
    }

    /// <summary>The DOCX's body and footnote text, read with a real XML parser (a malformed part throws).</summary>
    public static (string Body, string Footnotes) DocxXmlText(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        XNamespace w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        string Read(string name)
        {
            using var s = zip.GetEntry(name)!.Open();
            return string.Concat(XDocument.Load(s).Descendants(w + "t").Select(t => t.Value));
        }

        return (Read("word/document.xml"), Read("word/footnotes.xml"));
    }

    public static string Squeeze(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }
}
