namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// Tokens as (start, length) ranges over the input, reused across calls on one thread so segmenting allocates
/// nothing until strings are materialised. A token that is not a contiguous slice (full mode's glued ASCII run can
/// skip covered text) carries its own string.
/// </summary>
internal sealed class TokenBuffer
{
    public int[] Starts = new int[256];
    public int[] Lengths = new int[256];
    public string?[] Owned = new string?[256];
    public int Count;
    public bool AnyOwned;

    public void Clear()
    {
        if (AnyOwned)
        {
            Array.Clear(Owned, 0, Count);
            AnyOwned = false;
        }

        Count = 0;
    }

    public void Add(int start, int length)
    {
        if (Count == Starts.Length)
        {
            Grow();
        }

        Starts[Count] = start;
        Lengths[Count] = length;
        Count++;
    }

    public void AddOwned(string text, int start)
    {
        if (Count == Starts.Length)
        {
            Grow();
        }

        Starts[Count] = start;
        Lengths[Count] = text.Length;
        Owned[Count] = text;
        AnyOwned = true;
        Count++;
    }

    private void Grow()
    {
        var n = Starts.Length * 2;
        Array.Resize(ref Starts, n);
        Array.Resize(ref Lengths, n);
        Array.Resize(ref Owned, n);
    }

    /// <summary>Drops oversized arrays after a huge input so one 10 MB line does not pin memory for the thread's life.</summary>
    public void Trim(int max)
    {
        if (Starts.Length > max)
        {
            Starts = new int[256];
            Lengths = new int[256];
            Owned = new string?[256];
            Count = 0;
            AnyOwned = false;
        }
    }
}
