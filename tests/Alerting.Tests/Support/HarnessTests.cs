namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>
/// The set-up every test class that drives a whole <see cref="AlertingHarness"/> shares: a fresh SQLite file, a real
/// SMTP sink (started when the machine has one, see <see cref="SmtpFactAttribute"/>) and the harness over both,
/// disposed harness first. A class changes the harness through <see cref="CreateHarness"/>.
/// </summary>
public abstract class HarnessTests : IAsyncLifetime
{
    private protected TempDatabase Db { get; } = new();

    private protected SmtpSink Sink { get; } = new();

    /// <summary>The harness; a test that needs a second life on the same database (a restart) disposes it and sets a new one.</summary>
    private protected AlertingHarness H { get; set; } = null!;

    /// <summary>False for classes whose tests send no mail: the SMTP server is then not started.</summary>
    private protected virtual bool SendsMail => true;

    private protected virtual AlertingHarness CreateHarness() => AlertingHarness.Create(Db.Database, Sink);

    public virtual Task InitializeAsync()
    {
        H = CreateHarness();
        if (SendsMail)
        {
            Sink.StartIfAvailable();
        }

        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await H.DisposeAsync();
        Sink.Dispose();
        Db.Dispose();
    }
}
