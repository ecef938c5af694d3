using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Tests.HeldOut;

/// <summary>
/// The held-out set measures generalisation only while training never sees it: the files <c>sw train</c> reads
/// (Classifier:Training:TrainFile and TestFile as the product configuration resolves them, read with the same loader)
/// must share no text with models/heldout, and must not live there.
/// </summary>
public sealed class HeldOutIndependenceTests
{
    [Fact]
    public void TrainingInput_ConfiguredTrainAndTestFiles_ShareNoTextWithHeldOut()
    {
        var heldOut = LabelledCorpus.Read(HeldOutSetTests.HeldOutPath).Examples.Select(e => e.Text).ToList();
        Assert.NotEmpty(heldOut);
        var heldOutExact = heldOut.ToHashSet(StringComparer.Ordinal);
        var heldOutTrimmed = heldOut.Select(Squeeze).ToHashSet(StringComparer.Ordinal);

        foreach (var path in TrainingInputs())
        {
            var (examples, errors) = LabelledCorpus.Read(path);
            Assert.Empty(errors);
            Assert.NotEmpty(examples);
            var exact = examples.Count(e => heldOutExact.Contains(e.Text));
            // Whitespace-only differences would still be the same post.
            var squeezed = examples.Count(e => heldOutTrimmed.Contains(Squeeze(e.Text)));
            Assert.True(exact == 0 && squeezed == 0, $"{path} shares {exact} exact and {squeezed} whitespace-equal texts with the held-out set");
        }
    }

    [Fact]
    public void TrainingInput_ConfiguredFiles_AreOutsideTheHeldOutFolder()
    {
        var heldOutDir = Path.GetDirectoryName(HeldOutSetTests.HeldOutPath)! + Path.DirectorySeparatorChar;

        foreach (var path in TrainingInputs())
        {
            Assert.False(path.StartsWith(heldOutDir, StringComparison.Ordinal), $"{path} is inside {heldOutDir}");
        }
    }

    [Fact]
    public void ContactsFile_SharesNoTextWithTheTeamsContactGoldSet()
    {
        var teamGold = Path.Combine(Some.RepoRoot, "tests", "Classifier.Tests", "Data", "contacts_gold.jsonl");
        var team = File.ReadLines(teamGold).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToHashSet(StringComparer.Ordinal);

        var shared = File.ReadLines(HeldOutSetTests.ContactsPath).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).Where(team.Contains).ToList();

        Assert.True(shared.Count == 0, "held-out contact lines also in the team's gold set: " + string.Join(" | ", shared));
    }

    /// <summary>TrainFile and TestFile as sw train resolves them: product configuration (base file, then conf.d in order) over the option defaults, relative to Paths:Models.</summary>
    private static IReadOnlyList<string> TrainingInputs()
    {
        var configDir = Path.Combine(Some.RepoRoot, "config");
        var builder = new ConfigurationBuilder().AddJsonFile(Path.Combine(configDir, "sentimentwatch.json"), optional: true);
        foreach (var file in Directory.GetFiles(Path.Combine(configDir, "conf.d"), "*.json").Order(StringComparer.Ordinal))
        {
            builder.AddJsonFile(file, optional: false);
        }

        var config = builder.Build();
        var training = config.GetSection(ClassifierOptions.Section).Get<ClassifierOptions>()?.Training ?? new ClassifierTrainingOptions();
        var models = config.GetSection(PathsOptions.Section)["Models"] ?? new PathsOptions().Models;
        // Paths:Models is relative to the working directory, which is the repository root when sw runs.
        var root = Path.IsPathRooted(models) ? models : Path.Combine(Some.RepoRoot, models);
        var inputs = new[] { training.TrainFile, training.TestFile }.Select(f => Path.GetFullPath(Path.IsPathRooted(f) ? f : Path.Combine(root, f))).ToList();
        Assert.All(inputs, p => Assert.True(File.Exists(p), $"training input {p} does not exist"));
        return inputs;
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
