using System.CommandLine;
using SentimentWatch.Core.Alerting;
using System.Globalization;
using System.Runtime;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Classification;
using SentimentWatch.Host.Cli;
using SentimentWatch.Storage.Classification;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw train</c>, <c>sw evaluate</c>, <c>sw classify</c>.</summary>
internal sealed class ClassifierCommands : ICliModule
{
    private const int ModelUnavailable = ExitCodes.Unavailable;
    private const int BadInput = ExitCodes.Usage;

    public void Register(RootCommand root)
    {
        root.Subcommands.Add(TrainCommand());
        root.Subcommands.Add(EvaluateCommand());
        root.Subcommands.Add(ClassifyCommand());
        root.Subcommands.Add(FeedbackCommand());
    }

    private static Command FeedbackCommand()
    {
        var post = new Option<long>("--post") { Description = "Stored post id", Required = true };
        var decision = new Option<string>("--decision") { Description = "confirmed | false_positive | relabelled", Required = true };
        var label = new Option<string?>("--label") { Description = "The correct label (required for relabelled; normal for false_positive)" };
        var by = new ActingPerson("Who decided");
        var note = new Option<string?>("--note") { Description = "Why" };
        var command = by.AddTo(new Command("feedback", "Record a commentator's decision on a classified post (used by sw classifier train --include-feedback)") { post, decision, label, note });
        command.SetAction(async (parse, ct) =>
        {
            if (by.Resolve(parse) is not { } who)
            {
                return BadInput;
            }

            return await RunAsync(parse, Uses.Store | Uses.Classifier, withStorage: true, async (sp, token) =>
            {
                var postId = parse.GetValue(post);
                var stored = await sp.GetRequiredService<SentimentWatch.Core.Storage.IPostStore>().GetPostAsync(postId, token).ConfigureAwait(false);
                if (stored is null)
                {
                    await Console.Error.WriteLineAsync($"sw classifier feedback: post {postId} is not in the store").ConfigureAwait(false);
                    return ExitCodes.NotFound;
                }

                var latest = await sp.GetRequiredService<IClassificationStore>().GetLatestAsync(postId, token).ConfigureAwait(false);
                var d = parse.GetValue(decision)!;
                var correct = d switch
                {
                    FeedbackDecisions.FalsePositive => Labels.Normal,
                    FeedbackDecisions.Confirmed => parse.GetValue(label) ?? latest?.Result.Label,
                    _ => parse.GetValue(label),
                };
                if (correct is null)
                {
                    await Console.Error.WriteLineAsync("sw classifier feedback: give --label (the post has no classification to confirm, or the decision is relabelled)").ConfigureAwait(false);
                    return BadInput;
                }

                try
                {
                    var id = await sp.GetRequiredService<IClassificationFeedbackStore>().SaveAsync(
                        new ClassificationFeedback(postId, stored.Version, stored.ClassifiedText, correct, d, latest?.Result.Label, who, parse.GetValue(note),
                            sp.GetRequiredService<TimeProvider>().GetUtcNow(), stored.ClassifiedAtUtc), token).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync($"feedback {id}: post {postId} v{stored.Version} {d} as {correct}").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                catch (ArgumentException ex)
                {
                    await Console.Error.WriteLineAsync($"sw classifier feedback: {ex.Message}").ConfigureAwait(false);
                    return BadInput;
                }
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command TrainCommand()
    {
        var includeFeedback = new Option<bool>("--include-feedback") { Description = "Also train on commentators' decisions stored by the feedback loop" };
        var command = new Command("train", "Train the exam-risk classifier from models/training (stratified k-fold CV), write models/classifier.zip + classifier.json and print the metrics")
        {
            includeFeedback,
        };
        command.SetAction(async (parse, ct) =>
        {
            var withFeedback = parse.GetValue(includeFeedback);
            return await RunAsync(parse, withFeedback ? Uses.Store | Uses.Classifier : Uses.Classifier, withFeedback, async (sp, token) =>
            {
                var runner = new TrainingRunner(
                    sp.GetRequiredService<ClassifierModelProvider>(),
                    withFeedback ? sp.GetRequiredService<IClassificationFeedbackStore>() : null,
                    sp.GetRequiredService<TimeProvider>());
                using var bar = new ProgressBar(Console.Error);
                try
                {
                    var outcome = await runner.TrainAsync(withFeedback, bar, token).ConfigureAwait(false);
                    bar.Finish();
                    var m = outcome.Manifest;
                    var provider = sp.GetRequiredService<ClassifierModelProvider>();
                    Console.Out.WriteLine($"model {m.ModelVersion} written to {provider.ModelPath} and {provider.ManifestPath}");
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"data: {m.Data.TrainExamples} training examples ({m.Data.TrainFile}, sha256 {m.Data.TrainSha256[..12]}), {m.Data.FeedbackExamples} feedback examples, {m.Data.TestExamples} test examples"));
                    Console.Out.WriteLine(m.Trainer.Folds == 0
                        ? "no cross-validation (Classifier:Training:Folds 0, screening only): no threshold or label offsets learned"
                        : Evaluator.FormatTable($"{m.Trainer.Folds}-fold cross-validation", m.Labels, m.CrossValidation));
                    if (m.LabelBiasOffsets is { } offsets)
                    {
                        Console.Out.WriteLine("label bias offsets (fitted on cross-validation): " + string.Join(", ", m.Labels.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{l} {offsets[i]:+0.00;-0.00;0}"))));
                    }
                    if (m.Test is not null)
                    {
                        Console.Out.WriteLine(Evaluator.FormatTable($"test split ({m.Data.TestFile})", m.Labels, m.Test));
                    }

                    foreach (var (name, metrics) in outcome.TimingBreakdown)
                    {
                        Console.Out.WriteLine(Evaluator.FormatTable(name, m.Labels, metrics));
                    }

                    return ExitCodes.Ok;
                }
                catch (TrainingInputException ex)
                {
                    bar.Finish();
                    await Console.Error.WriteLineAsync($"sw classifier train: {ex.Message}").ConfigureAwait(false);
                    return BadInput;
                }
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command EvaluateCommand()
    {
        var input = new Option<FileInfo?>("--input") { Description = "Labelled JSONL file (fields text, label)" };
        var contacts = new Option<FileInfo?>("--contacts") { Description = "Contact gold JSONL file (fields text, contacts [{kind, value}]): precision/recall/F1 per contact kind" };
        var command = new Command("evaluate", "Evaluate the shipped model on a labelled JSONL file (per-label metrics, confusion matrix) and/or contact extraction on a gold file") { input, contacts };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(input);
            var contactsFile = parse.GetValue(contacts);
            if (file is null && contactsFile is null)
            {
                await Console.Error.WriteLineAsync("sw classifier evaluate: give --input FILE.jsonl (labelled posts) and/or --contacts FILE.jsonl (contact gold set)").ConfigureAwait(false);
                return BadInput;
            }

            if (new[] { file, contactsFile }.FirstOrDefault(f => f is { Exists: false }) is { } missing)
            {
                await Console.Error.WriteLineAsync($"sw classifier evaluate: {missing.FullName} does not exist").ConfigureAwait(false);
                return BadInput;
            }

            return await RunAsync(parse, Uses.Classifier, withStorage: false, async (sp, token) =>
            {
                var exit = ExitCodes.Ok;
                if (file is not null)
                {
                    exit = await EvaluateLabelsAsync(sp, file).ConfigureAwait(false);
                }

                if (contactsFile is not null)
                {
                    exit = Math.Max(exit, await EvaluateContactsAsync(sp, contactsFile).ConfigureAwait(false));
                }

                return exit;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> EvaluateLabelsAsync(IServiceProvider sp, FileInfo file)
    {
        var runner = new TrainingRunner(sp.GetRequiredService<ClassifierModelProvider>(), null, sp.GetRequiredService<TimeProvider>());
        try
        {
            var metrics = runner.Evaluate(file.FullName, out var skipped);
            foreach (var s in skipped)
            {
                await Console.Error.WriteLineAsync($"sw classifier evaluate: {file.Name} {s} (skipped)").ConfigureAwait(false);
            }

            var labels = sp.GetRequiredService<ClassifierModelProvider>().Classifier.Manifest.Labels;
            await Console.Out.WriteLineAsync(Evaluator.FormatTable(file.Name, labels, metrics)).ConfigureAwait(false);
            // Bad lines were reported and skipped, the rest measured: the run found a problem (as segmenter does).
            return skipped.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is TrainingInputException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"sw classifier evaluate: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (ModelUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"sw classifier evaluate: {ex.Message}").ConfigureAwait(false);
            return ModelUnavailable;
        }
    }

    /// <summary>Contact extraction needs the normalisation tables only, not the model: it runs even when no model is built.</summary>
    private static async Task<int> EvaluateContactsAsync(IServiceProvider sp, FileInfo file)
    {
        try
        {
            var extractor = sp.GetRequiredService<ClassifierModelProvider>().Contacts;
            var report = ContactEvaluation.Evaluate(file.FullName, extractor.Extract);
            foreach (var e in report.Errors)
            {
                await Console.Error.WriteLineAsync($"sw classifier evaluate: {file.Name} {e} (skipped)").ConfigureAwait(false);
            }

            if (report.Lines == 0)
            {
                await Console.Error.WriteLineAsync($"sw classifier evaluate: {file.FullName} has no usable contact lines").ConfigureAwait(false);
                return BadInput;
            }

            await Console.Out.WriteAsync(ContactEvaluation.Format(file.Name, report)).ConfigureAwait(false);
            return report.Errors.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }
        catch (FileNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"sw classifier evaluate: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
    }

    private static Command ClassifyCommand()
    {
        var text = new Argument<string?>("text") { Description = "A post's text to classify (omit with --input)", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string?>("--input") { Description = "JSONL posts (id, text, optional platform, author, published_at, reposts, comments, likes); - for stdin" };
        var output = new Option<string?>("--output") { Description = "JSONL results (id, label, confidence, scores, contacts, reasons); - or omitted for stdout" };
        var publishedAt = new Option<string?>("--published-at") { Description = "When the text was published (ISO 8601 with offset, e.g. 2025-09-13T10:40+08:00): timing against the exam sittings feeds the model" };
        var threads = new Option<int?>("--threads") { Description = "Batch: threads that classify (default: one per processor); output order is input order whatever the count" };
        var maxLineBytes = new Option<int>("--max-line-bytes")
        {
            Description = "Batch: a longer line is skipped with an error record (default 1 MiB)",
            DefaultValueFactory = _ => BatchOptions.DefaultMaxLineBytes,
        };
        var command = new Command("classify", "Classify one text (readable) or a JSONL batch (streaming, parallel, in input order, an error record per bad line)")
        {
            text, input, output, publishedAt, threads, maxLineBytes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var single = parse.GetValue(text);
            var inputPath = parse.GetValue(input);
            if ((single is null) == (inputPath is null))
            {
                await Console.Error.WriteLineAsync("sw classifier classify: give either a text or --input FILE.jsonl").ConfigureAwait(false);
                return BadInput;
            }

            if (single is not null && string.IsNullOrWhiteSpace(single))
            {
                await Console.Error.WriteLineAsync("sw classifier classify: the text is empty: nothing to classify").ConfigureAwait(false);
                return BadInput;
            }

            var batchOptions = new BatchOptions(parse.GetValue(threads) ?? Environment.ProcessorCount, MaxLineBytes: parse.GetValue(maxLineBytes));
            if (batchOptions.Threads < 1 || batchOptions.MaxLineBytes < 1)
            {
                await Console.Error.WriteLineAsync($"sw classifier classify: --threads ({batchOptions.Threads}) and --max-line-bytes ({batchOptions.MaxLineBytes}) must be at least 1").ConfigureAwait(false);
                return BadInput;
            }

            DateTimeOffset? at = null;
            if (parse.GetValue(publishedAt) is { } atText)
            {
                if (single is null)
                {
                    await Console.Error.WriteLineAsync("sw classifier classify: --published-at is for a single text; batch lines carry their own published_at").ConfigureAwait(false);
                    return BadInput;
                }

                if (!PublishedTime.TryParseWithOffset(atText, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"sw classifier classify: --published-at '{atText}' is not an ISO 8601 time with offset (e.g. 2025-09-13T10:40+08:00)").ConfigureAwait(false);
                    return BadInput;
                }

                at = parsed;
            }

            if (inputPath is not null and not "-" && !File.Exists(inputPath))
            {
                await Console.Error.WriteLineAsync($"sw classifier classify: input file '{inputPath}' does not exist").ConfigureAwait(false);
                return BadInput;
            }

            // A batch line also carries alerting's view of the run (level, duplicates): a batch reads alerting's configuration too.
            return await RunAsync(parse, single is null ? Uses.Classifier | Uses.Alerting : Uses.Classifier, withStorage: false, async (sp, token) =>
            {
                IPostClassifier classifier;
                // A batch builds alerting's services and reads the classifier's tables while the model loads: start-up is
                // a large part of a short run's wall time.
                var incidents = single is null ? Task.Run(() => sp.GetService<IIncidentPreview>(), token) : Task.FromResult<IIncidentPreview?>(null);
                try
                {
                    var provider = sp.GetRequiredService<ClassifierModelProvider>();
                    var tables = single is null ? Task.Run(() => (provider.Normaliser, provider.ContactChars), token) : Task.CompletedTask;
                    classifier = provider.Classifier;
                    await tables.ConfigureAwait(false);
                }
                catch (ModelUnavailableException ex)
                {
                    await Console.Error.WriteLineAsync($"sw classifier classify: {ex.Message}").ConfigureAwait(false);
                    return ModelUnavailable;
                }

                if (single is not null)
                {
                    await Console.Out.WriteAsync(Readable(classifier.Classify(new ClassificationInput(single, PublishedAtUtc: at)))).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                return await RunBatchAsync(classifier, await incidents.ConfigureAwait(false), inputPath!, parse.GetValue(output), batchOptions, token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunBatchAsync(
        IPostClassifier classifier, IIncidentPreview? incidents, string inputPath, string? outputPath, BatchOptions options, CancellationToken cancellationToken)
    {
        if (inputPath != "-" && !File.Exists(inputPath))
        {
            await Console.Error.WriteLineAsync($"sw classifier classify: input file '{inputPath}' does not exist").ConfigureAwait(false);
            return BadInput;
        }

        await using var reader = inputPath == "-"
            ? Console.OpenStandardInput()
            : new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var toStdout = outputPath is null or "-";
        var tmp = toStdout ? null : outputPath + ".partial";
        await using var writer = toStdout ? Console.OpenStandardOutput() : new FileStream(tmp!, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        // Alerting's view of the same run: the level each post's incident would get, and near-duplicates within the run.
        var annotator = incidents is null ? null : new IncidentFieldsAnnotator(incidents.Begin());
        // A batch is throughput, not pauses: without background (concurrent) collections the process spends less CPU
        // (a 100,000-post run about 5 % less, docs/classifier.md "Batch speed"); this verb's process ends with the batch.
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        BatchSummary summary;
        try
        {
            summary = await new BatchClassifier(classifier, annotator, options).RunAsync(reader, writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            GCSettings.LatencyMode = latency;
        }

        await writer.DisposeAsync().ConfigureAwait(false);
        if (tmp is not null)
        {
            File.Move(tmp, outputPath!, overwrite: true);
        }

        await Console.Error.WriteLineAsync($"sw classifier classify: {summary.Classified} classified, {summary.Errors} error record(s) ({summary.Lines} lines)").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    internal static string Readable(ClassificationResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"label:      {r.Label} ({r.Confidence:0.00})");
        sb.Append("scores:    ");
        foreach (var (label, p) in r.Scores.OrderByDescending(kv => kv.Value))
        {
            sb.Append(ci, $" {label} {p:0.000}");
        }

        sb.AppendLine();
        sb.AppendLine(r.Contacts.Count == 0 ? "contacts:   none" : "contacts:");
        foreach (var c in r.Contacts)
        {
            sb.AppendLine(ci, $"  - {c.Kind} {c.Value}  (written \"{c.Raw}\" at {c.Start}..{c.End})");
        }

        sb.AppendLine("reasons:");
        foreach (var reason in r.Reasons)
        {
            sb.AppendLine(ci, $"  - {reason}");
        }

        sb.AppendLine(ci, $"model:      {r.ModelVersion}");
        return sb.ToString();
    }

    /// <summary>Runs <paramref name="body"/> through the verb kernel; the feedback store is added when the verb records or reads feedback.</summary>
    private static Task<int> RunAsync(ParseResult parse, Uses uses, bool withStorage, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        Verb.RunAsync(parse.GetValue(CommandLine.ConfigDir)!, uses, body, cancellationToken,
            configure: withStorage ? builder => builder.Services.AddClassificationStorage() : null);

    /// <summary>A one-line progress bar on stderr (redrawn in place on a terminal, one line per stage otherwise).</summary>
    private sealed class ProgressBar(TextWriter writer) : IProgress<TrainingProgress>, IDisposable
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private string? _lastStage;
        private bool _open;

        public void Report(TrainingProgress value)
        {
            if (_interactive)
            {
                const int Width = 30;
                var filled = value.Total == 0 ? Width : (int)((double)value.Done / value.Total * Width);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {value.Stage,-32} {value.Done}/{value.Total}"));
                _open = true;
            }
            else if (value.Stage != _lastStage)
            {
                writer.WriteLine($"train: {value.Stage}");
            }

            _lastStage = value.Stage;
        }

        public void Finish()
        {
            if (_open)
            {
                writer.WriteLine();
                _open = false;
            }
        }

        public void Dispose() => Finish();
    }
}
