using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentimentWatch.DutyConsole.Hosting;

/// <summary>Serves the console on <see cref="ConsoleOptions.Listen"/> while the worker runs (<c>sw run</c>, <c>sw demo</c>).</summary>
public sealed class ConsoleServer(IServiceProvider worker, IOptions<ConsoleOptions> options, ILogger<ConsoleServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;
    private readonly TaskCompletionSource<Uri> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The address actually bound (useful when listening on port 0); null until started.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Completes with <see cref="Address"/> once the console listens.</summary>
    public Task<Uri> Started => _started.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Serve)
        {
            return;
        }

        _app = ConsoleApp.Build(worker, options.Value);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        ConsoleLog.Listening(logger, Address);
        _started.TrySetResult(Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

internal static partial class ConsoleLog
{
    [LoggerMessage(5600, LogLevel.Information, "Duty console listening on {Address}")]
    public static partial void Listening(ILogger logger, Uri address);
}
