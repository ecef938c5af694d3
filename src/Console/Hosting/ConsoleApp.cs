using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Accounts;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Exercise;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Queue;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.PressLines;

namespace SentimentWatch.DutyConsole.Hosting;

/// <summary>
/// Builds the console's web application: its own Kestrel listener inside the worker process, with the worker's stores
/// and services handed over from the worker's container (so both see one store and one alerting pipeline).
/// </summary>
internal static class ConsoleApp
{
    public static WebApplication Build(IServiceProvider worker, ConsoleOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(worker.GetRequiredService<ILoggerFactory>());
        Listen(builder.WebHost, options);

        var services = builder.Services;
        Bridge<IAccountStore>(services, worker);
        Bridge<IAuditLog>(services, worker);
        Bridge<IIncidentWorkStore>(services, worker);
        Bridge<IAlertStore>(services, worker);
        Bridge<IIncidentStore>(services, worker);
        Bridge<IIncidentActionStore>(services, worker);
        Bridge<IAlertingAdmin>(services, worker);
        Bridge<IPostStore>(services, worker);
        Bridge<IClassificationStore>(services, worker);
        Bridge<ISourceStateStore>(services, worker);
        Bridge<TimeProvider>(services, worker);
        Bridge<IOptions<ConsoleOptions>>(services, worker);
        Bridge<AccountService>(services, worker);
        Bridge<IPressLineStore>(services, worker);
        Bridge<PressLineDesk>(services, worker);
        Bridge<EvaluationReader>(services, worker);
        Bridge<IOptions<PressLineOptions>>(services, worker);
        Bridge<IOptions<ExerciseOptions>>(services, worker);
        // Optional: evidence and search are other stages; their pages say so when they are absent.
        BridgeOptional<IEvidenceStore>(services, worker);
        BridgeOptional<IEvidencePacketVerifier>(services, worker);
        BridgeOptional<IEvidenceExporter>(services, worker);
        BridgeOptional<IEvidenceCustody>(services, worker);
        BridgeOptional<IPostSearch>(services, worker);
        BridgeOptional<ITextNormaliser>(services, worker);
        BridgeOptional<Core.Collection.ISourceCatalog>(services, worker);
        // Reports (src/Office): the pages say so when the office stage is not composed.
        BridgeOptional<Core.Reports.IReportStore>(services, worker);
        BridgeOptional<Office.Reports.ReportService>(services, worker);
        BridgeOptional<Office.Facts.ReferenceResolver>(services, worker);
        BridgeOptional<ITakedownStore>(services, worker);
        BridgeOptional<Core.Images.IPostImageStore>(services, worker);
        BridgeOptional<Core.Calendar.ExamCalendar>(services, worker);
        Bridge<IOptions<Core.Configuration.PathsOptions>>(services, worker);

        OperationsEndpoints.AddOperations(services, worker);
        services.AddSingleton<Auditor>();
        services.AddSingleton<AntiforgeryGate>();
        services.AddSingleton<QueueReader>();
        services.AddSingleton<ConsoleActions>();
        services.AddSingleton<IncidentVisibility>();
        services.AddSingleton<SourceStatusReader>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "sw.af";
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.FormFieldName = "__af";
            a.HeaderName = "X-SW-AF";
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(c =>
        {
            c.Cookie.Name = "sw.session";
            c.Cookie.HttpOnly = true;
            c.Cookie.SameSite = SameSiteMode.Strict;
            c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            c.ExpireTimeSpan = options.IdleTimeout;
            c.SlidingExpiration = true;
            c.LoginPath = "/login";
            c.LogoutPath = "/logout";
            c.Events.OnValidatePrincipal = ValidateSessionAsync;
            c.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            c.Events.OnRedirectToLogin = ctx =>
            {
                if (HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Headers.ContainsKey("X-SW-Poll"))
                {
                    ctx.Response.Redirect(ctx.RedirectUri);
                }
                else
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(a =>
        {
            foreach (var permission in Permissions.All)
            {
                a.AddPolicy(permission, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }

            // Every endpoint needs a session unless it says [AllowAnonymous] (sign-in page, static files).
            a.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddRazorPages(o => o.Conventions.AllowAnonymousToPage("/Login"))
            .AddApplicationPart(typeof(ConsoleApp).Assembly);

        var app = builder.Build();
        app.Use(ServerTiming.ApplyAsync);
        app.UseExceptionHandler(e => e.Run(ErrorPages.ServerErrorAsync));
        app.Use(SecurityHeaders.ApplyAsync);
        app.UseStatusCodePages(ErrorPages.StatusAsync);
        app.UseRouting();
        app.UseAuthentication();
        var gate = app.Services.GetRequiredService<AntiforgeryGate>();
        app.Use(gate.InvokeAsync);
        app.UseAuthorization();
        StaticFiles.Map(app);
        OperationsEndpoints.Map(app);
        app.MapRazorPages();
        return app;
    }

    /// <summary>A session stops when its account is gone, disabled or its password was reset (security stamp changed).</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var name = context.Principal?.FindFirstValue(ClaimTypes.Name);
        var account = name is null ? null : await http.RequestServices.GetRequiredService<IAccountStore>().FindAsync(name, http.RequestAborted).ConfigureAwait(false);
        if (account is not null && !account.Disabled && account.SecurityStamp == context.Principal!.FindFirstValue(SessionClaims.Stamp)
            && account.Role == context.Principal!.FindFirstValue(ClaimTypes.Role))
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        await http.RequestServices.GetRequiredService<IAuditLog>().AppendAsync(name ?? "-", http.Connection.RemoteIpAddress?.ToString() ?? "-",
            "session_end", http.Request.Path, Auditor.Refused, account is null ? "account gone" : account.Disabled ? "account disabled" : "password reset or role changed", CancellationToken.None).ConfigureAwait(false);
    }

    private static void Listen(IWebHostBuilder web, ConsoleOptions options)
    {
        var listen = new Uri(options.Listen);
        if (listen.Scheme != Uri.UriSchemeHttps)
        {
            web.UseUrls(options.Listen);
            return;
        }

        var address = listen.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any;
        var certificate = Certificate(options.Https);
        web.UseKestrel(k => k.Listen(address, listen.Port, l => l.UseHttps(certificate)));
    }

    /// <summary>The server certificate: a PFX (with its password), or a PEM certificate with its PEM key file.</summary>
    internal static X509Certificate2 Certificate(ConsoleHttpsOptions https) =>
        string.IsNullOrEmpty(https.KeyPath)
            ? X509CertificateLoader.LoadPkcs12FromFile(https.CertificatePath, https.Password)
            : X509Certificate2.CreateFromPemFile(https.CertificatePath, https.KeyPath);

    private static void Bridge<T>(IServiceCollection services, IServiceProvider worker)
        where T : class => services.AddSingleton(worker.GetRequiredService<T>());

    private static void BridgeOptional<T>(IServiceCollection services, IServiceProvider worker)
        where T : class
    {
        if (worker.GetService<T>() is { } found)
        {
            services.AddSingleton(found);
        }
    }
}

/// <summary>
/// <c>Server-Timing: app;dur=MS</c> on every response: the time from the request entering the console to its response
/// starting (pages are buffered, so rendering is inside). Benchmarks and the browser's developer tools read it.
/// </summary>
internal static class ServerTiming
{
    public static Task ApplyAsync(HttpContext http, Func<Task> next)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        http.Response.OnStarting(() =>
        {
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            http.Response.Headers["Server-Timing"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"app;dur={ms:0.0}");
            return Task.CompletedTask;
        });
        return next();
    }
}

/// <summary>Plain pages for errors: a status and a sentence, never an exception or a stack trace.</summary>
internal static class ErrorPages
{
    public static Task ServerErrorAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SentimentWatch.DutyConsole").LogError(error, "Console request {Path} failed", http.Request.Path.Value);
        return WriteAsync(http, StatusCodes.Status500InternalServerError, "服务器内部错误", "处理请求时出错，已记入日志。请稍后重试，或联系管理员。");
    }

    public static Task StatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        return http.Response.StatusCode switch
        {
            404 => WriteAsync(http, 404, "未找到", "没有这个页面或记录。"),
            403 => WriteAsync(http, 403, "无权访问", "您的角色无权执行此操作；此次访问已记入审计日志。"),
            400 => WriteAsync(http, 400, "请求无效", "请求无效（可能缺少防伪令牌）。请刷新页面后重试。"),
            _ => Task.CompletedTask,
        };
    }

    private static Task WriteAsync(HttpContext http, int status, string title, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            $"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{WebUtility.HtmlEncode(title)}</title><link rel=\"stylesheet\" href=\"/static/console.css\"></head><body><main><h1>{status} {WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p><p><a href=\"/\">返回研判队列</a></p></main></body></html>");
    }
}

/// <summary>The console's script and style sheet, served from embedded resources (no file system, no directory listing).</summary>
internal static class StaticFiles
{
    private static readonly Dictionary<string, (byte[] Body, string Type)> Files = Load();

    public static void Map(WebApplication app) =>
        app.MapGet("/static/{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(file.Body, file.Type);
        }).AllowAnonymous();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(StaticFiles).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Static/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["Static/".Length..];
            files[name] = (copy.ToArray(), name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
        }

        return files;
    }
}
