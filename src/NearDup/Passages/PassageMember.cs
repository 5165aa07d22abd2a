namespace NearDup.Passages;

/// <summary>Where a reprinted passage lies in one document.</summary>
/// <param name="Document">Ordinal of the document.</param>
/// <param name="Span">UTF-16 offsets <c>[start, end)</c> into the document's original text.</param>
/// <param name="FirstToken">Index of the passage's first token.</param>
/// <param name="EndToken">Index one past its last token.</param>
internal readonly record struct PassageMember(int Document, TextSpan Span, int FirstToken, int EndToken)
{
    /// <summary>Tokens in the passage.</summary>
    public int Tokens => EndToken - FirstToken;
}
