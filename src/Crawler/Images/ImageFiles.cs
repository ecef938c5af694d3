using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Images;

/// <summary>
/// Image bytes stored by content: <c>Paths:Data/images/ab/cd/abcd….bin</c> named by their SHA-256, written once
/// (to a temporary name, then renamed), so the same picture posted a thousand times is kept once and evidence can
/// name it by its hash.
/// </summary>
public sealed class ImageFiles(IOptions<PathsOptions> paths)
{
    private readonly PathsOptions _paths = paths.Value;

    public string PathOf(string sha256) => Core.Images.ImageContent.PathOf(_paths, sha256);

    public async Task SaveAsync(string sha256, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
