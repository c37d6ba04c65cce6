namespace Vividly.Hub.Shared;

/// <summary>
/// Which characters the hub stores. PostgreSQL refuses NUL in text and every JSON writer has to
/// mangle a lone surrogate, so both are refused up front, the same for every store.
/// </summary>
public static class TextRules
{
    /// <summary>Every surrogate is half of a pair: the text encodes to UTF-8 and back unchanged.</summary>
    public static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i])) continue;
            if (!char.IsHighSurrogate(value[i]) || i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
            i++;
        }
        return true;
    }

    /// <summary>No control characters (C0, DEL, C1); a multi-line field may hold tab, line feed and carriage return.</summary>
    public static bool HasNoControls(string value, bool multiline = false)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && !(multiline && (c is '\t' or '\n' or '\r'))) return false;
        }
        return true;
    }

    /// <summary>
    /// The rule a publish's user_id follows (<see cref="PublishValidator"/> checks it part by part,
    /// to say which part failed), applied whole to a token's subject.
    /// </summary>
    public static bool IsUserId(string? value) =>
        !string.IsNullOrWhiteSpace(value) && IsWellFormed(value) && HasNoControls(value);
}
