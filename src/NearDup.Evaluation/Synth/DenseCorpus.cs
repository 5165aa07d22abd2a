using System.Globalization;
using System.Text;

namespace NearDup.Evaluation.Synth;

/// <summary>
/// A reuse-dense corpus of real sentences: every document draws 15–35 sentences from one pool (MRPC's ~8,000 news
/// sentences give each sentence ~60 documents at 20,000 documents), and one document in ten is an edited copy of
/// another. Only the copies are planted reuse; sentences shared by chance are the background a tool must not
/// report as copies.
/// </summary>
/// <remarks>
/// <para>An edited copy is one of three kinds: <see cref="SynthKind.NearExact"/> (one to four words changed),
/// <see cref="SynthKind.Trimmed"/> (up to an eighth of the sentences cut at either end, up to two words changed) or
/// <see cref="SynthKind.Edited"/> (one or two sentences dropped, one to three pool sentences added, one to three
/// words changed). The truth pairs each copy with its source, and two copies of one source as
/// <see cref="SynthKind.SharedSource"/> when they keep <see cref="SyntheticCorpus.MinSharedWords"/> or more of its
/// words, as <see cref="SyntheticCorpus"/> does. Ids, <c>corpus.jsonl</c> and <c>truth.tsv</c> are as there.</para>
/// <para>The plan (sentence numbers) is made up front; <see cref="Documents"/> writes the text lazily. One seed and
/// one pool give one corpus on any machine.</para>
/// </remarks>
public sealed class DenseCorpus
{
    private static readonly SynthKind[] CopyKinds = [SynthKind.NearExact, SynthKind.Trimmed, SynthKind.Edited];

    private readonly DenseOptions _options;
    private readonly string[] _pool;
    private readonly Entry[] _entries;
    private readonly List<TruthPair> _truth = [];
    private readonly string _idFormat;

    private DenseCorpus(DenseOptions options)
    {
        _options = options;
        _pool = [.. options.Sentences];
        _idFormat = "D" + Math.Max(6, options.Count.ToString(CultureInfo.InvariantCulture).Length).ToString(CultureInfo.InvariantCulture);
        _entries = Plan(options, _pool.Length);
        AddTruth();
        PlantedCopies = _entries.Count(e => e.Source >= 0);
        CopyFamilies = _entries.Where(e => e.Source >= 0).Select(e => e.Source).Distinct().Count();
        SentenceUses = _entries.Sum(e => (long)e.Sentences.Length);
    }

    public DenseOptions Options => _options;

    public int Count => _entries.Length;

    /// <summary>Documents with at least one edited copy.</summary>
    public int CopyFamilies { get; }

    /// <summary>Edited copies in the corpus.</summary>
    public int PlantedCopies { get; }

    /// <summary>Sentences over all documents: divided by the pool's size, the documents each sentence is in.</summary>
    public long SentenceUses { get; }

    /// <summary>The truth pairs, sorted by <see cref="TruthPair.A"/> then <see cref="TruthPair.B"/>.</summary>
    public IReadOnlyList<TruthPair> Truth => _truth;

    /// <summary>The documents, written as enumerated (each enumeration writes them again, identically).</summary>
    public IEnumerable<Document> Documents
    {
        get
        {
            var builder = new StringBuilder(8192);
            var words = new List<string>(64);
            string origin = "dense:" + _options.Seed.ToString(CultureInfo.InvariantCulture);
            for (int i = 0; i < _entries.Length; i++)
            {
                yield return new Document(Id(i), Render(i, builder, words)) { Origin = origin };
            }
        }
    }

    /// <summary>Plans a corpus: validates <paramref name="options"/>, makes the truth; text comes with <see cref="Documents"/>.</summary>
    public static DenseCorpus Generate(DenseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new DenseCorpus(options);
    }

    /// <summary>
    /// Writes <c>corpus.jsonl</c> (fields <c>id</c>, <c>text</c>) and <c>truth.tsv</c> (<c>a</c>, <c>b</c>,
    /// <c>kind</c>) into <paramref name="outDir"/>, creating it.
    /// </summary>
    public static async Task<SynthSummary> WriteAsync(string outDir, DenseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outDir);
        var corpus = Generate(options);
        string corpusPath = await CorpusFiles.WriteJsonLinesAsync(corpus.Documents, outDir, cancellationToken).ConfigureAwait(false);
        string truthPath = Path.Combine(outDir, CorpusFiles.TruthName);
        await CorpusFiles.WriteTruthAsync(corpus._truth, truthPath, cancellationToken).ConfigureAwait(false);
        return new SynthSummary(corpus.Count, corpus.CopyFamilies, corpus.PlantedCopies, corpus._truth.Count, CorpusFiles.CountByKind(corpus._truth), corpusPath, truthPath);
    }

    /// <summary>
    /// The distinct sentences (trimmed, first seen first) of both sides of every pair in an MRPC file, or in every
    /// <c>.txt</c> file of an MRPC folder (train and test when both are there), read in ordinal order of name.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file, or no .txt file in the folder.</exception>
    /// <exception cref="Read.NearDupFormatException">A line is not an MRPC row.</exception>
    public static List<string> ReadSentencePool(string mrpcDirOrFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(mrpcDirOrFile);
        string[] files = Directory.Exists(mrpcDirOrFile)
            ? [.. Directory.GetFiles(mrpcDirOrFile, "*.txt").OrderBy(f => f, StringComparer.Ordinal)]
            : [mrpcDirOrFile];
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"no MRPC .txt file in {mrpcDirOrFile}");
        }

        var pairs = new List<SentencePair>();
        foreach (string file in files)
        {
            pairs.AddRange(Evaluation.MrpcEvaluator.SentencePairs(file));
        }

        return SentencePool(pairs);
    }

    /// <summary>The distinct sentences (trimmed, non-empty, first seen first) of both sides of <paramref name="pairs"/>.</summary>
    public static List<string> SentencePool(IEnumerable<SentencePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pool = new List<string>();
        foreach (var pair in pairs)
        {
            foreach (string sentence in (ReadOnlySpan<string>)[pair.A, pair.B])
            {
                string trimmed = sentence.Trim();
                if (trimmed.Length > 0 && seen.Add(trimmed))
                {
                    pool.Add(trimmed);
                }
            }
        }

        return pool;
    }

    private string Id(int position) => "d" + position.ToString(_idFormat, CultureInfo.InvariantCulture);

    // Which positions are copies and of what, and each document's sentence numbers: cheap, so done up front.
    private static Entry[] Plan(DenseOptions options, int poolSize)
    {
        int count = options.Count;
        int copies = Math.Min((int)Math.Round(count * options.CopyFraction), count - 1);
        var positions = new int[count];
        for (int i = 0; i < count; i++)
        {
            positions[i] = i;
        }

        var layout = Rng.For(options.Seed, -10);
        layout.Shuffle(positions);
        var isCopy = new bool[count];
        for (int i = 0; i < copies; i++)
        {
            isCopy[positions[i]] = true;
        }

        var entries = new Entry[count];
        var originals = new List<int>(count - copies);
        for (int p = 0; p < count; p++)
        {
            if (!isCopy[p])
            {
                var rng = Rng.For(options.Seed, p, 1);
                entries[p] = new Entry(Draw(ref rng, rng.Between(options.MinSentences, options.MaxSentences), poolSize, []), null, -1, SynthKind.Exact, 0);
                originals.Add(p);
            }
        }

        for (int p = 0; p < count; p++)
        {
            if (isCopy[p])
            {
                var rng = Rng.For(options.Seed, p, 2);
                int source = originals[rng.Next(originals.Count)];
                entries[p] = PlanCopy(ref rng, source, entries[source].Sentences, poolSize);
            }
        }

        return entries;
    }

    private static Entry PlanCopy(ref Rng rng, int source, int[] sourceSentences, int poolSize)
    {
        int n = sourceSentences.Length;
        var kept = new List<int>(n + 3); // indices into the source's sentences, -1 for an added sentence
        for (int i = 0; i < n; i++)
        {
            kept.Add(i);
        }

        var kind = CopyKinds[rng.Next(CopyKinds.Length)];
        int wordEdits;
        switch (kind)
        {
            case SynthKind.NearExact:
                wordEdits = rng.Between(1, 4);
                break;

            case SynthKind.Trimmed:
            {
                int most = Math.Max(1, n / 8);
                int dropFirst = rng.Between(0, most);
                int dropLast = rng.Between(0, most);
                if (dropFirst + dropLast == 0)
                {
                    dropLast = 1;
                }

                kept.RemoveRange(n - dropLast, dropLast);
                kept.RemoveRange(0, dropFirst);
                wordEdits = rng.Between(0, 2);
                break;
            }

            default:
            {
                int drop = rng.Between(1, 2);
                for (int d = 0; d < drop; d++)
                {
                    kept.RemoveAt(rng.Between(1, kept.Count - 1));
                }

                int add = rng.Between(1, 3);
                for (int a = 0; a < add; a++)
                {
                    kept.Insert(rng.Between(1, kept.Count), -1);
                }

                wordEdits = rng.Between(1, 3);
                break;
            }
        }

        var added = Draw(ref rng, kept.Count(k => k < 0), poolSize, sourceSentences);
        var sentences = new int[kept.Count];
        var fromSource = new int[kept.Count];
        int next = 0;
        for (int i = 0; i < kept.Count; i++)
        {
            fromSource[i] = kept[i];
            sentences[i] = kept[i] >= 0 ? sourceSentences[kept[i]] : added[next++];
        }

        return new Entry(sentences, fromSource, source, kind, wordEdits);
    }

    // Distinct pool sentences, none of them in `exclude`.
    private static int[] Draw(ref Rng rng, int count, int poolSize, int[] exclude)
    {
        var drawn = new int[count];
        for (int i = 0; i < count; i++)
        {
            int s;
            do
            {
                s = rng.Next(poolSize);
            }
            while (Array.IndexOf(drawn, s, 0, i) >= 0 || Array.IndexOf(exclude, s) >= 0);
            drawn[i] = s;
        }

        return drawn;
    }

    private void AddTruth()
    {
        var copiesBySource = new Dictionary<int, List<int>>();
        for (int p = 0; p < _entries.Length; p++)
        {
            var entry = _entries[p];
            if (entry.Source < 0)
            {
                continue;
            }

            _truth.Add(new TruthPair(Id(entry.Source), Id(p), entry.Kind));
            if (!copiesBySource.TryGetValue(entry.Source, out var copies))
            {
                copiesBySource[entry.Source] = copies = [];
            }

            foreach (int other in copies)
            {
                if (SharedWords(_entries[other], entry) >= SyntheticCorpus.MinSharedWords)
                {
                    _truth.Add(new TruthPair(Id(other), Id(p), SynthKind.SharedSource));
                }
            }

            copies.Add(p);
        }

        _truth.Sort(static (x, y) =>
        {
            int c = string.CompareOrdinal(x.A, y.A);
            return c != 0 ? c : string.CompareOrdinal(x.B, y.B);
        });
    }

    // Words of the source's sentences that both copies keep (word edits aside, as SyntheticCorpus counts).
    private int SharedWords(Entry a, Entry b)
    {
        var sourceSentences = _entries[a.Source].Sentences;
        var keptByB = new HashSet<int>(b.FromSource!.Where(k => k >= 0));
        int words = 0;
        foreach (int k in a.FromSource!)
        {
            if (k >= 0 && keptByB.Contains(k))
            {
                words += WordCount(_pool[sourceSentences[k]]);
            }
        }

        return words;
    }

    private static int WordCount(string sentence) => sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private string Render(int position, StringBuilder builder, List<string> words)
    {
        var entry = _entries[position];
        string[] sentences = new string[entry.Sentences.Length];
        for (int i = 0; i < sentences.Length; i++)
        {
            sentences[i] = _pool[entry.Sentences[i]];
        }

        var rng = Rng.For(_options.Seed, position, 3);
        for (int e = 0; e < entry.WordEdits; e++)
        {
            int at = rng.Next(sentences.Length);
            words.Clear();
            words.AddRange(sentences[at].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            EditWord(words, ref rng);
            sentences[at] = string.Join(' ', words);
        }

        // Paragraphs of one to three sentences, as news is laid out.
        builder.Clear();
        int inParagraph = 0, paragraphSize = rng.Between(1, 3);
        for (int i = 0; i < sentences.Length; i++)
        {
            if (i > 0)
            {
                if (inParagraph == paragraphSize)
                {
                    builder.Append("\n\n");
                    inParagraph = 0;
                    paragraphSize = rng.Between(1, 3);
                }
                else
                {
                    builder.Append(' ');
                }
            }

            builder.Append(sentences[i]);
            inParagraph++;
        }

        return builder.ToString();
    }

    /// <summary>One word edit away from the sentence's first and last word: another pool word in place, one inserted, or one deleted.</summary>
    private void EditWord(List<string> words, ref Rng rng)
    {
        string replacement = PoolWord(ref rng);
        if (words.Count < 4)
        {
            words.Insert(words.Count - 1, replacement);
            return;
        }

        int at = rng.Between(1, words.Count - 2);
        double r = rng.NextDouble();
        if (r < 0.6)
        {
            words[at] = replacement == words[at] ? replacement + "s" : replacement;
        }
        else if (r < 0.8 || words.Count < 8)
        {
            words.Insert(at, replacement);
        }
        else
        {
            words.RemoveAt(at);
        }
    }

    // A word of a random pool sentence, without its punctuation: real vocabulary at real frequencies.
    private string PoolWord(ref Rng rng)
    {
        string[] words = _pool[rng.Next(_pool.Length)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string word = words[rng.Next(words.Length)].Trim('"', '\'', ',', '.', ';', ':', '(', ')', '!', '?');
        return word.Length > 0 ? word : "also";
    }

    /// <summary>One document's plan: pool sentence numbers; for a copy, its source's position, what it kept (index into the source's sentences, -1 added) and its kind.</summary>
    private sealed record Entry(int[] Sentences, int[]? FromSource, int Source, SynthKind Kind, int WordEdits);
}
