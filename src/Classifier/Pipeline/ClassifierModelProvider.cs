using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Contacts;
using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Normalisation;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// Builds the classifier's parts from configuration: the normaliser (OpenCC + variant tables), the contact extractor,
/// the feature extractor, and — on first use — the trained model. A missing or corrupt model surfaces as a
/// <see cref="ModelUnavailableException"/> that names the file and <c>sw train</c>, never as a default label.
/// </summary>
internal sealed class ClassifierModelProvider
{
    private readonly PathsOptions _paths;
    private readonly ClassifierOptions _options;
    private readonly ITextSegmenter _segmenter;
    private readonly ILogger<ClassifierModelProvider> _logger;
    private readonly Lazy<TextNormaliser> _normaliser;
    private readonly Lazy<ContactCharTable> _contactChars;
    private readonly Lazy<PostClassifier> _classifier;

    public ClassifierModelProvider(IOptions<PathsOptions> paths, IOptions<ClassifierOptions> options, ExamSchedule schedule, ITextSegmenter segmenter, ILogger<ClassifierModelProvider> logger)
    {
        Schedule = schedule;
        _paths = paths.Value;
        _options = options.Value;
        _segmenter = segmenter;
        _logger = logger;
        _normaliser = new Lazy<TextNormaliser>(LoadNormaliser);
        _contactChars = new Lazy<ContactCharTable>(() => ContactCharTable.Load(Resolve(_options.ContactCharsFile)));
        _classifier = new Lazy<PostClassifier>(LoadClassifier);
    }

    public string ModelPath => Resolve(_options.ModelFile);

    public string ManifestPath => Resolve(_options.ManifestFile);

    public string VariantsPath => Resolve(_options.VariantsFile);

    public ClassifierOptions Options => _options;

    public TextNormaliser Normaliser => _normaliser.Value;

    /// <summary>The contact character table (<c>Classifier:ContactCharsFile</c>), loaded on first use.</summary>
    public ContactCharTable ContactChars => _contactChars.Value;

    public ContactExtractor Contacts => new(Normaliser, ContactChars);

    public string SegmenterName => _segmenter.GetType().FullName ?? _segmenter.GetType().Name;

    /// <summary>The classifier, loading the model on first use; throws <see cref="ModelUnavailableException"/> if it cannot.</summary>
    public PostClassifier Classifier => _classifier.Value;

    public string Resolve(string file) => Path.IsPathRooted(file) ? file : _paths.ModelPath(file);

    public FeatureExtractor CreateExtractor(FeatureSpec spec) => new(
        spec, Normaliser, Contacts, _segmenter, Schedule, _options.ExamLead, _options.ExamTrail, _options.MaxAnalysedChars);

    /// <summary>The sittings and sessions the timing features use (Core's <c>Calendar</c>).</summary>
    public ExamSchedule Schedule { get; }

    public FeatureSpec TrainingSpec() => new(_options.Training.HashBits, _options.Training.CharNgramMax, WordBigrams: true, SegmenterName, _options.Training.EngineeredFeatureValue, _options.Training.TimingFeatureValue)
    {
        Words = _options.Training.WordFeatures,
    };

    private TextNormaliser LoadNormaliser()
    {
        var openCc = OpenCcTable.Load(Resolve(_options.OpenCcDirectory));
        var variants = VariantTable.Load(VariantsPath);
        return new TextNormaliser(openCc, variants);
    }

    private PostClassifier LoadClassifier()
    {
        var sw = Stopwatch.StartNew();
        var manifest = ModelFiles.ReadManifest(ManifestPath);
        if (!string.Equals(manifest.Features.Segmenter, SegmenterName, StringComparison.Ordinal))
        {
            throw ModelUnavailableException.For(ModelPath, $"was trained with segmenter {manifest.Features.Segmenter} but this host segments with {SegmenterName}");
        }

        BlendedModel model;
        try
        {
            model = ModelFiles.LoadBlended(ModelPath, manifest);
        }
        catch (InvalidDataException ex)
        {
            throw ModelUnavailableException.For(ModelPath, ex.Message, ex);
        }

        if (File.Exists(VariantsPath) && !string.Equals(ModelFiles.FileSha256(VariantsPath), manifest.VariantsSha256, StringComparison.Ordinal))
        {
            ClassifierLog.VariantsChanged(_logger, VariantsPath);
        }

        var classifier = new PostClassifier(model, manifest, CreateExtractor(manifest.Features), _options.MaxReasons);
        ClassifierLog.ModelLoaded(_logger, manifest.ModelVersion, ModelPath, sw.ElapsedMilliseconds);
        return classifier;
    }
}
