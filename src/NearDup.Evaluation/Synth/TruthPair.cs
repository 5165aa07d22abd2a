namespace NearDup.Evaluation.Synth;

/// <summary>An unordered pair of documents that share reused text, with how; <see cref="A"/> sorts before <see cref="B"/> (ordinal).</summary>
public readonly record struct TruthPair
{
    public TruthPair(string a, string b, SynthKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(a);
        ArgumentException.ThrowIfNullOrEmpty(b);
        (A, B) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
        Kind = kind;
    }

    public string A { get; }

    public string B { get; }

    public SynthKind Kind { get; }

    /// <summary>The kind's name in truth files: exact, near-exact, trimmed, edited, furniture, excerpt, shuffled, shared-source, paraphrase, hard-negative.</summary>
    public static string KindName(SynthKind kind) => kind switch
    {
        SynthKind.Exact => "exact",
        SynthKind.NearExact => "near-exact",
        SynthKind.Trimmed => "trimmed",
        SynthKind.Edited => "edited",
        SynthKind.Furniture => "furniture",
        SynthKind.Excerpt => "excerpt",
        SynthKind.Shuffled => "shuffled",
        SynthKind.SharedSource => "shared-source",
        SynthKind.Paraphrase => "paraphrase",
        SynthKind.HardNegative => "hard-negative",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    /// <summary>Parses a name written by <see cref="KindName"/>.</summary>
    public static bool TryParseKind(string name, out SynthKind kind)
    {
        foreach (var candidate in Enum.GetValues<SynthKind>())
        {
            if (string.Equals(KindName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Whether the pair is reuse to be found (every kind but <see cref="SynthKind.HardNegative"/>).</summary>
    public bool IsReuse => Kind != SynthKind.HardNegative;

    public override string ToString() => $"{A}\t{B}\t{KindName(Kind)}";
}
