using System.Globalization;
using System.Text;

namespace NearDup.Evaluation.Synth;

/// <summary>
/// A generated news-like corpus with planted text reuse and its ground truth: which document pairs share reused
/// text, and how (<see cref="SynthKind"/>).
/// </summary>
/// <remarks>
/// <para>Base texts come from a grammar over a built-in Zipfian vocabulary (see <c>Prose</c>); some bases get a
/// family of derivations (exact, near-exact, trimmed, edited, furniture, excerpt, shuffled). Within a family,
/// the base and each derivation are a truth pair of the derivation's kind; two derivations are a
/// <see cref="SynthKind.SharedSource"/> pair when they keep at least 20 words of the same base sentences. Some
/// bases are hidden (not in the corpus). Documents are in shuffled order with ids <c>d000000</c>, <c>d000001</c>...</para>
/// <para>The plan and the truth are made up front from the shape of each text (cheap); <see cref="Documents"/>
/// writes the text lazily, so memory does not grow with the corpus. A seed gives the same corpus on any machine.</para>
/// </remarks>
public sealed class SyntheticCorpus
{
    /// <summary>Least shared words for two derivations of one base to count as a pair.</summary>
    public const int MinSharedWords = 20;

    private readonly SynthOptions _options;
    private readonly Family[] _families;
    private readonly (int Family, int Member)[] _entries;
    private readonly string[] _teasers;
    private readonly List<TruthPair> _truth = [];
    private readonly string _idFormat;
    private readonly int[] _plantedPositions; // per planted article pair: original, other

    private SyntheticCorpus(SynthOptions options)
    {
        _options = options;
        _idFormat = "D" + Math.Max(6, options.Count.ToString(CultureInfo.InvariantCulture).Length).ToString(CultureInfo.InvariantCulture);
        _families = PlanFamilies(options);
        _entries = Shuffle(options, _families, out _plantedPositions);
        var teaserRng = Rng.For(options.Seed, -1);
        _teasers = new string[400];
        for (int i = 0; i < _teasers.Length; i++)
        {
            _teasers[i] = Prose.Teaser(ref teaserRng);
        }

        foreach (var family in _families)
        {
            AddTruth(family);
        }

        for (int k = 0; k < options.Paraphrases.Count; k++)
        {
            var kind = options.Paraphrases[k].Rewrite ? SynthKind.Paraphrase : SynthKind.HardNegative;
            _truth.Add(new TruthPair(Id(_plantedPositions[2 * k]), Id(_plantedPositions[(2 * k) + 1]), kind));
        }

        _truth.Sort(static (x, y) =>
        {
            int c = string.CompareOrdinal(x.A, y.A);
            return c != 0 ? c : string.CompareOrdinal(x.B, y.B);
        });
        CopyFamilies = _families.Count(f => f.Plans.Length > 0);
        PlantedCopies = _families.Sum(f => f.Plans.Length);
    }

    public SynthOptions Options => _options;

    public int Count => _entries.Length;

    /// <summary>Bases with at least one derivation.</summary>
    public int CopyFamilies { get; }

    /// <summary>Derived documents in the corpus.</summary>
    public int PlantedCopies { get; }

    /// <summary>The truth pairs, sorted by <see cref="TruthPair.A"/> then <see cref="TruthPair.B"/>.</summary>
    public IReadOnlyList<TruthPair> Truth => _truth;

    /// <summary>The documents, written as enumerated (each enumeration writes them again, identically).</summary>
    public IEnumerable<Document> Documents
    {
        get
        {
            var builder = new StringBuilder(8192);
            for (int i = 0; i < _entries.Length; i++)
            {
                yield return DocumentAt(i, builder);
            }
        }
    }

    /// <summary>Plans a corpus: validates <paramref name="options"/>, makes the truth; text comes with <see cref="Documents"/>.</summary>
    public static SyntheticCorpus Generate(SynthOptions? options = null)
    {
        options ??= new SynthOptions();
        options.Validate();
        return new SyntheticCorpus(options);
    }

    /// <summary>
    /// Writes <c>corpus.jsonl</c> (fields <c>id</c>, <c>text</c>) and <c>truth.tsv</c> (<c>a</c>, <c>b</c>,
    /// <c>kind</c>) into <paramref name="outDir"/>, creating it.
    /// </summary>
    public static async Task<SynthSummary> WriteAsync(string outDir, SynthOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outDir);
        var corpus = Generate(options);
        string corpusPath = await CorpusFiles.WriteJsonLinesAsync(corpus.Documents, outDir, cancellationToken).ConfigureAwait(false);
        string truthPath = Path.Combine(outDir, CorpusFiles.TruthName);
        await CorpusFiles.WriteTruthAsync(corpus._truth, truthPath, cancellationToken).ConfigureAwait(false);
        return corpus.Summary(corpusPath, truthPath);
    }

    /// <summary>Writes the corpus as JSON Lines, one <c>{"id":...,"text":...}</c> per line.</summary>
    public async Task WriteJsonLinesAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await CorpusFiles.WriteJsonLinesAsync(Documents, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one <c>{id}.txt</c> per document into <paramref name="folder"/> and <c>truth.tsv</c> beside them.</summary>
    public async Task<SynthSummary> WriteTextFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string documents = Path.Combine(folder, "docs");
        Directory.CreateDirectory(documents);
        foreach (var document in Documents)
        {
            await File.WriteAllTextAsync(Path.Combine(documents, document.Id + ".txt"), document.Text, cancellationToken).ConfigureAwait(false);
        }

        string truthPath = Path.Combine(folder, "truth.tsv");
        await CorpusFiles.WriteTruthAsync(_truth, truthPath, cancellationToken).ConfigureAwait(false);
        return Summary(documents, truthPath);
    }

    /// <summary>Writes the truth as TSV with a header: <c>a</c>, <c>b</c>, <c>kind</c>.</summary>
    public async Task WriteTruthAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await CorpusFiles.WriteTruthAsync(_truth, writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a truth TSV written by <see cref="WriteTruthAsync(TextWriter, CancellationToken)"/>.</summary>
    /// <exception cref="Read.NearDupFormatException">A line is not <c>a, b, kind</c> with a known kind.</exception>
    public static IReadOnlyList<TruthPair> ReadTruth(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var pairs = new List<TruthPair>();
        long line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0 || line == 1 && text.StartsWith("a\tb", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = text.Split('\t');
            if (fields.Length != 3 || fields[0].Length == 0 || fields[1].Length == 0 || !TruthPair.TryParseKind(fields[2], out var kind))
            {
                throw new Read.NearDupFormatException(new Read.InputProblem(path, line, null, "expected a truth row: a<TAB>b<TAB>kind with a known kind"));
            }

            pairs.Add(new TruthPair(fields[0], fields[1], kind));
        }

        return pairs;
    }

    private SynthSummary Summary(string corpusPath, string truthPath)
    {
        return new SynthSummary(Count, CopyFamilies, PlantedCopies, _truth.Count, CorpusFiles.CountByKind(_truth), corpusPath, truthPath);
    }

    /// <summary>Each document's family (its base's index), for tests that must tell related from unrelated.</summary>
    internal Dictionary<string, int> FamilyIds()
    {
        var families = new Dictionary<string, int>(_entries.Length, StringComparer.Ordinal);
        for (int i = 0; i < _entries.Length; i++)
        {
            families[Id(i)] = _entries[i].Family;
        }

        return families;
    }

    private string Id(int position) => "d" + position.ToString(_idFormat, CultureInfo.InvariantCulture);

    private Document DocumentAt(int position, StringBuilder builder)
    {
        var (f, member) = _entries[position];
        if (f >= _families.Length)
        {
            var article = _options.Paraphrases[f - _families.Length];
            return new Document(Id(position), member == 0 ? article.Original : article.Other) { Origin = "synth:" + _options.Seed.ToString(CultureInfo.InvariantCulture) };
        }

        var family = _families[f];
        var shape = family.Shape;
        if (shape is null)
        {
            var shapeRng = Rng.For(_options.Seed, f, 1);
            shape = SynthStructure.Draw(ref shapeRng, _options.MeanSentences);
        }

        var text = Prose.Write(Rng.For(_options.Seed, f, 2), shape);
        if (member > 0)
        {
            var plan = family.Plans[member - 1];
            long seed = _options.Seed;
            int meanSentences = _options.MeanSentences;
            text = Derivations.Apply(
                text,
                plan,
                Rng.For(seed, f, 4, member),
                () =>
                {
                    var hostRng = Rng.For(seed, f, 5, member);
                    var hostShape = SynthStructure.Draw(ref hostRng, Math.Max(5, meanSentences * 3 / 4));
                    return Prose.Write(Rng.For(seed, f, 6, member), hostShape, asNew: true);
                },
                _teasers);
        }

        return new Document(Id(position), text.Render(builder)) { Origin = "synth:" + _options.Seed.ToString(CultureInfo.InvariantCulture) };
    }

    private void AddTruth(Family family)
    {
        if (family.Plans.Length == 0)
        {
            return;
        }

        var positions = family.Positions;
        for (int m = 1; m < positions.Length; m++)
        {
            var plan = family.Plans[m - 1];
            if (positions[0] >= 0)
            {
                _truth.Add(new TruthPair(Id(positions[0]), Id(positions[m]), plan.Kind));
            }

            for (int o = 1; o < m; o++)
            {
                var other = family.Plans[o - 1];
                if (SharedWords(family.Shape!, plan.Kept, other.Kept) >= MinSharedWords)
                {
                    var kind = plan.Kind == SynthKind.Exact && other.Kind == SynthKind.Exact ? SynthKind.Exact : SynthKind.SharedSource;
                    _truth.Add(new TruthPair(Id(positions[o]), Id(positions[m]), kind));
                }
            }
        }
    }

    private static int SharedWords(SynthStructure shape, int[] a, int[] b)
    {
        int i = 0, j = 0, words = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                words += shape.SentenceLengths[a[i]];
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return words;
    }

    private static Family[] PlanFamilies(SynthOptions options)
    {
        var rng = Rng.For(options.Seed, -2);
        int total = options.Count - (2 * options.Paraphrases.Count); // planted article pairs take the rest
        int derivedLeft = (int)Math.Round(total * options.CopyFraction);
        int used = 0;
        var families = new List<Family>();
        while (derivedLeft > 0)
        {
            double r = rng.NextDouble();
            int size = Math.Min(derivedLeft, r < 0.55 ? 1 : r < 0.85 ? 2 : 3);
            bool hidden = size >= 2 && rng.Chance(options.HiddenSourceFraction);
            if (!hidden && used + size + 1 > total)
            {
                if (size < 2)
                {
                    break; // no room left for a base: the rest are plain documents
                }

                hidden = true;
            }

            int index = families.Count;
            var shapeRng = Rng.For(options.Seed, index, 1);
            var shape = SynthStructure.Draw(ref shapeRng, options.MeanSentences);
            var plans = new MemberPlan[size];
            for (int m = 0; m < size; m++)
            {
                plans[m] = Derivations.Plan(rng.Pick(options.Kinds), shape, Rng.For(options.Seed, index, 3, m + 1));
            }

            families.Add(new Family(shape, plans, hidden));
            used += size + (hidden ? 0 : 1);
            derivedLeft -= size;
        }

        while (used < total)
        {
            families.Add(new Family(null, [], Hidden: false));
            used++;
        }

        return [.. families];
    }

    // Planted article pairs enter as families past the generated ones, members 0 (original) and 1 (other).
    private static (int Family, int Member)[] Shuffle(SynthOptions options, Family[] families, out int[] plantedPositions)
    {
        var entries = new List<(int Family, int Member)>(options.Count);
        for (int k = 0; k < options.Paraphrases.Count; k++)
        {
            entries.Add((families.Length + k, 0));
            entries.Add((families.Length + k, 1));
        }

        for (int f = 0; f < families.Length; f++)
        {
            if (!families[f].Hidden)
            {
                entries.Add((f, 0));
            }

            for (int m = 1; m <= families[f].Plans.Length; m++)
            {
                entries.Add((f, m));
            }
        }

        var rng = Rng.For(options.Seed, -3);
        rng.Shuffle(entries);
        plantedPositions = new int[2 * options.Paraphrases.Count];
        for (int position = 0; position < entries.Count; position++)
        {
            var (f, m) = entries[position];
            if (f >= families.Length)
            {
                plantedPositions[(2 * (f - families.Length)) + m] = position;
            }
            else
            {
                families[f].Positions[m] = position;
            }
        }

        return [.. entries];
    }

    private sealed record Family(SynthStructure? Shape, MemberPlan[] Plans, bool Hidden)
    {
        /// <summary>Position in the corpus of the base (member 0; -1 when hidden) and of each derivation.</summary>
        public int[] Positions { get; } = Init(Plans.Length + 1);

        private static int[] Init(int length)
        {
            var positions = new int[length];
            Array.Fill(positions, -1);
            return positions;
        }
    }
}
