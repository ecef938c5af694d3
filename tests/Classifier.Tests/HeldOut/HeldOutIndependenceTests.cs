using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Tests.HeldOut;

/// <summary>
/// The held-out set measures generalisation only while training never sees it: the files <c>sw train</c> reads
/// (Classifier:Training:TrainFile and TestFile as the product configuration resolves them, read with the same loader)
/// must share no text with models/heldout (version 1) or models/heldout/v2, and must not live there. Version 2 must also be
/// new text, not version 1 again.
/// </summary>
public sealed class HeldOutIndependenceTests
{
    public static TheoryData<string> HeldOutFiles => new() { HeldOutSetTests.HeldOutPath, HeldOutSetTests.HeldOutV2Path };

    [Theory]
    [MemberData(nameof(HeldOutFiles))]
    public void TrainingInput_ConfiguredTrainAndTestFiles_ShareNoTextWithHeldOut(string heldOutPath)
    {
        var heldOut = LabelledCorpus.Read(heldOutPath).Examples.Select(e => e.Text).ToList();
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
            Assert.True(exact == 0 && squeezed == 0, $"{path} shares {exact} exact and {squeezed} whitespace-equal texts with {heldOutPath}");
        }
    }

    [Fact]
    public void TrainingInput_ConfiguredFiles_AreOutsideTheHeldOutFolder()
    {
        // v2 lives under the v1 folder, so this covers both.
        var heldOutDir = Path.GetDirectoryName(HeldOutSetTests.HeldOutPath)! + Path.DirectorySeparatorChar;
        Assert.StartsWith(heldOutDir, HeldOutSetTests.HeldOutV2Path, StringComparison.Ordinal);

        foreach (var path in TrainingInputs())
        {
            Assert.False(path.StartsWith(heldOutDir, StringComparison.Ordinal), $"{path} is inside {heldOutDir}");
        }
    }

    public static TheoryData<string> ContactFiles => new() { HeldOutSetTests.ContactsPath, HeldOutSetTests.ContactsV2Path, ContactsV3Path };

    private static string ContactsV3Path => Some.ModelsPath("heldout", "v3", "contacts.jsonl");

    /// <summary>v3 is the blind writer's file byte for byte (its README records the hash): editing it would hide tuning.</summary>
    [Fact]
    public void ContactsV3_IsTheBlindFileUnchanged()
    {
        var readme = File.ReadAllText(Some.ModelsPath("heldout", "v3", "README.md"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ContactsV3Path)));

        Assert.Contains($"sha256 `{hash}`", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void ContactsV3_SharesNoTextWithV1OrV2()
    {
        var older = ContactTexts(HeldOutSetTests.ContactsPath).Concat(ContactTexts(HeldOutSetTests.ContactsV2Path)).Select(Squeeze).ToHashSet(StringComparer.Ordinal);

        var shared = ContactTexts(ContactsV3Path).Where(t => older.Contains(Squeeze(t))).ToList();

        Assert.True(shared.Count == 0, "v3 contact lines also in v1 or v2: " + string.Join(" | ", shared));
    }

    [Theory]
    [MemberData(nameof(ContactFiles))]
    public void ContactsFile_SharesNoTextWithTheTeamsContactGoldSet(string contactsPath)
    {
        var teamGold = Path.Combine(Some.RepoRoot, "tests", "Classifier.Tests", "Data", "contacts_gold.jsonl");
        var team = ContactTexts(teamGold);

        var shared = ContactTexts(contactsPath).Where(team.Contains).ToList();

        Assert.True(shared.Count == 0, $"{contactsPath} lines also in the team's gold set: " + string.Join(" | ", shared));
    }

    [Fact]
    public void V2_PostsAndContactLines_ShareNoTextWithV1()
    {
        var v1 = LabelledCorpus.Read(HeldOutSetTests.HeldOutPath).Examples.Select(e => Squeeze(e.Text)).ToHashSet(StringComparer.Ordinal);
        var v2 = LabelledCorpus.Read(HeldOutSetTests.HeldOutV2Path).Examples;
        Assert.NotEmpty(v2);
        var sharedPosts = v2.Where(e => v1.Contains(Squeeze(e.Text))).Select(e => e.Text).ToList();
        Assert.True(sharedPosts.Count == 0, "v2 posts also in v1: " + string.Join(" | ", sharedPosts));

        var v1Contacts = ContactTexts(HeldOutSetTests.ContactsPath).Select(Squeeze).ToHashSet(StringComparer.Ordinal);
        var sharedContacts = ContactTexts(HeldOutSetTests.ContactsV2Path).Where(t => v1Contacts.Contains(Squeeze(t))).ToList();
        Assert.True(sharedContacts.Count == 0, "v2 contact lines also in v1: " + string.Join(" | ", sharedContacts));
    }

    private static HashSet<string> ContactTexts(string path) => File.ReadLines(path).Where(l => l.Length > 0)
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToHashSet(StringComparer.Ordinal);

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
