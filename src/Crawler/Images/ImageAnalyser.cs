using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using ZXing;
using ZXing.Common;

namespace SentimentWatch.Crawler.Images;

/// <summary>
/// Reads one image's bytes: refuses what is too big, not an image, animated or a decompression bomb (each with a reason,
/// before any pixel is decoded), then decodes it to grey, reads every QR code (ZXing) and its text (Tesseract).
/// OCR and QR failures are recorded on the image; neither stops the other.
/// </summary>
internal sealed class ImageAnalyser(IOptions<ImageOptions> options)
{
    /// <summary>Longest side OCR is given; larger images are scaled down first (Tesseract's time grows with the area).</summary>
    private const int OcrMaxSide = 2400;

    private readonly ImageOptions _options = options.Value;

    public async Task<PostImageResult> AnalyseAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.LongLength > _options.MaxBytes)
        {
            return Refused($"larger than {_options.MaxBytes} bytes (Crawler:Images:MaxBytes)", sha, null, bytes.LongLength, null, null);
        }

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(bytes, out format);
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidDataException or ArgumentException)
        {
            return Refused($"not a readable image ({ex.Message})", sha, null, bytes.LongLength, null, null);
        }

        if (info is null || format is null)
        {
            return Refused("not an image (no known image format)", sha, null, bytes.LongLength, null, null);
        }

        var type = format.DefaultMimeType;
        if ((long)info.Width * info.Height > _options.MaxPixels)
        {
            return Refused($"declares {info.Width}×{info.Height} pixels, more than {_options.MaxPixels} (Crawler:Images:MaxPixels): a decompression bomb, not decoded",
                sha, type, bytes.LongLength, info.Width, info.Height);
        }

        if (format.Name == "GIF" && IsAnimatedGif(bytes))
        {
            return Refused("animated GIF: its frames are not read", sha, type, bytes.LongLength, info.Width, info.Height);
        }

        if (MissingEnd(format.Name, bytes) is { } missing)
        {
            return Refused($"truncated {format.Name} ({missing})", sha, type, bytes.LongLength, info.Width, info.Height);
        }

        Image<L8> image;
        try
        {
            image = Image.Load<L8>(bytes);
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            return Refused($"truncated or corrupt image ({ex.Message})", sha, type, bytes.LongLength, info.Width, info.Height);
        }

        using (image)
        {
            var problems = new List<string>(2);
            var codes = ReadCodes(image, problems);
            var text = await OcrAsync(image, bytes, problems, cancellationToken).ConfigureAwait(false);
            return new PostImageResult(PostImageState.Analysed, problems.Count == 0 ? null : string.Join("; ", problems), sha, type, bytes.LongLength,
                image.Width, image.Height, text, codes);
        }
    }

    private static PostImageResult Refused(string reason, string sha, string? type, long bytes, int? width, int? height) =>
        new(PostImageState.Skipped, reason, sha, type, bytes, width, height, null, []);

    /// <summary>
    /// A GIF is animated when it loops (the NETSCAPE2.0 / ANIMEXTS1.0 application extension) or holds more than one image
    /// descriptor after a graphic control block; decided from the bytes, before any frame is decoded.
    /// </summary>
    internal static bool IsAnimatedGif(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf("NETSCAPE2.0"u8) >= 0 || bytes.IndexOf("ANIMEXTS1.0"u8) >= 0)
        {
            return true;
        }

        // A graphic control extension starts 0x21 0xF9; a second one means a second frame.
        ReadOnlySpan<byte> control = [0x21, 0xF9];
        var first = bytes.IndexOf(control);
        return first >= 0 && bytes[(first + control.Length)..].IndexOf(control) >= 0;
    }

    /// <summary>
    /// What a cut-off file lacks: PNG ends with its IEND chunk, JPEG with the EOI marker, GIF with its trailer byte. A
    /// truncated image decodes to a partial picture without complaint, and half a contact is worse than none.
    /// </summary>
    internal static string? MissingEnd(string format, ReadOnlySpan<byte> bytes)
    {
        var tail = bytes[Math.Max(0, bytes.Length - 32)..];
        return format switch
        {
            "PNG" when tail.IndexOf("IEND"u8) < 0 => "no IEND chunk at the end",
            "JPEG" when tail.IndexOf([(byte)0xFF, (byte)0xD9]) < 0 => "no end-of-image marker",
            "GIF" when bytes.Length == 0 || bytes[^1] != 0x3B => "no trailer byte",
            _ => null,
        };
    }

    private static IReadOnlyList<string> ReadCodes(Image<L8> image, List<string> problems)
    {
        try
        {
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            var source = new RGBLuminanceSource(pixels, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8);
            var reader = new BarcodeReaderGeneric
            {
                AutoRotate = true,
                Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
            };
            var results = reader.DecodeMultiple(source) ?? [];
            return results.Select(r => r.Text).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problems.Add($"QR reading failed ({ex.GetType().Name}: {ex.Message})");
            return [];
        }
    }

    private async Task<string?> OcrAsync(Image<L8> image, byte[] original, List<string> problems, CancellationToken cancellationToken)
    {
        // Tesseract reads the original (its own binarisation does better on coloured text than our grey copy); an image
        // larger than OcrMaxSide is given scaled down instead.
        var png = original;
        if (image.Width > OcrMaxSide || image.Height > OcrMaxSide)
        {
            using var scaled = image.Clone(c => c.Resize(new ResizeOptions { Mode = ResizeMode.Max, Size = new Size(OcrMaxSide, OcrMaxSide) }));
            using var buffer = new MemoryStream();
            await scaled.SaveAsPngAsync(buffer, cancellationToken).ConfigureAwait(false);
            png = buffer.ToArray();
        }

        var start = new ProcessStartInfo(_options.TesseractPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { "stdin", "stdout", "-l", _options.OcrLanguages, "--psm", _options.OcrPageSegmentation.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        // One thread per OCR: the reader runs Concurrency of them side by side.
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            problems.Add($"OCR not run: cannot start '{_options.TesseractPath}' ({ex.Message}); install Debian's tesseract-ocr and tesseract-ocr-chi-sim");
            return null;
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.OcrTimeout);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var errors = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.StandardInput.BaseStream.WriteAsync(png, timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var text = await output.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    var err = (await errors.ConfigureAwait(false)).Trim();
                    problems.Add($"OCR failed (tesseract exit {process.ExitCode}: {(err.Length > 200 ? err[..200] : err)})");
                    return null;
                }

                return OcrText.Clean(text);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"OCR stopped after {_options.OcrTimeout.TotalSeconds:0} s (Crawler:Images:OcrTimeout)");
                return null;
            }
            catch (IOException ex)
            {
                problems.Add($"OCR failed ({ex.Message})");
                return null;
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }
}

/// <summary>Tidies Tesseract's output for Chinese: it puts a space between every two CJK characters.</summary>
internal static class OcrText
{
    public static string? Clean(string raw)
    {
        var lines = new List<string>();
        foreach (var line in raw.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var sb = new StringBuilder(line.Length);
            var t = line.Trim();
            for (var i = 0; i < t.Length; i++)
            {
                var c = t[i];
                if (c == ' ' && i > 0 && i + 1 < t.Length && (IsWide(t[i - 1]) || IsWide(t[i + 1])))
                {
                    continue;
                }

                sb.Append(c);
            }

            if (sb.Length > 0)
            {
                lines.Add(sb.ToString());
            }
        }

        var text = string.Join("\n", lines);
        return text.Count(c => !char.IsWhiteSpace(c)) < 2 ? null : text;
    }

    private static bool IsWide(char c) => c >= 0x2E80 || char.IsSurrogate(c);
}
