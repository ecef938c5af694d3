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
    public const int Count = 33;

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
    ];

    public static string Describe(int feature) => (uint)feature < (uint)Names.Length ? Names[feature] : $"#{feature}";
}
