using System.Text.Json;
using SentimentWatch.Classifier.Segmentation;

namespace SentimentWatch.Classifier.Tests.Segmentation;

/// <summary>
/// Token-for-token parity with jieba 0.42.1 on the parity kit (dev corpus, edge cases, user-dictionary operations).
/// The whole dev corpus runs in-process in a few seconds, so the suite checks all of it rather than a sample.
/// </summary>
public sealed class ReferenceParityTests
{
    private static readonly (string File, SegmentMode Mode)[] Modes =
    [
        ("default", SegmentMode.Default), ("no_hmm", SegmentMode.NoHmm), ("cut_all", SegmentMode.Full), ("search", SegmentMode.Search),
    ];

    [KitFact]
    public void Cut_DevCorpusAllModes_IdenticalToJieba() => AssertCorpus("dev");

    [KitFact]
    public void Cut_EdgeCasesAllModes_IdenticalToJieba() => AssertCorpus("edge_cases");

    [KitFact]
    public void ReplayUserDictionaryOps_ReferenceLog_MatchesEveryResultAndTotal()
    {
        var kit = JiebaTestData.KitDir!;
        var seg = JiebaTestData.LoadBare();
        var checkedOps = 0;
        foreach (var line in File.ReadLines(Path.Combine(kit, "reference", "userdict_ops.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var op = doc.RootElement;
            var name = op.GetProperty("op").GetString()!;
            var args = op.GetProperty("args");
            var expected = op.GetProperty("result");
            var where = $"op {op.GetProperty("i").GetInt32()} {name}";
            switch (name)
            {
                case "cut":
                    AssertTokens(expected, seg.Cut(args[0].GetString()!, args[1].GetBoolean() ? SegmentMode.Default : SegmentMode.NoHmm), where);
                    break;
                case "cut_all":
                    AssertTokens(expected, seg.Cut(args[0].GetString()!, SegmentMode.Full), where);
                    break;
                case "cut_for_search":
                    Assert.True(args[1].GetBoolean(), where + ": only HMM search is replayed");
                    AssertTokens(expected, seg.Cut(args[0].GetString()!, SegmentMode.Search), where);
                    break;
                case "get_freq":
                    var f = seg.GetFrequency(args[0].GetString()!);
                    Assert.True(expected.ValueKind == JsonValueKind.Null ? f is null : f == expected.GetInt32(), $"{where}: got {f?.ToString() ?? "null"}, want {expected}");
                    break;
                case "load_userdict":
                    seg.LoadUserDictionary(Path.Combine(kit, args[0].GetString()!));
                    break;
                case "add_word":
                    int? freq = args[1].ValueKind == JsonValueKind.Null ? null : args[1].GetInt32();
                    Assert.Equal(expected.GetInt32(), seg.AddWord(args[0].GetString()!, freq));
                    break;
                case "del_word":
                    Assert.Equal(expected.GetInt32(), seg.DeleteWord(args[0].GetString()!));
                    break;
                case "suggest_freq":
                    var got = args[0].ValueKind == JsonValueKind.String
                        ? seg.SuggestFrequency(args[0].GetString()!, args[1].GetBoolean())
                        : seg.SuggestFrequency(args[0].EnumerateArray().Select(e => e.GetString()!).ToList(), args[1].GetBoolean());
                    Assert.True(expected.GetInt32() == got, $"{where}: got {got}, want {expected}");
                    break;
                default:
                    Assert.Fail($"{where}: unknown operation");
                    break;
            }

            Assert.True(op.GetProperty("total").GetInt64() == seg.Total, $"{where}: total {seg.Total}, want {op.GetProperty("total")}");
            checkedOps++;
        }

        Assert.Equal(118, checkedOps);
    }

    private static void AssertCorpus(string corpus)
    {
        var kit = JiebaTestData.KitDir!;
        var texts = File.ReadLines(Path.Combine(kit, "corpus", corpus + ".jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .ToList();
        var seg = JiebaTestData.Bare;
        var tokens = new List<string>();
        foreach (var (file, mode) in Modes)
        {
            var refLines = File.ReadAllLines(Path.Combine(kit, "reference", corpus, file + ".jsonl"));
            Assert.Equal(texts.Count, refLines.Length);
            var mismatches = new List<string>();
            for (var i = 0; i < texts.Count; i++)
            {
                tokens.Clear();
                seg.Cut(texts[i], mode, tokens);
                var expected = JsonSerializer.Deserialize<string[]>(refLines[i])!;
                if (!expected.SequenceEqual(tokens, StringComparer.Ordinal))
                {
                    mismatches.Add($"{corpus}/{file} line {i}: {JsonSerializer.Serialize(texts[i])}");
                }
            }

            Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {texts.Count} lines differ from jieba in {file}:\n" + string.Join("\n", mismatches.Take(5)));
        }
    }

    private static void AssertTokens(JsonElement expected, IReadOnlyList<string> actual, string where)
    {
        var want = expected.EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.True(want.SequenceEqual(actual, StringComparer.Ordinal),
            $"{where}: got {JsonSerializer.Serialize(actual)}, want {JsonSerializer.Serialize(want)}");
    }
}
