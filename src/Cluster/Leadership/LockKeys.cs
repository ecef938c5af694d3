using System.Text;

namespace SentimentWatch.Cluster;

/// <summary>
/// Advisory lock keys: a 64-bit FNV-1a hash of <c>sentimentwatch:</c> + the name, the same in every process and on
/// every machine (string.GetHashCode is randomised per process, so it cannot be used).
/// </summary>
internal static class LockKeys
{
    public static long Of(string name)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes("sentimentwatch:" + name))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return unchecked((long)hash);
    }
}
