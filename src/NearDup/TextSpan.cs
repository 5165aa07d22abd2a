namespace NearDup;

/// <summary>A half-open range <c>[Start, End)</c> of UTF-16 offsets into a document's original text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public bool IsEmpty => End <= Start;

    public bool Contains(int offset) => offset >= Start && offset < End;

    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;

    public ReadOnlySpan<char> Slice(string text) => text.AsSpan(Start, End - Start);

    public override string ToString() => $"[{Start}, {End})";
}
