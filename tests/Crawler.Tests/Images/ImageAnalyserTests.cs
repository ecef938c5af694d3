using Microsoft.Extensions.Options;
using SentimentWatch.Core.Images;
using SentimentWatch.Crawler.Images;
using SentimentWatch.DrillSites.Pipeline;

namespace SentimentWatch.Crawler.Tests.Images;

/// <summary>
/// The image reader's analysis on the drill sites' pictures, with Debian's real tesseract (chi_sim) and ZXing: contacts
/// and exam text come out of rendered cards and a photographed paper, the QR code's payload is exact, and every hostile
/// image is refused with its reason before a pixel is decoded.
/// </summary>
public sealed class ImageAnalyserTests
{
    private static ImageAnalyser Analyser(Action<ImageOptions>? change = null)
    {
        var options = new ImageOptions();
        change?.Invoke(options);
        return new ImageAnalyser(Options.Create(options));
    }

    private static byte[] Drill(string name) => DrillImages.Find(name)!.Value.Bytes;

    private static string Digits(string? s) => new((s ?? "").Where(char.IsAsciiLetterOrDigit).ToArray());

    [Fact]
    public async Task AnalyseAsync_ContactCard_ReadsWeChatIdAndQqNumber()
    {
        var result = await Analyser().AnalyseAsync(Drill("card.png"), CancellationToken.None);

        Assert.Equal(PostImageState.Analysed, result.State);
        Assert.Null(result.Reason);
        Assert.Contains("fk_yuanti2026", result.OcrText, StringComparison.Ordinal);
        Assert.Contains("2716049583", Digits(result.OcrText), StringComparison.Ordinal);
        Assert.Contains("法考原题", result.OcrText, StringComparison.Ordinal);
        Assert.Empty(result.QrPayloads);
        Assert.Equal("image/png", result.MediaType);
        Assert.Equal(64, result.Sha256!.Length);
    }

    [Fact]
    public async Task AnalyseAsync_DarkCardWithSpacedPhone_ReadsPhoneAndTelegramHandle()
    {
        var result = await Analyser().AnalyseAsync(Drill("card2.png"), CancellationToken.None);

        Assert.Contains("13800005276", Digits(result.OcrText), StringComparison.Ordinal);
        Assert.Contains("fakao_neibu", result.OcrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyseAsync_PhotographedPaper_ReadsCountdownAndQuestion()
    {
        var result = await Analyser().AnalyseAsync(Drill("paper.png"), CancellationToken.None);

        Assert.Contains("剩余时间", result.OcrText, StringComparison.Ordinal);
        Assert.Contains("居住权", result.OcrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyseAsync_QrPoster_DecodesTheGroupLinkExactly()
    {
        var result = await Analyser().AnalyseAsync(Drill("qrpost.png"), CancellationToken.None);

        Assert.Equal(["https://weixin.qq.com/g/AQYAAFk2fakaoQ2026x"], result.QrPayloads);
        Assert.Contains("扫码进群", result.OcrText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bomb.png", "decompression bomb")]
    [InlineData("truncated.png", "truncated PNG")]
    [InlineData("notimage.png", "not an image")]
    [InlineData("animated.gif", "animated GIF")]
    public async Task AnalyseAsync_HostileImage_SkippedWithItsReason(string name, string reason)
    {
        var result = await Analyser().AnalyseAsync(Drill(name), CancellationToken.None);

        Assert.Equal(PostImageState.Skipped, result.State);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Null(result.OcrText);
        Assert.Empty(result.QrPayloads);
    }

    [Fact]
    public async Task AnalyseAsync_OverTheByteCap_SkippedWithoutDecoding()
    {
        var result = await Analyser(o => o.MaxBytes = 4096).AnalyseAsync(Drill("card.png"), CancellationToken.None);

        Assert.Equal(PostImageState.Skipped, result.State);
        Assert.Contains("Crawler:Images:MaxBytes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyseAsync_TesseractMissing_QrStillReadAndOcrFailureRecorded()
    {
        var result = await Analyser(o => o.TesseractPath = "/nonexistent/tesseract").AnalyseAsync(Drill("qrpost.png"), CancellationToken.None);

        Assert.Equal(PostImageState.Analysed, result.State);
        Assert.Equal(["https://weixin.qq.com/g/AQYAAFk2fakaoQ2026x"], result.QrPayloads);
        Assert.Null(result.OcrText);
        Assert.Contains("OCR not run", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyseAsync_OcrTimeout_RecordedAsOcrFailure()
    {
        var result = await Analyser(o => o.OcrTimeout = TimeSpan.FromMilliseconds(1)).AnalyseAsync(Drill("paper.png"), CancellationToken.None);

        Assert.Equal(PostImageState.Analysed, result.State);
        Assert.Contains("OCR stopped", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IsAnimatedGif_SingleFrameGif_False()
    {
        // GIF89a, 1x1, one image descriptor, no loop extension, trailer.
        byte[] single = [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0, 0x3B];

        Assert.False(ImageAnalyser.IsAnimatedGif(single));
        Assert.True(ImageAnalyser.IsAnimatedGif(Drill("animated.gif")));
    }

    [Theory]
    [InlineData("甲 将 房 屋 赠 与 乙", "甲将房屋赠与乙")]
    [InlineData("加 微 信 : fk_daan 2026", "加微信: fk_daan 2026")]
    [InlineData("  \n \n", null)]
    public void Clean_TesseractSpacing_RemovedBetweenChineseCharactersOnly(string raw, string? expected)
    {
        Assert.Equal(expected, OcrText.Clean(raw));
    }
}
