using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Host.Cli;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Copy;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw store migrate --to postgresql</c>: copies the SQLite store this configuration names into the PostgreSQL database
/// of <c>Storage:PostgreSql:ConnectionString</c> (a <c>secret:</c>/<c>env:</c> reference), verifies every table (counts and
/// content hashes) and says what differs. Safe to re-run. The copy itself is <see cref="StoreCopier"/>.
/// </summary>
internal sealed class StoreCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var to = new Option<string>("--to") { Description = "Target engine: postgresql (the only one)", Required = true };
        var batch = new Option<int>("--batch") { Description = "Rows per committed batch", DefaultValueFactory = _ => 5_000 };
        var migrate = new Command("migrate", "Copy the SQLite store into PostgreSQL (Storage:PostgreSql:ConnectionString), verify counts and content hashes per table; safe to re-run. Stop the worker first.") { to, batch };
        migrate.SetAction((parse, ct) => MigrateAsync(parse.GetValue(CommandLine.ConfigDir)!, parse.GetValue(to)!, parse.GetValue(batch), ct));
        var store = new Command("store", "The store itself: moving it to another engine.") { migrate };
        root.Subcommands.Add(store);
    }

    internal static Task<int> MigrateAsync(string configDir, string to, int batchSize, CancellationToken cancellationToken)
    {
        if (!string.Equals(to, "postgresql", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"sw store migrate: --to '{to}' is not a target this build copies to: postgresql");
            return Task.FromResult(ExitCodes.Usage);
        }

        if (batchSize < 1)
        {
            Console.Error.WriteLine($"sw store migrate: --batch {batchSize} must be at least 1");
            return Task.FromResult(ExitCodes.Usage);
        }

        return Verb.RunAsync(configDir, Uses.Store, (services, ct) => CopyAsync(services, batchSize, ct), cancellationToken);
    }

    private static async Task<int> CopyAsync(IServiceProvider services, int batchSize, CancellationToken cancellationToken)
    {
        if (PostgreSqlStorageServiceCollectionExtensions.ResolveConnectionString(services.GetRequiredService<IConfiguration>(), out var problems) is not { } connectionString)
        {
            return SwHost.RefuseStart(problems);
        }

        var sqlite = services.GetRequiredService<Storage.SqliteDatabase>().Path;
        await using var target = new PostgreSqlDatabase(connectionString);
        Console.Error.WriteLine($"sw store migrate: SQLite {sqlite} → PostgreSQL {target.Where}, batches of {batchSize} rows");
        var copier = new StoreCopier(sqlite, target)
        {
            BatchSize = batchSize,
            BatchCommitted = (table, copied) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table}: {copied} row(s) copied so far")),
        };
        StoreCopyReport report;
        try
        {
            report = await copier.CopyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreCopyRefusedException ex)
        {
            Console.Error.WriteLine($"sw store migrate: refused: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Core.Storage.StoreUnavailableException ex)
        {
            Console.Error.WriteLine($"sw store migrate: {ex.Message}");
            return ExitCodes.Unavailable;
        }
        catch (SchemaVersionException ex)
        {
            Console.Error.WriteLine($"sw store migrate: refused: {ex.Message}");
            return ExitCodes.Usage;
        }

        Console.WriteLine(Format(report));
        return report.Verified ? ExitCodes.Ok : ExitCodes.Failed;
    }

    internal static string Format(StoreCopyReport report)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"table",-28} {"copied now",10} {"SQLite",10} {"PostgreSQL",10}  sha256 (SQLite / PostgreSQL)");
        foreach (var t in report.Tables)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{t.Table,-28} {t.Copied,10} {t.SourceRows,10} {t.TargetRows,10}  {t.SourceHash[..12]} / {t.TargetHash[..12]}  {(t.Verified ? "ok" : "DIFFERS")}");
            foreach (var problem in t.Problems)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"    {t.Table}: {problem}");
            }
        }

        foreach (var skipped in report.Skipped)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"not copied: {skipped}");
        }

        foreach (var failure in report.Failures)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"FAILED: {failure}");
        }

        var bad = report.Tables.Where(t => !t.Verified).Select(t => t.Table).ToList();
        sb.Append(report.Verified
            ? string.Create(CultureInfo.InvariantCulture, $"VERIFIED: {report.Tables.Count} tables, {report.Tables.Sum(t => t.TargetRows)} rows identical in {report.Target} ({report.Tables.Sum(t => t.Copied)} copied by this run).")
            : $"NOT VERIFIED: {report.Failures.Count + bad.Count} problem(s){(bad.Count > 0 ? $"; tables that differ: {string.Join(", ", bad)}" : "")}. Re-run after fixing; rows already copied are kept.");
        return sb.ToString();
    }
}
