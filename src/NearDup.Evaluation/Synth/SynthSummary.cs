namespace NearDup.Evaluation.Synth;

/// <summary>What <see cref="SyntheticCorpus.WriteAsync"/> wrote.</summary>
public sealed record SynthSummary(
    int Documents,
    int CopyFamilies,
    int PlantedCopies,
    int TruthPairs,
    IReadOnlyDictionary<SynthKind, int> PairsByKind,
    string CorpusPath,
    string TruthPath);
