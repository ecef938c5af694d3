using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SentimentWatch.Evidence.Tests.Support;

/// <summary>
/// A real RFC 3161 TSA: a throw-away root CA and TSA certificate (EKU timeStamping, critical) made with openssl, and
/// a tiny Kestrel wrapper that answers each POSTed query with <c>openssl ts -reply</c>. <c>/tsa-down</c> answers 503;
/// <c>/tsa-wrong</c> answers with a genuine reply to a different query (wrong nonce and imprint).
/// </summary>
internal sealed class OpenSslTsa : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _serial = new(1, 1);

    private OpenSslTsa(string dir, WebApplication app)
    {
        Directory = dir;
        _app = app;
    }

    public string Directory { get; }

    public string RootPem => Path.Combine(Directory, "ca.crt");

    public string ChainPem => Path.Combine(Directory, "tsa.crt");

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<OpenSslTsa> StartAsync()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("sw-test-tsa-").FullName;
        File.WriteAllText(Path.Combine(dir, "tsa_ext.cnf"), """
            basicConstraints       = critical,CA:FALSE
            keyUsage               = critical,digitalSignature,nonRepudiation
            extendedKeyUsage       = critical,timeStamping
            subjectKeyIdentifier   = hash
            authorityKeyIdentifier = keyid,issuer

            """);
        File.WriteAllText(Path.Combine(dir, "tsa.cnf"), """
            [ tsa ]
            default_tsa = tsa_config1
            [ tsa_config1 ]
            dir                    = .
            serial                 = $dir/tsaserial
            crypto_device          = builtin
            signer_cert            = $dir/tsa.crt
            certs                  = $dir/ca.crt
            signer_key             = $dir/tsa.key
            signer_digest          = sha256
            default_policy         = 1.2.3.4.1
            digests                = sha256, sha384, sha512
            accuracy               = secs:1
            ordering               = yes
            tsa_name               = yes
            ess_cert_id_chain      = no
            ess_cert_id_alg        = sha256

            """);
        File.WriteAllText(Path.Combine(dir, "tsaserial"), "01\n");
        File.WriteAllBytes(Path.Combine(dir, "other.bin"), "not the manifest"u8.ToArray());
        foreach (var cmd in new[]
                 {
                     "openssl req -x509 -newkey rsa:2048 -sha256 -nodes -keyout ca.key -out ca.crt -days 3650 -subj '/C=CN/O=Test Evidence Lab/CN=Test Evidence Root CA' -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'",
                     "openssl req -new -newkey rsa:2048 -sha256 -nodes -keyout tsa.key -out tsa.csr -subj '/C=CN/O=Test Evidence Lab/CN=Test TSA 1'",
                     "openssl x509 -req -in tsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 825 -extfile tsa_ext.cnf -out tsa.crt",
                     "openssl ts -query -data other.bin -sha256 -cert -out other.tsq",
                 })
        {
            var run = Tools.Sh(dir, cmd + " 2>&1");
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"TSA setup failed: {cmd}: {run}");
            }
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var tsa = new OpenSslTsa(dir, app);
        app.MapPost("/tsa", (Delegate)((HttpContext ctx) => tsa.ReplyAsync(ctx, wrong: false)));
        app.MapPost("/tsa-wrong", (Delegate)((HttpContext ctx) => tsa.ReplyAsync(ctx, wrong: true)));
        app.MapPost("/tsa-down", () => Results.StatusCode(503));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        tsa.BaseUri = new Uri(address + "/");
        return tsa;
    }

    private async Task<IResult> ReplyAsync(HttpContext ctx, bool wrong)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        await _serial.WaitAsync(ctx.RequestAborted);
        try
        {
            var query = Path.Combine(Directory, "req.tsq");
            await File.WriteAllBytesAsync(query, body.ToArray(), ctx.RequestAborted);
            var run = Tools.Exec(Directory, "openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", wrong ? "other.tsq" : "req.tsq", "-out", "resp.tsr");
            if (run.ExitCode != 0)
            {
                return Results.Text(run.Output, statusCode: 500);
            }

            return Results.Bytes(await File.ReadAllBytesAsync(Path.Combine(Directory, "resp.tsr"), ctx.RequestAborted), "application/timestamp-reply");
        }
        finally
        {
            _serial.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _serial.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
