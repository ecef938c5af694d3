using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Keywords;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw segment</c> and <c>sw keywords</c>: stream UTF-8 lines from stdin to one JSON array per line on stdout, in
/// order, so the output can be compared with jieba's directly. Input is never buffered beyond the current chunk.
/// </summary>
internal sealed class SegmentCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        root.Subcommands.Add(BuildSegment());
        root.Subcommands.Add(BuildKeywords());
    }

    private static Option<string?> UserDictOption() => new("--userdict")
    {
        Description = "An extra user dictionary (jieba load_userdict format) applied after the configured ones",
    };

    private static Option<bool> NoDomainOption() => new("--no-domain-dict")
    {
        Description = "Bare jieba: do not apply the domain dictionary (models/userdict/domain.txt)",
    };

    private static Option<bool> JsonLinesOption() => new("--json-lines")
    {
        Description = "Each input line is a JSON string (or an object with a \"text\" field), so texts may contain newlines",
    };

    private static Command BuildSegment()
    {
        var mode = new Option<string>("--mode")
        {
            Description = "default (precise + HMM), nohmm, all (full mode) or search",
            DefaultValueFactory = _ => "default",
        };
        mode.AcceptOnlyFromAmong("default", "nohmm", "all", "search");
        var userDict = UserDictOption();
        var noDomain = NoDomainOption();
        var jsonLines = JsonLinesOption();
        var cmd = new Command("segment", "Segment UTF-8 lines from stdin (jieba-compatible); one JSON array of tokens per line on stdout");
        cmd.Options.Add(mode);
        cmd.Options.Add(userDict);
        cmd.Options.Add(noDomain);
        cmd.Options.Add(jsonLines);
        cmd.SetAction(async (parse, ct) =>
        {
            var segMode = parse.GetValue(mode) switch
            {
                "nohmm" => SegmentMode.NoHmm,
                "all" => SegmentMode.Full,
                "search" => SegmentMode.Search,
                _ => SegmentMode.Default,
            };
            var seg = await LoadAsync(parse, userDict, noDomain, ct).ConfigureAwait(false);
            if (seg is null)
            {
                return ExitCodes.Usage;
            }

            var tokens = new List<string>();
            return await StreamAsync(parse.GetValue(jsonLines), (text, w) =>
            {
                tokens.Clear();
                seg.Value.Segmenter.Cut(text, segMode, tokens);
                w.Append('[');
                for (var i = 0; i < tokens.Count; i++)
                {
                    if (i > 0)
                    {
                        w.Append(", ");
                    }

                    AppendJsonString(w, tokens[i]);
                }

                w.Append(']');
            }, ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command BuildKeywords()
    {
        var top = new Option<int>("--top")
        {
            Description = "How many keywords per line (0 = all); jieba's topK",
            DefaultValueFactory = _ => 20,
        };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--top must be 0 (all) or positive");
            }
        });
        var userDict = UserDictOption();
        var noDomain = NoDomainOption();
        var jsonLines = JsonLinesOption();
        var cmd = new Command("keywords", "TF-IDF keywords of each stdin line (jieba extract_tags); one JSON array of [word, weight] per line");
        cmd.Options.Add(top);
        cmd.Options.Add(userDict);
        cmd.Options.Add(noDomain);
        cmd.Options.Add(jsonLines);
        cmd.SetAction(async (parse, ct) =>
        {
            var seg = await LoadAsync(parse, userDict, noDomain, ct).ConfigureAwait(false);
            if (seg is null)
            {
                return ExitCodes.Usage;
            }

            TfIdfKeywordExtractor extractor;
            try
            {
                extractor = new TfIdfKeywordExtractor(seg.Value.Segmenter, seg.Value.Options.IdfPath(seg.Value.Paths),
                    seg.Value.Options.StopWords.Select(p => Path.GetFullPath(p)));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or DecoderFallbackException)
            {
                await Console.Error.WriteLineAsync($"keywords: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var k = parse.GetValue(top);
            return await StreamAsync(parse.GetValue(jsonLines), (text, w) =>
            {
                var kws = extractor.Extract(text, k);
                w.Append('[');
                for (var i = 0; i < kws.Count; i++)
                {
                    if (i > 0)
                    {
                        w.Append(", ");
                    }

                    w.Append('[');
                    AppendJsonString(w, kws[i].Word);
                    w.Append(", ").Append(kws[i].Weight.ToString("R", CultureInfo.InvariantCulture)).Append(']');
                }

                w.Append(']');
            }, ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private readonly record struct Loaded(JiebaSegmenter Segmenter, SegmentationOptions Options, PathsOptions Paths);

    private static async Task<Loaded?> LoadAsync(ParseResult parse, Option<string?> userDict, Option<bool> noDomain, CancellationToken ct)
    {
        var overrides = new Dictionary<string, string?>();
        var bare = parse.GetValue(noDomain);
        if (bare)
        {
            overrides["Segmentation:UseDomainDictionary"] = "false";
        }

        var config = new ConfigurationBuilder();
        SwHost.AddConfiguration(config, parse.GetValue(CommandLine.ConfigDir)!, overrides);
        var configuration = config.Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSegmentation(configuration);
        await using var sp = services.BuildServiceProvider();
        SegmentationOptions options;
        PathsOptions paths;
        try
        {
            options = sp.GetRequiredService<IOptions<SegmentationOptions>>().Value;
            paths = sp.GetRequiredService<IOptions<PathsOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            // Only the segmenter's own configuration is read and validated: nothing else can stop a segmentation.
            SwHost.RefuseStart(SwHost.ConfigProblems(ex));
            return null;
        }

        var extra = parse.GetValue(userDict);
        try
        {
            ct.ThrowIfCancellationRequested();
            var seg = SegmenterFactory.Create(options, paths, includeDomain: !bare, extra is null ? null : [extra]);
            return new Loaded(seg, options, paths);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UserDictionaryException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"segment: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// Reads stdin in chunks, splits on '\n' (a CR before it is dropped), decodes each line as strict UTF-8 (a bad
    /// line is reported on stderr with its number and becomes <c>null</c>; the rest goes on; exit 1 at the end), and
    /// writes one output line per input line, flushing after every chunk so the verb
    /// works interactively and in pipes without holding the input.
    /// </summary>
    private static async Task<int> StreamAsync(bool jsonLines, Action<string, StringBuilder> render, CancellationToken ct)
    {
        await using var stdin = Console.OpenStandardInput();
        await using var stdout = Console.OpenStandardOutput();
        var chunk = new byte[1 << 16];
        var pending = new ArrayBufferWriter<byte>();
        var sb = new StringBuilder();
        var lineNo = 0;
        var failures = 0;
        var eof = false;
        while (!eof)
        {
            var n = await stdin.ReadAsync(chunk, ct).ConfigureAwait(false);
            eof = n == 0;
            var data = chunk.AsMemory(0, n);
            while (true)
            {
                var nl = data.Span.IndexOf((byte)'\n');
                if (nl < 0)
                {
                    pending.Write(data.Span);
                    break;
                }

                pending.Write(data.Span[..nl]);
                data = data[(nl + 1)..];
                lineNo++;
                failures += RenderLine(pending.WrittenSpan, jsonLines, lineNo, render, sb) ? 0 : 1;
                pending.ResetWrittenCount();
            }

            if (eof && pending.WrittenCount > 0)
            {
                lineNo++;
                failures += RenderLine(pending.WrittenSpan, jsonLines, lineNo, render, sb) ? 0 : 1;
                pending.ResetWrittenCount();
            }

            if (sb.Length > 0)
            {
                var bytes = Encoding.UTF8.GetBytes(sb.ToString());
                await stdout.WriteAsync(bytes, ct).ConfigureAwait(false);
                await stdout.FlushAsync(ct).ConfigureAwait(false);
                sb.Clear();
            }
        }

        return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static bool RenderLine(ReadOnlySpan<byte> line, bool jsonLines, int lineNo, Action<string, StringBuilder> render, StringBuilder sb)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        string text;
        if (jsonLines)
        {
            if (!TryReadJsonText(line, out text, out var error))
            {
                Console.Error.WriteLine($"stdin:{lineNo}: {error}; wrote null");
                sb.Append("null\n");
                return false;
            }
        }
        else if (!TryDecode(line, out text, out var error))
        {
            Console.Error.WriteLine($"stdin:{lineNo}: {error}; line skipped, wrote null");
            sb.Append("null\n");
            return false;
        }

        var mark = sb.Length;
        try
        {
            render(text, sb);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            // One line the segmenter cannot take must not end the stream: report it and go on with the next.
            sb.Length = mark;
            Console.Error.WriteLine($"stdin:{lineNo}: {ex.GetType().Name}: {ex.Message}; line skipped, wrote null");
            sb.Append("null\n");
            return false;
        }

        sb.Append('\n');
        return true;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Strict UTF-8: an invalid byte (or an encoded surrogate) makes the line bad, named by its offset, instead of silently becoming U+FFFD.</summary>
    private static bool TryDecode(ReadOnlySpan<byte> line, out string text, out string error)
    {
        error = "";
        try
        {
            text = StrictUtf8.GetString(line);
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            text = "";
            var bad = ex.BytesUnknown is { Length: > 0 } b ? string.Join(" ", b.Select(x => x.ToString("X2", CultureInfo.InvariantCulture))) : "?";
            error = string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 (bytes {bad} at offset {ex.Index})");
            return false;
        }
    }

    private static bool TryReadJsonText(ReadOnlySpan<byte> line, out string text, out string error)
    {
        text = "";
        error = "";
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var el = doc.RootElement;
            if (el.ValueKind == JsonValueKind.Object && el.TryGetProperty("text", out var t))
            {
                el = t;
            }

            if (el.ValueKind != JsonValueKind.String)
            {
                error = "expected a JSON string or an object with a \"text\" string";
                return false;
            }

            text = el.GetString()!;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            error = "not valid JSON text: " + ex.Message;
            return false;
        }
    }

    /// <summary>A JSON string literal; lone surrogates and control characters are escaped so the output stays valid UTF-8.</summary>
    internal static void AppendJsonString(StringBuilder w, string s)
    {
        w.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"':
                    w.Append("\\\"");
                    break;
                case '\\':
                    w.Append("\\\\");
                    break;
                case '\n':
                    w.Append("\\n");
                    break;
                case '\r':
                    w.Append("\\r");
                    break;
                case '\t':
                    w.Append("\\t");
                    break;
                default:
                    if (c < 0x20 || (char.IsSurrogate(c) && !IsPairAt(s, i)))
                    {
                        w.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        w.Append(c).Append(s[++i]);
                    }
                    else
                    {
                        w.Append(c);
                    }

                    break;
            }
        }

        w.Append('"');
    }

    private static bool IsPairAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
}
