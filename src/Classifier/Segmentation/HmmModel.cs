using System.Globalization;
using System.Text.Json;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// jieba's <c>finalseg</c> character HMM (states B, E, M, S) and its Viterbi decoder. Emission log-probabilities sit
/// in one flat array per state indexed by the BMP char, so a step is four array reads; unseen characters get
/// <c>MIN_FLOAT</c> exactly as jieba's <c>emit.get(c, MIN_FLOAT)</c>. Immutable after load.
/// </summary>
internal sealed class HmmModel
{
    // State indices follow the letters' order (B < E < M < S) because jieba breaks exact ties by the larger letter.
    private const int B = 0, E = 1, M = 2, S = 3;

    private readonly double[] _startB, _emit;  // _emit: [state * 65536 + char]
    private readonly double _start0, _start1, _start2, _start3;
    private readonly double _tBE, _tBM, _tEB, _tES, _tME, _tMM, _tSB, _tSS;

    private HmmModel(double minFloat, double[] start, double[,] trans, double[] emit)
    {
        MinFloat = minFloat;
        _startB = start;
        (_start0, _start1, _start2, _start3) = (start[B], start[E], start[M], start[S]);
        (_tBE, _tBM) = (trans[B, E], trans[B, M]);
        (_tEB, _tES) = (trans[E, B], trans[E, S]);
        (_tME, _tMM) = (trans[M, E], trans[M, M]);
        (_tSB, _tSS) = (trans[S, B], trans[S, S]);
        _emit = emit;
    }

    public double MinFloat { get; }

    /// <summary>Reads <c>finalseg_hmm.json</c> (<c>{"MIN_FLOAT", "start", "trans", "emit"}</c>).</summary>
    public static HmmModel Load(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var minFloat = root.GetProperty("MIN_FLOAT").GetDouble();
        var start = new double[4];
        var trans = new double[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                trans[i, j] = minFloat;
            }
        }

        foreach (var p in root.GetProperty("start").EnumerateObject())
        {
            start[StateIndex(p.Name)] = p.Value.GetDouble();
        }

        foreach (var from in root.GetProperty("trans").EnumerateObject())
        {
            foreach (var to in from.Value.EnumerateObject())
            {
                trans[StateIndex(from.Name), StateIndex(to.Name)] = to.Value.GetDouble();
            }
        }

        var emit = new double[4 * 65536];
        Array.Fill(emit, minFloat);
        foreach (var state in root.GetProperty("emit").EnumerateObject())
        {
            var s = StateIndex(state.Name);
            foreach (var ch in state.Value.EnumerateObject())
            {
                if (ch.Name.Length != 1)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"HMM emission key '{ch.Name}' of state {state.Name} is not a single BMP character"));
                }

                emit[(s << 16) | ch.Name[0]] = ch.Value.GetDouble();
            }
        }

        return new HmmModel(minFloat, start, trans, emit);
    }

    private static int StateIndex(string name) => name switch
    {
        "B" => B,
        "E" => E,
        "M" => M,
        "S" => S,
        _ => throw new InvalidDataException($"unknown HMM state '{name}'"),
    };

    /// <summary>
    /// Viterbi over <paramref name="obs"/> (Han chars only), writing the best state per position to
    /// <paramref name="path"/>. <paramref name="back"/> (length ≥ obs.Length) holds the back-pointers: bit 0 = B came
    /// from S (else E), bit 1 = M from M (else B), bit 2 = S from S (else E), bit 3 = E from M (else B).
    /// Sums are evaluated as jieba does, <c>(V + trans) + emit</c>, and ties go to the larger state letter.
    /// </summary>
    public void Viterbi(ReadOnlySpan<char> obs, Span<byte> path, Span<byte> back)
    {
        var emit = _emit;
        var c = obs[0];
        var vB = _start0 + emit[c];
        var vE = _start1 + emit[(E << 16) | c];
        var vM = _start2 + emit[(M << 16) | c];
        var vS = _start3 + emit[(S << 16) | c];
        for (var t = 1; t < obs.Length; t++)
        {
            c = obs[t];
            var emB = emit[c];
            var emE = emit[(E << 16) | c];
            var emM = emit[(M << 16) | c];
            var emS = emit[(S << 16) | c];
            byte bits = 0;

            var fromE = (vE + _tEB) + emB;
            var fromS = (vS + _tSB) + emB;
            double nB;
            if (fromS >= fromE)
            {
                nB = fromS;
                bits |= 1;
            }
            else
            {
                nB = fromE;
            }

            var mFromM = (vM + _tMM) + emM;
            var mFromB = (vB + _tBM) + emM;
            double nM;
            if (mFromM >= mFromB)
            {
                nM = mFromM;
                bits |= 2;
            }
            else
            {
                nM = mFromB;
            }

            var sFromS = (vS + _tSS) + emS;
            var sFromE = (vE + _tES) + emS;
            double nS;
            if (sFromS >= sFromE)
            {
                nS = sFromS;
                bits |= 4;
            }
            else
            {
                nS = sFromE;
            }

            var eFromM = (vM + _tME) + emE;
            var eFromB = (vB + _tBE) + emE;
            double nE;
            if (eFromM >= eFromB)
            {
                nE = eFromM;
                bits |= 8;
            }
            else
            {
                nE = eFromB;
            }

            back[t] = bits;
            (vB, vE, vM, vS) = (nB, nE, nM, nS);
        }

        var state = vS >= vE ? S : E;
        var last = obs.Length - 1;
        path[last] = (byte)state;
        for (var t = last; t > 0; t--)
        {
            var bits = back[t];
            state = state switch
            {
                B => (bits & 1) != 0 ? S : E,
                M => (bits & 2) != 0 ? M : B,
                S => (bits & 4) != 0 ? S : E,
                _ => (bits & 8) != 0 ? M : B,
            };
            path[t - 1] = (byte)state;
        }
    }

    public const byte StateB = B, StateE = E, StateM = M, StateS = S;

    /// <summary>Start log-probabilities (B, E, M, S), for diagnostics.</summary>
    public ReadOnlySpan<double> Start => _startB;
}
