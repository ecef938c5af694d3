namespace SentimentWatch.Classifier.Contacts;

/// <summary>The shapes of mainland phone numbers, as digits only.</summary>
internal static class ContactShapes
{
    /// <summary>11 digits, 13x–19x.</summary>
    public static bool IsMobile(string d) => d.Length == 11 && d[0] == '1' && d[1] is >= '3' and <= '9';

    /// <summary>400 and 800 service numbers: 10 digits.</summary>
    public static bool IsHotline(string d) => d.Length == 10 && (d.StartsWith("400", StringComparison.Ordinal) || d.StartsWith("800", StringComparison.Ordinal));

    /// <summary>
    /// Area code and local number: 010 or 02x with 8 digits (11), 0xxx with 7 or 8 digits (11 or 12); a local
    /// number begins with 2–9.
    /// </summary>
    public static bool IsLandline(string d)
    {
        if (d.Length is < 11 or > 12 || d[0] != '0' || d[1] == '0')
        {
            return false;
        }

        var area = d[1] is '1' or '2' ? 3 : 4;
        if (d[1] == '1' && d[2] != '0')
        {
            return false;
        }

        return d.Length - area is 7 or 8 && (area == 3 ? d.Length == 11 : true) && d[area] is >= '2' and <= '9';
    }
}
