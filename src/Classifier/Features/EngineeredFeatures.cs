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
    public const int Count = 19;

    private static readonly string[] Names =
    [
        "contact present", "QQ contact", "WeChat contact", "mobile number", "URL", "Telegram contact", "e-mail",
        "price mentioned", "evasive spelling", "several evasive spellings", "answer-option letters", "question numbers",
        "days before an exam sitting", "during an exam sitting", "days after an exam sitting", "very short post", "long post",
        "reports, warns or debunks", "asks a question",
    ];

    public static string Describe(int feature) => (uint)feature < (uint)Names.Length ? Names[feature] : $"#{feature}";
}
