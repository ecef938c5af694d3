using System.Text;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// GBK (code page 936) as a Discuz! X GBK install writes it: characters GBK lacks (emoji, rare CJK) become numeric
/// character references, exactly what the forum stores for them.
/// </summary>
internal static class Gbk
{
    private static readonly Lazy<Encoding> Encoder = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, new NumericReferenceFallback(), DecoderFallback.ReplacementFallback);
    });

    public static Encoding Encoding => Encoder.Value;

    public static byte[] Encode(string text) => Encoding.GetBytes(text);

    public static string Decode(byte[] bytes) => Encoding.GetString(bytes);

    private sealed class NumericReferenceFallback : EncoderFallback
    {
        public override int MaxCharCount => 12;

        public override EncoderFallbackBuffer CreateFallbackBuffer() => new NumericReferenceFallbackBuffer();

        private sealed class NumericReferenceFallbackBuffer : EncoderFallbackBuffer
        {
            private string _pending = "";
            private int _pos;

            public override int Remaining => _pending.Length - _pos;

            public override bool Fallback(char charUnknown, int index)
            {
                _pending = $"&#{(int)charUnknown};";
                _pos = 0;
                return true;
            }

            public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index)
            {
                _pending = $"&#{char.ConvertToUtf32(charUnknownHigh, charUnknownLow)};";
                _pos = 0;
                return true;
            }

            public override char GetNextChar() => _pos < _pending.Length ? _pending[_pos++] : '\0';

            public override bool MovePrevious()
            {
                if (_pos == 0)
                {
                    return false;
                }

                _pos--;
                return true;
            }

            public override void Reset()
            {
                _pending = "";
                _pos = 0;
            }
        }
    }
}
