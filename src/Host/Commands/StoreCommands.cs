using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Evidence;
using SentimentWatch.Host.Cli;
using SentimentWatch.Storage.PostgreSql;
using SentimentWatch.Storage.PostgreSql.Copy;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw store migrate --to postgresql</c>: copies the SQLite store this configuration names into the PostgreSQL database
/// of <c>Storage:PostgreSql:ConnectionString</c> (a <c>secret:</c>/<c>env:</c> reference), verifies every table (counts and
/// content hashes) and says what differs. Safe to re-run. The copy itself is <see cref="StoreCopier"/>. With
/// <c>--files-to DIR</c> the files the rows point at (evidence packets, post images) are copied first into DIR, the
/// <c>Paths:Data</c> the PostgreSQL nodes share, each checked against the hash the store recorded
/// (<see cref="StoreFileCopier"/>), and moved packets' paths are rewritten in the copied rows.
/// </summary>
internal sealed class StoreCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var to = new Option<string>("--to") { Description = "Target engine: postgresql (the only one)", Required = true };
        var batch = new Option<int>("--batch") { Description = "Rows per committed batch", DefaultValueFactory = _ => 5_000 };
        var filesTo = new Option<string?>("--files-to")
        {
            Description = "Also copy the files the store points at (evidence packets, post images) into DIR, the Paths:Data every PostgreSQL node will use (a shared directory, same path on each), verifying each file's SHA-256",
            HelpName = "DIR",
        };
        var migrate = new Command("migrate", "Copy the SQLite store into PostgreSQL (Storage:PostgreSql:ConnectionString), verify counts and content hashes per table; with --files-to, its evidence packets and images too; safe to re-run. Stop the worker first.") { to, batch, filesTo };
        migrate.SetAction((parse, ct) => MigrateAsync(parse.GetValue(CommandLine.ConfigDir)!, parse.GetValue(to)!, parse.GetValue(batch), parse.GetValue(filesTo), ct));
        var store = new Command("store", "The store itself: moving it to another engine.") { migrate };
        root.Subcommands.Add(store);
    }

    internal static Task<int> MigrateAsync(string configDir, string to, int batchSize, string? filesTo, CancellationToken cancellationToken)
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

        if (filesTo is not null && (filesTo.Trim().Length == 0 || (File.Exists(filesTo) && !Directory.Exists(filesTo))))
        {
            Console.Error.WriteLine($"sw store migrate: --files-to '{filesTo}' must name a directory (it is created when missing)");
            return Task.FromResult(ExitCodes.Usage);
        }

        return Verb.RunAsync(configDir, Uses.Store, (services, ct) => CopyAsync(services, batchSize, filesTo, ct), cancellationToken);
    }

    private static async Task<int> CopyAsync(IServiceProvider services, int batchSize, string? filesTo, CancellationToken cancellationToken)
    {
        if (PostgreSqlStorageServiceCollectionExtensions.ResolveConnectionString(services.GetRequiredService<IConfiguration>(), out var problems) is not { } connectionString)
        {
            return SwHost.RefuseStart(problems);
        }

        var sqlite = services.GetRequiredService<Storage.SqliteDatabase>().Path;
        await using var target = new PostgreSqlDatabase(connectionString);
        Console.Error.WriteLine($"sw store migrate: SQLite {sqlite} → PostgreSQL {target.Where}, batches of {batchSize} rows");
        StoreFilesReport? files = null;
        StoreCopyReport report;
        try
        {
            // Files first: a row is never in PostgreSQL pointing at a packet that is not yet where the nodes read it.
            if (filesTo is not null)
            {
                files = await CopyFilesAsync(services, sqlite, filesTo, cancellationToken).ConfigureAwait(false);
            }

            var copier = new StoreCopier(sqlite, target)
            {
                BatchSize = batchSize,
                BatchCommitted = (table, copied) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table}: {copied} row(s) copied so far")),
                Rewrites = files is null ? [] : [new ColumnRewrite("evidence_items", "packet_path", files.PacketPaths)],
            };
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
        if (files is null)
        {
            Console.WriteLine("files: not copied (no --files-to): evidence packets and post images stay under this configuration's Paths:Data; the PostgreSQL nodes must read them there.");
            return report.Verified ? ExitCodes.Ok : ExitCodes.Failed;
        }

        Console.WriteLine(Format(files));
        return report.Verified && files.Verified ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static Task<StoreFilesReport> CopyFilesAsync(IServiceProvider services, string sqlite, string filesTo, CancellationToken cancellationToken)
    {
        var paths = services.GetRequiredService<IOptions<PathsOptions>>().Value;

        // Bound here, not resolved: the evidence stage's own validation (signing, TSAs) is not this verb's business.
        var evidence = services.GetRequiredService<IConfiguration>().GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
        var targetData = Path.GetFullPath(filesTo);

        // The nodes keep the relative layout: Paths:Data = DIR and Evidence:PacketsDirectory as it is (or the default when it was absolute).
        var packets = Path.IsPathRooted(evidence.PacketsDirectory) ? new EvidenceOptions().PacketsDirectory : evidence.PacketsDirectory;
        var locations = new StoreFileLocations(paths.DataPath(), evidence.PacketsRoot(paths), targetData, Path.GetFullPath(Path.Combine(targetData, packets)));
        Console.Error.WriteLine($"sw store migrate: files → {locations.TargetData} (packets {locations.TargetPackets})");
        return new StoreFileCopier(sqlite, locations).CopyAsync(cancellationToken);
    }

    internal static string Format(StoreFilesReport files)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"files",-36} {"copied",7} {"replaced",8} {"present",7} {"missing",7} {"mismatch",8}  checked against");
        foreach (var k in files.Kinds)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{k.Kind,-36} {k.Copied,7} {k.Replaced,8} {k.AlreadyPresent,7} {k.Missing.Count,7} {k.Mismatched.Count,8}  {k.HashFrom}");
        }

        foreach (var k in files.Kinds)
        {
            foreach (var missing in k.Missing)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"MISSING at the source: {missing}");
            }

            foreach (var bad in k.Mismatched)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"HASH MISMATCH: {bad}");
            }
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"evidence rows whose packet_path points into {files.Target} (rewritten now or by an earlier run): {files.PacketPaths.Count}");
        var problems = files.Kinds.Sum(k => k.Missing.Count + k.Mismatched.Count);
        sb.Append(files.Verified
            ? string.Create(CultureInfo.InvariantCulture, $"FILES VERIFIED: {files.Kinds.Sum(k => k.Copied + k.Replaced + k.AlreadyPresent)} files identical to their recorded hashes in {files.Target} ({files.Kinds.Sum(k => k.Copied + k.Replaced)} copied by this run).")
            : string.Create(CultureInfo.InvariantCulture, $"FILES NOT VERIFIED: {problems} file problem(s) above; their packets keep their old paths. Restore or explain them, then re-run; files already copied are kept."));
        return sb.ToString();
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
