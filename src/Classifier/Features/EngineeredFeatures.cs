namespace SentimentWatch.Classifier.Features;

/// <summary>Hand-made signals appended after the hashed n-gram block, one fixed slot each.</summary>
internal static class EngineeredFeatures
{
    public const int ContactAny = 0;
    public const int ContactQq = 1;
    public const int ContactWeChat = 2;
    public const int ContactMobile = 3;
    public const int ContactUrl = 4;
    public const int ContactTelegram = 5;
    public const int ContactEmail = 6;
    public const int Price = 7;
    public const int Evasion = 8;
    public const int EvasionMany = 9;
    public const int OptionLetters = 10;
    public const int QuestionNumber = 11;
    // Reserved: the plain before/during/after signals are no longer emitted (see FeatureExtractor.AddTiming); their
    // slots stay so later slot numbers do not move.
    public const int BeforeExam = 12;
    public const int DuringExam = 13;
    public const int AfterExam = 14;
    public const int Short = 15;
    public const int Long = 16;
    public const int ReportOrWarning = 17;
    public const int Question = 18;
    public const int PoliceOrCourt = 19;
    public const int Warning = 20;
    public const int ScamWords = 21;
    public const int ReportedIt = 22;
    public const int Debunk = 23;
    public const int AsksIfScam = 24;
    public const int AsksIfTrue = 25;
    public const int AfterAllSittings = 26;
    public const int Free = 27;
    public const int Quotation = 28;
    public const int ContactOnlyInQuotation = 29;
    public const int ContactWithReporting = 30;
    public const int PriceWithReporting = 31;
    public const int SellerPitch = 32;

    // Timing against the exam sittings: only conjunctions with what the post says (see FeatureExtractor.AddTiming).
    public const int QuestionContentDuring = 33;
    public const int QuestionContentBefore = 34;
    public const int QuestionContentAfter = 35;
    public const int OfferNearSitting = 36;

    // Registers that separate talk about the exam from the harm itself (post-exam talk, exposés, "is this real?").
    public const int PostExamRegister = 37;
    public const int LaterSittingPending = 38;
    public const int ExposeRegister = 39;
    public const int AsksAboutReceivedMessage = 40;
    public const int DeviceInReport = 41;
    public const int Count = 42;

    private static readonly string[] Names =
    [
        "contact present", "QQ contact", "WeChat contact", "mobile number", "URL", "Telegram contact", "e-mail",
        "price mentioned", "evasive spelling", "several evasive spellings", "answer-option letters", "question numbers",
        "days before an exam sitting", "during an exam sitting", "days after an exam sitting", "very short post", "long post",
        "reports, warns or debunks", "asks a question",
        "police, court or news register", "warning register", "calls it a scam", "poster reported or refused it", "debunks a claim",
        "asks whether it is a scam or legal", "asks whether a claim is true", "after all sittings ended", "free of charge",
        "quotes someone", "contact only inside a quotation", "contact in a report or warning", "price in a report or warning",
        "seller's pitch (guarantee, limited places, private message)",
        "question content during an exam sitting", "question content days before an exam sitting",
        "question content after the sitting ended", "offer (price, contact, pitch) before or during an exam sitting",
        "post-exam register (just finished, comparing answers, estimating scores)", "a later sitting has not sat yet",
        "expose or investigation register", "asks about a message the poster received",
        "cheating device or proxy named in a report, notice or expose",
    ];

    /// <summary>The timing conjunctions, valued by <see cref="FeatureSpec.TimingValue"/>.</summary>
    public static bool IsTiming(int feature) => feature is >= QuestionContentDuring and <= OfferNearSitting;

    public static string Describe(int feature) => (uint)feature < (uint)Names.Length ? Names[feature] : $"#{feature}";
}
