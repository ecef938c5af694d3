using Microsoft.Extensions.Configuration;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Tests.Configuration;

/// <summary>The shared range check and the refusal of retired integer duration keys.</summary>
public sealed class ConfigErrorsTests
{
    [Fact]
    public void Between_InsideOrOnTheBounds_NoError()
    {
        var e = new ConfigErrors();
        e.Between("A", 1, 1, 10);
        e.Between("B", 10L, 1, 10);
        e.Between("C", 0.5, 0, 1);
        e.Between("D", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.False(e.Any);
    }

    [Fact]
    public void Between_Outside_NamesKeyValueAndBoundsOncePerKey()
    {
        var e = new ConfigErrors();
        e.Between("S:MaxPages", 0, 1, 10_000);
        e.Between("S:MaxBytes", 2L << 30, 1024, 1L << 30);
        e.Between("S:Weight", 10.5f, 0.1f, 10f);
        e.Between("S:Budget", double.NaN, 0, 1);
        e.Between("S:Quiet", 1441, 0, 1440, " (a day)");
        e.Between("S:Poll", TimeSpan.FromMinutes(11), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

        Assert.Equal(
            [
                "S:MaxPages '0' must be between 1 and 10000",
                "S:MaxBytes '2147483648' must be between 1024 and 1073741824",
                "S:Weight '10.5' must be between 0.1 and 10",
                "S:Budget 'NaN' must be between 0 and 1",
                "S:Quiet '1441' must be between 0 and 1440 (a day)",
                "S:Poll '00:11:00' must be between 00:00:01 and 00:10:00",
            ],
            e.Errors);
    }

    [Fact]
    public void RetiredKeys_OldLeafAnywhereUnderTheSection_RefusedNamingTheKeyToWrite()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stage:PollSeconds"] = "5",
            ["Stage:Parts:0:WindowHours"] = "2",
            ["Stage:PollInterval"] = "00:00:05",
            ["Other:PollSeconds"] = "7",
        }).Build();
        var e = new ConfigErrors();

        RetiredKeys.Check(configuration.GetSection("Stage"), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["PollSeconds"] = "PollInterval", ["WindowHours"] = "Window" }, e);

        Assert.Equal(
            [
                "Stage:Parts:0:WindowHours '2' is no longer read (hours as a number): write Stage:Parts:0:Window as a time span, e.g. 00:05:00 for five minutes",
                "Stage:PollSeconds '5' is no longer read (seconds as a number): write Stage:PollInterval as a time span, e.g. 00:05:00 for five minutes",
            ],
            e.Errors);
    }
}
