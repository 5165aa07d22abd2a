namespace NearDup.Evaluation.Synth;

/// <summary>Scores reported document pairs against the truth of a synthetic corpus: precision, recall, recall per kind.</summary>
public static class SynthScore
{
    /// <summary>
    /// Scores <paramref name="reported"/> (unordered pairs; duplicates and self pairs ignored) against <paramref name="truth"/>.
    /// Truth pairs of kind <see cref="SynthKind.HardNegative"/> are negatives: reported, they are false positives,
    /// and their <see cref="KindScore.Found"/> counts how many were flagged.
    /// </summary>
    public static SynthScoreResult Score(IEnumerable<TruthPair> truth, IEnumerable<(string A, string B)> reported)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(reported);
        var truthKinds = new Dictionary<(string, string), SynthKind>();
        foreach (var pair in truth)
        {
            truthKinds.TryAdd((pair.A, pair.B), pair.Kind);
        }

        var seen = new HashSet<(string, string)>();
        var found = new Dictionary<SynthKind, int>();
        int truePositives = 0, falsePositives = 0;
        foreach (var (a, b) in reported)
        {
            if (a is null || b is null || a == b)
            {
                continue;
            }

            var key = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
            if (!seen.Add(key))
            {
                continue;
            }

            if (truthKinds.TryGetValue(key, out var kind))
            {
                // A hard negative reported is a false positive; its per-kind "found" counts the flagged ones.
                truePositives += kind == SynthKind.HardNegative ? 0 : 1;
                falsePositives += kind == SynthKind.HardNegative ? 1 : 0;
                found[kind] = found.GetValueOrDefault(kind) + 1;
            }
            else
            {
                falsePositives++;
            }
        }

        var totals = new Dictionary<SynthKind, int>();
        int positives = 0;
        foreach (var kind in truthKinds.Values)
        {
            totals[kind] = totals.GetValueOrDefault(kind) + 1;
            positives += kind == SynthKind.HardNegative ? 0 : 1;
        }

        var perKind = new List<KindScore>();
        foreach (var kind in Enum.GetValues<SynthKind>())
        {
            if (totals.TryGetValue(kind, out int total))
            {
                perKind.Add(new KindScore(kind, total, found.GetValueOrDefault(kind)));
            }
        }

        return new SynthScoreResult(truePositives, falsePositives, positives - truePositives, perKind);
    }

    /// <summary>
    /// Reads reported pairs: the first two fields of each line, split on tab (or comma when the line has no tab);
    /// the first line is a header and skipped unless <paramref name="hasHeader"/> is false.
    /// </summary>
    public static IEnumerable<(string A, string B)> ReadPairs(TextReader reader, bool hasHeader = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        bool first = true;
        while (reader.ReadLine() is { } line)
        {
            if (first && hasHeader)
            {
                first = false;
                continue;
            }

            first = false;
            char separator = line.Contains('\t') ? '\t' : ',';
            string[] fields = line.Split(separator);
            if (fields.Length >= 2 && fields[0].Length > 0 && fields[1].Length > 0)
            {
                yield return (fields[0].Trim().Trim('"'), fields[1].Trim().Trim('"'));
            }
        }
    }
}
