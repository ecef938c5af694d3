using System.Globalization;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>One input line: its bytes (without the line break), or why it was not read.</summary>
/// <param name="Number">1-based line number.</param>
internal readonly record struct RawLine(int Number, byte[]? Bytes, string? Error);

/// <summary>
/// Splits a byte stream into lines at <c>\n</c> (a trailing <c>\r</c> and a leading UTF-8 byte-order mark are dropped)
/// without decoding it, so an invalid byte is reported on its own line instead of being replaced or stopping the run.
/// A line longer than the limit is skipped to its end without being held in memory and reported as an error line.
/// </summary>
internal sealed class JsonLineReader(Stream input, int maxLineBytes)
{
    private byte[] _buffer = new byte[Math.Min(64 * 1024, maxLineBytes + 1)];
    private int _start;
    private int _end;
    private bool _eof;
    private int _number;

    public async ValueTask<RawLine?> ReadAsync(CancellationToken cancellationToken)
    {
        long skipped = 0;
        var scanFrom = _start;
        while (true)
        {
            var nl = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (nl >= 0)
            {
                var line = Take(_start, nl - _start, skipped);
                _start = nl + 1;
                return line;
            }

            if (_eof)
            {
                if (_start == _end && skipped == 0)
                {
                    return null;
                }

                var last = Take(_start, _end - _start, skipped);
                _start = _end;
                return last;
            }

            if (skipped > 0 || _end - _start > maxLineBytes)
            {
                // Too long: count and drop what is buffered, keep looking for the line's end.
                skipped += _end - _start;
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, (long)maxLineBytes + 1));
            }

            scanFrom = _end;
            var read = await input.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    private RawLine Take(int start, int length, long skipped)
    {
        _number++;
        if (skipped > 0 || length > maxLineBytes)
        {
            return new RawLine(_number, null, string.Create(CultureInfo.InvariantCulture,
                $"line is {skipped + length} bytes, over the limit of {maxLineBytes} (--max-line-bytes): skipped"));
        }

        var span = _buffer.AsSpan(start, length);
        if (span.Length > 0 && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        if (_number == 1 && span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        return new RawLine(_number, span.ToArray(), null);
    }
}
