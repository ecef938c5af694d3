using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Posts;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// Says when a verdict rests on a post's images: a commentator must know that the seller's number was in a picture
/// (图片文字) or behind a QR code (二维码), since the post's own text does not show it.
/// </summary>
internal static class ImageReasons
{
    public static ClassificationResult Add(ClassificationResult result, StoredPost post, PostImageText? images)
    {
        if (images is null || images.IsEmpty)
        {
            return result;
        }

        var ownLength = post.ClassifiedText.Length - (post.ImageText?.Length ?? 0);
        var reasons = new List<string>(2);
        var fromImages = result.Contacts.Where(c => c.Start >= ownLength).ToList();
        if (images.QrPayloads.Count > 0)
        {
            reasons.Add("二维码: " + Shorten(string.Join(" ", images.QrPayloads)));
        }

        if (images.OcrTexts.Count > 0 && (Labels.IsHarmful(result.Label) || fromImages.Count > 0))
        {
            reasons.Add("图片文字: " + Shorten(string.Join(" ", images.OcrTexts).ReplaceLineEndings(" ")));
        }

        if (fromImages.Count > 0)
        {
            reasons.Add("图片中的联系方式: " + string.Join(", ", fromImages.Select(c => $"{c.Kind} {c.Value}").Distinct(StringComparer.Ordinal)));
        }

        return reasons.Count == 0 ? result : result with { Reasons = [.. reasons, .. result.Reasons] };
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
