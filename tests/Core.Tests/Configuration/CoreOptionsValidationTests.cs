using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Exercise;
using SentimentWatch.Core.Search;

namespace SentimentWatch.Core.Tests.Configuration;

/// <summary>Core's own option classes (<c>Paths</c>, <c>Exercise</c>, <c>Redaction</c>) each refuse bad keys by name, through the registration every stage calls.</summary>
public sealed class CoreOptionsValidationTests
{
    private static IReadOnlyList<string> Failures<T>(Func<IServiceCollection, IServiceCollection> register, params (string Key, string? Value)[] settings)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
        using var provider = register(new ServiceCollection().AddSingleton<IConfiguration>(configuration)).BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<T>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }

    [Fact]
    public void AddPathsOptions_Defaults_Valid() =>
        Assert.Empty(Failures<PathsOptions>(s => s.AddPathsOptions()));

    [Fact]
    public void AddPathsOptions_BlankDataAndNulInModels_BothNamed()
    {
        var failures = Failures<PathsOptions>(s => s.AddPathsOptions(), ("Paths:Data", " "), ("Paths:Models", "models\0x"));

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Paths:Data ' ' must name a directory", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Paths:Models ", StringComparison.Ordinal) && f.Contains("no path may hold", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPathsOptions_CalledByTwoStages_OneValidator()
    {
        var services = new ServiceCollection().AddPathsOptions().AddPathsOptions();

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PathsOptions>));
    }

    [Fact]
    public void AddExerciseOptions_DrillMarkerAndName_Valid() =>
        Assert.Empty(Failures<ExerciseOptions>(s => s.AddExerciseOptions(), ("Exercise:Marker", "【演练】"), ("Exercise:Name", "leak-level1-sitting")));

    [Fact]
    public void AddExerciseOptions_LineBreakInMarkerAndNameWithoutMarker_Named()
    {
        var broken = Failures<ExerciseOptions>(s => s.AddExerciseOptions(), ("Exercise:Marker", "【演练】\r\nBcc: x@example.cn"));
        var nameAlone = Failures<ExerciseOptions>(s => s.AddExerciseOptions(), ("Exercise:Name", "drill"));

        Assert.Contains(broken, f => f.StartsWith("Exercise:Marker ", StringComparison.Ordinal) && f.Contains("one line", StringComparison.Ordinal));
        Assert.Equal(["Exercise:Name 'drill' is set but Exercise:Marker is empty: nothing would mark the drill"], nameAlone);
    }

    [Fact]
    public void AddSecretRedaction_ParameterNamesThatCanNeverMatch_EachNamed()
    {
        var failures = Failures<RedactionOptions>(s => s.AddSecretRedaction(),
            ("Redaction:Parameters:0", "ticket"), ("Redaction:Parameters:1", " "), ("Redaction:Parameters:2", "ticket="));

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Redaction:Parameters:1 ' ' is blank", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Redaction:Parameters:2 'ticket=' must be a query parameter's name alone", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SearchLimitRules_OutOfRange_NamesEachKeyOfSectionSearch()
    {
        var errors = new ConfigErrors();

        SearchLimitRules.Check(errors, maxResults: 0, maxCount: 10, snippetChars: 5000);

        Assert.Equal(2, errors.Errors.Count);
        Assert.StartsWith("Search:MaxResults '0'", errors.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Search:SnippetChars '5000'", errors.Errors[1], StringComparison.Ordinal);
    }
}
