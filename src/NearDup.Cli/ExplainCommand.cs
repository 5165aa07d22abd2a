using System.CommandLine;
using System.Globalization;
using NearDup.Align;
using NearDup.Fingerprint;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Semantic;
using NearDup.Text;

namespace NearDup.Cli;

/// <summary>
/// <c>neardup explain A B</c>: why two documents are or are not related, test by test, from the engine's own stages
/// (fingerprint, align, relate, semantic relater) and the scan's verdict on the pair.
/// </summary>
internal static class ExplainCommand
{
    private const int ShownChars = 240;

    public static Command Create()
    {
        var first = new Argument<string>("a") { Description = "A document id of --corpus (or a unique prefix of one) or of --index, or a file." };
        var second = new Argument<string>("b") { Description = "The other document, as for a." };
        var corpus = new Option<string?>("--corpus", "-c") { Description = "The corpus the ids are in (anything neardup scan reads). Without it or --index, a and b are files of one document each." };
        var index = new Option<string?>("--index", "--store") { Description = "The index the ids are in (a folder, or redis://host:port[,host:port...][/prefix]), as neardup index takes it; the relation it recorded is shown beside the explanation." };
        var preset = new Option<string>("--preset") { Description = "Settings to judge by, as for neardup scan.", DefaultValueFactory = _ => Presets.DefaultName };
        preset.AcceptOnlyFromAmong([.. Presets.ByName.Keys]);
        var semantic = new Option<string?>("--semantic") { Description = "Meaning-level matching: minilm, static or off. Default: the preset's." };
        semantic.AcceptOnlyFromAmong(Presets.SemanticModes);
        var fields = ReaderFields.Create();
        var command = new Command("explain", "Explain why two documents are or are not related: shingles, Jaccard, containment, aligned passages, sentence pairs, and each test with its threshold.")
        {
            first, second, corpus, index, preset, semantic,
        };
        fields.AddTo(command);
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            var options = Presets.ByName[parse.GetValue(preset)!];
            if (parse.GetValue(semantic) is { } mode)
            {
                options = Presets.WithSemantic(options, mode, null);
            }

            options = options with { Progress = null };
            string a = parse.GetValue(first)!, b = parse.GetValue(second)!;
            (Document A, Document B) pair;
            string? recorded = null;
            // Where the ids are: the command line's --corpus or --index wins over a settings file's; two files named
            // on the command line alone are compared as files.
            string? corpusPath = parse.GetValue(corpus), indexPath = parse.GetValue(index);
            bool corpusGiven = parse.OnCommandLine(corpus), indexGiven = parse.OnCommandLine(index);
            if (!corpusGiven && !indexGiven && File.Exists(a) && File.Exists(b))
            {
                (corpusPath, indexPath) = (null, null);
            }
            else if (corpusGiven && !indexGiven)
            {
                indexPath = null;
            }
            else if (indexGiven && !corpusGiven)
            {
                corpusPath = null;
            }

            try
            {
                if (indexPath is not null)
                {
                    if (corpusPath is not null)
                    {
                        throw new InvalidDataException("give --corpus or --index, not both");
                    }

                    using var opened = await IndexCommand.OpenAsync(indexPath, cancellationToken).ConfigureAwait(false);
                    if (opened is null)
                    {
                        return ExitCodes.Failed;
                    }

                    pair = (await FromIndexAsync(opened, a, indexPath, cancellationToken).ConfigureAwait(false), await FromIndexAsync(opened, b, indexPath, cancellationToken).ConfigureAwait(false));
                    recorded = await RecordedAsync(opened, a, b, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    pair = await FindAsync(a, b, corpusPath, fields.Options(parse), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is FileNotFoundException or KeyNotFoundException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync("neardup explain: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var verdict = await new NearDupScanner(options).CompareAsync(pair.A, pair.B, cancellationToken).ConfigureAwait(false);
            var output = Console.Out;
            Explain(pair.A, pair.B, verdict, options, output, recorded);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes the explanation of <paramref name="a"/> and <paramref name="b"/> given the scan's <paramref name="verdict"/>.</summary>
    /// <param name="recorded">What an index recorded of the pair, shown under the verdict; null for none.</param>
    internal static void Explain(Document a, Document b, DocumentRelation verdict, ScanOptions options, TextWriter output, string? recorded = null)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"A: {a.Id} ({a.Text.Length:N0} characters{(a.Origin is null ? string.Empty : ", " + a.Origin)})"));
        output.WriteLine(string.Create(inv, $"B: {b.Id} ({b.Text.Length:N0} characters{(b.Origin is null ? string.Empty : ", " + b.Origin)})"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Verdict: {(verdict.Kind == RelationKind.None ? "not related" : WireText.Of(verdict.Kind))}{Direction(verdict.Direction)}"));
        output.WriteLine(string.Create(inv, $"  {verdict.Reason}"));
        if (recorded is not null)
        {
            output.WriteLine("  " + recorded);
        }

        output.WriteLine();

        var tokensA = Tokenizer.Tokenize(a.Text);
        var tokensB = Tokenizer.Tokenize(b.Text);
        bool lexical = Lexical(a, b, tokensA, tokensB, options, output);
        Semantic(a, b, verdict, options, lexical, output);
    }

    private static bool Lexical(Document a, Document b, Token[] tokensA, Token[] tokensB, ScanOptions options, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var fingerprinter = new Fingerprinter(options.Fingerprint);
        var fa = fingerprinter.Compute(tokensA);
        var fb = fingerprinter.Compute(tokensB);
        int k = options.Fingerprint.ShingleSize;
        ulong[] shinglesA = DistinctShingles(tokensA, k), shinglesB = DistinctShingles(tokensB, k);
        int shared = LexicalOverlap.CountShared(shinglesA, shinglesB);
        int union = shinglesA.Length + shinglesB.Length - shared;
        double exact = union == 0 ? 0 : shared / (double)union;
        double estimate = MinHash.Jaccard(fa.Signature, fb.Signature);
        int sharedWinnow = LexicalOverlap.CountShared(fa.Winnow, fb.Winnow);
        double winnowContainment = Math.Min(fa.Winnow.Length, fb.Winnow.Length) == 0 ? 0 : sharedWinnow / (double)Math.Min(fa.Winnow.Length, fb.Winnow.Length);
        double copyEstimate = Math.Max(estimate, winnowContainment);

        output.WriteLine("Lexical evidence");
        output.WriteLine(string.Create(inv, $"  words: A {tokensA.Length:N0}, B {tokensB.Length:N0}; {k}-word shingles: A {shinglesA.Length:N0} distinct, B {shinglesB.Length:N0}, shared {shared:N0}"));
        output.WriteLine(string.Create(inv, $"  Jaccard: exact {exact:0.000}, MinHash estimate {estimate:0.000} ({options.Fingerprint.NumPermutations} permutations, ± {Math.Sqrt(exact * (1 - exact) / options.Fingerprint.NumPermutations):0.000})"));
        output.WriteLine(string.Create(inv, $"  containment: A in B {Share(shared, shinglesA.Length):0.000}, B in A {Share(shared, shinglesB.Length):0.000} (shingles)"));
        output.WriteLine(string.Create(inv, $"  winnow fingerprints: A {fa.Winnow.Length}, B {fb.Winnow.Length}, shared {sharedWinnow} (containment of the smaller {winnowContainment:0.000})"));
        output.WriteLine("  Candidate tests (a scan compares only candidate pairs):");
        Test(output, fa.ContentHash == fb.ContentHash, "same normalized content (content hash)", fa.ContentHash == fb.ContentHash ? "equal" : "different", "equal");
        Test(output, estimate >= options.Candidates.LshThreshold, "MinHash LSH", F(estimate), "≥ " + F(options.Candidates.LshThreshold));
        Test(output, sharedWinnow >= options.Candidates.MinSharedFingerprints && winnowContainment >= options.Candidates.MinContainment,
            "winnow index", $"{sharedWinnow} shared, containment {F(winnowContainment)}",
            $"≥ {options.Candidates.MinSharedFingerprints} shared and ≥ {F(options.Candidates.MinContainment)}");
        Test(output, fa.ContentHash == fb.ContentHash || copyEstimate >= options.CopyEstimate, "copy candidate (aligned in tree mode)", F(copyEstimate), "≥ " + F(options.CopyEstimate));

        var alignment = new Aligner(options.Align).Align(tokensA, tokensB);
        alignment = alignment.IsEmpty ? Alignment.None : alignment;
        var relation = new Relater(options.Relate).Relate(new RelateInput(0, 1, tokensA.Length, tokensB.Length, fa.ContentHash == fb.ContentHash, alignment));
        output.WriteLine(string.Create(inv, $"  Alignment: {alignment.Passages.Count} passages; A {alignment.CoverageA:P0} aligned, B {alignment.CoverageB:P0}"));
        RelateTests(output, alignment, tokensA.Length, tokensB.Length, fa.ContentHash == fb.ContentHash, options.Relate);
        output.WriteLine(string.Create(inv, $"  Lexical relation: {(relation is null ? "none" : WireText.Of(relation.Kind))}"));
        if (relation is null)
        {
            int longest = alignment.Passages.Count == 0 ? 0 : alignment.Passages.Max(p => p.MatchedTokens);
            output.WriteLine(string.Create(inv, $"  Why none: {shared} shared {k}-word shingles, and the longest aligned passage has {longest} words, fewer than the {options.Relate.MinPartialTokens} a partial relation needs."));
        }

        for (int i = 0; i < alignment.Passages.Count; i++)
        {
            var p = alignment.Passages[i];
            output.WriteLine(string.Create(inv, $"  passage {i + 1}: {WireText.Of(p.Kind)}, {p.MatchedTokens} words matched, similarity {p.Similarity:0.00}"));
            output.WriteLine(string.Create(inv, $"    A [{p.A.Start}, {p.A.End}) {Clip(p.A.Slice(a.Text))}"));
            output.WriteLine(string.Create(inv, $"    B [{p.B.Start}, {p.B.End}) {Clip(p.B.Slice(b.Text))}"));
        }

        output.WriteLine();
        return relation is not null;
    }

    private static void RelateTests(TextWriter output, Alignment alignment, int tokensA, int tokensB, bool sameContent, RelateOptions relate)
    {
        double ca = alignment.CoverageA, cb = alignment.CoverageB;
        bool aShorter = tokensA <= tokensB;
        double shorter = aShorter ? ca : cb, longer = aShorter ? cb : ca;
        int longest = alignment.Passages.Count == 0 ? 0 : alignment.Passages.Max(p => p.MatchedTokens);
        output.WriteLine("  Relation tests (first met wins):");
        Test(output, sameContent, "exact", sameContent ? "same content hash" : "different content hash", "equal");
        Test(output, ca >= relate.NearExactCoverage && cb >= relate.NearExactCoverage, "near_exact: both sides aligned", $"A {F(ca)}, B {F(cb)}", "both ≥ " + F(relate.NearExactCoverage));
        Test(output, Math.Max(ca, cb) >= relate.ContainedCoverage, "contains: one side inside the other", $"A {F(ca)}, B {F(cb)}",
            $"either ≥ {F(relate.ContainedCoverage)}");
        Test(output, shorter >= relate.SharedSourceCoverage && longer >= relate.SharedSourceLongerCoverage, "shared_source", $"shorter {F(shorter)}, longer {F(longer)}",
            $"shorter ≥ {F(relate.SharedSourceCoverage)}, longer ≥ {F(relate.SharedSourceLongerCoverage)}");
        Test(output, longest >= relate.MinPartialTokens, "partial: longest passage", $"{longest} words", $"≥ {relate.MinPartialTokens} words");
    }

    private static void Semantic(Document a, Document b, DocumentRelation verdict, ScanOptions options, bool lexical, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine("Meaning-level evidence");
        var encoder = options.Semantic.VerifyEncoder ?? options.Semantic.CandidateEncoder;
        if (encoder is null)
        {
            output.WriteLine("  not judged: the semantic stage is off (--semantic off or a lexical preset)");
            return;
        }

        if (lexical)
        {
            output.WriteLine("  the scan judges meaning only for pairs with no lexical relation; the figures below are for information");
        }

        var semanticA = SemanticDocument.Create(a.Text, encoder);
        var semanticB = SemanticDocument.Create(b.Text, encoder);
        var relate = options.Semantic.Relate;
        var s = options.Semantic.CreateRelater().Relate(semanticA, semanticB, a.Published, b.Published);
        output.WriteLine(string.Create(inv, $"  sentences: A {semanticA.Count}, B {semanticB.Count}; encoder {(options.Semantic.VerifyEncoder is null ? "static embeddings" : "MiniLM")}; paraphrase verifier {options.Semantic.ParaphraseVerifier?.Name ?? "none"}"));
        output.WriteLine("  Paraphrase tests (most of the shorter one's sentences restated, in order, in other words):");
        Test(output, s.Support >= relate.ParaphraseMinSupport, "support: shorter side's sentences aligned, weighted", F(s.Support), "≥ " + F(relate.ParaphraseMinSupport));
        Test(output, s.InOrderShare >= relate.ParaphraseMinInOrder, "aligned pairs in order", F(s.InOrderShare), "≥ " + F(relate.ParaphraseMinInOrder));
        Test(output, s.VerbatimShare < relate.ParaphraseMaxVerbatimShare, "aligned words verbatim (else text reuse)", F(s.VerbatimShare), "< " + F(relate.ParaphraseMaxVerbatimShare));
        output.WriteLine("  Same-story tests (the same event told apart):");
        Test(output, s.DocumentCosine >= relate.SameStoryMinCosine, "document cosine", F(s.DocumentCosine), "≥ " + F(relate.SameStoryMinCosine));
        Test(output, s.StorySentences >= relate.SameStoryMinSentences, "sentences stating the same facts", s.StorySentences.ToString(inv),
            $"≥ {relate.SameStoryMinSentences}, each with sentence cosine ≥ {F(relate.StorySentenceMinCosine)}, not copied");
        output.WriteLine(string.Create(inv, $"  Meaning-level relation: {WireText.Of(s.Kind)}"));
        if (s.Kind == SemanticRelationKind.SameStory)
        {
            output.WriteLine(string.Create(inv, $"  Why one story: their document vectors are close (cosine {F(s.DocumentCosine)}) and {s.StorySentences} sentences state the same facts in other words, yet too few align in order to make a paraphrase."));
        }


        if (s.Sentences.Count > 0)
        {
            output.WriteLine("  Aligned sentence pairs:");
            foreach (var pair in s.Sentences)
            {
                output.WriteLine(string.Create(inv, $"  - {pair.Kind.ToString().ToLowerInvariant()}, cosine {pair.Cosine:0.00}, paraphrase probability {pair.Probability:0.00}{(pair.InOrder ? string.Empty : ", moved")}"));
                output.WriteLine(string.Create(inv, $"    A [{pair.A.Start}, {pair.A.End}) {Clip(pair.A.Slice(a.Text))}"));
                output.WriteLine(string.Create(inv, $"    B [{pair.B.Start}, {pair.B.End}) {Clip(pair.B.Slice(b.Text))}"));
            }
        }
        else if (verdict.Kind == RelationKind.SameStory || s.StorySentences > 0)
        {
            SameFactSentences(semanticA, semanticB, relate, output);
        }
    }

    // The closest sentence of the longer document for each sentence of the shorter one: what the same-fact count reads.
    private static void SameFactSentences(SemanticDocument a, SemanticDocument b, SemanticOptions relate, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        bool aShorter = a.Text.Length <= b.Text.Length;
        var (shorter, other) = aShorter ? (a, b) : (b, a);
        output.WriteLine(string.Create(inv, $"  Same-fact sentence pairs (each sentence of {(aShorter ? "A" : "B")} with its closest in {(aShorter ? "B" : "A")}, cosine ≥ {F(relate.StorySentenceMinCosine)}):"));
        for (int i = 0; i < shorter.Count; i++)
        {
            int best = -1;
            float cosine = float.MinValue;
            for (int j = 0; j < other.Count; j++)
            {
                float c = SemanticVector.Dot(shorter.SentenceVector(i), other.SentenceVector(j));
                if (c > cosine)
                {
                    (best, cosine) = (j, c);
                }
            }

            if (best < 0 || cosine < relate.StorySentenceMinCosine)
            {
                continue;
            }

            var (sa, sb) = aShorter ? (shorter.Sentences[i], other.Sentences[best]) : (other.Sentences[best], shorter.Sentences[i]);
            output.WriteLine(string.Create(inv, $"  - cosine {cosine:0.00}"));
            output.WriteLine(string.Create(inv, $"    A [{sa.Start}, {sa.End}) {Clip(sa.Slice(a.Text))}"));
            output.WriteLine(string.Create(inv, $"    B [{sb.Start}, {sb.End}) {Clip(sb.Slice(b.Text))}"));
        }
    }

    private static async Task<(Document A, Document B)> FindAsync(string a, string b, string? corpus, ReaderOptions options, CancellationToken cancellationToken)
    {
        if (corpus is null)
        {
            return (await OneFileAsync(a, options, cancellationToken).ConfigureAwait(false), await OneFileAsync(b, options, cancellationToken).ConfigureAwait(false));
        }

        if (!File.Exists(corpus) && !Directory.Exists(corpus))
        {
            throw new FileNotFoundException($"corpus not found: {corpus}", corpus);
        }

        var found = await CorpusTexts.ReadAsync(corpus, options, id => id.StartsWith(a, StringComparison.Ordinal) || id.StartsWith(b, StringComparison.Ordinal), InputProblems.None, cancellationToken).ConfigureAwait(false);
        return (Resolve(found, a, corpus), Resolve(found, b, corpus));
    }

    /// <summary>Document <paramref name="id"/> of the index, with its text as it was added.</summary>
    private static async Task<Document> FromIndexAsync(Index.NearDupIndex index, string id, string indexPath, CancellationToken cancellationToken)
    {
        var found = await index.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"no document of the index {indexPath} has id '{id}' (ids are matched exactly in an index)");
        return found.Text is null
            ? throw new InvalidDataException($"the index {indexPath} holds no text for '{id}'")
            : new Document(found.Id, found.Text) { Url = found.Url, Source = found.Source, Published = found.Published, Origin = "index " + indexPath };
    }

    /// <summary>The relation the index recorded between <paramref name="a"/> and <paramref name="b"/> when they were added.</summary>
    private static async Task<string> RecordedAsync(Index.NearDupIndex index, string a, string b, CancellationToken cancellationToken)
    {
        var relations = await index.RelationsAsync(a, cancellationToken).ConfigureAwait(false) ?? [];
        var found = relations.FirstOrDefault(r => (r.A == a && r.B == b) || (r.A == b && r.B == a));
        return found is null
            ? "In the index: no relation recorded between them (documents are matched as they are added, against the candidates found then)"
            : $"In the index: {WireText.Of(found.Kind)} recorded when they were added ({found.Reason})";
    }

    private static Document Resolve(Dictionary<string, Document> found, string id, string corpus)
    {
        if (found.TryGetValue(id, out var exact))
        {
            return exact;
        }

        var matches = found.Keys.Where(k => k.StartsWith(id, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return matches.Count switch
        {
            1 => found[matches[0]],
            0 => throw new KeyNotFoundException($"no document of {corpus} has id '{id}' or an id starting with it"),
            _ => throw new KeyNotFoundException($"'{id}' is the start of {matches.Count} ids in {corpus} ({string.Join(", ", matches.Take(5))}{(matches.Count > 5 ? ", …" : string.Empty)}): give more of it"),
        };
    }

    private static async Task<Document> OneFileAsync(string path, ReaderOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file not found: {path} (to name documents of a corpus by id, give --corpus)", path);
        }

        var documents = await CorpusTexts.ReadAsync(path, options, null, InputProblems.None, cancellationToken).ConfigureAwait(false);
        return documents.Count == 1
            ? documents.Values.First() with { Id = path }
            : throw new InvalidDataException($"{path} holds {documents.Count} documents, not one: give it as --corpus and name the documents by id");
    }

    private static ulong[] DistinctShingles(Token[] tokens, int shingleSize)
    {
        var shingles = new ulong[Shingler.Count(tokens.Length, shingleSize)];
        int written = Shingler.Write(tokens, shingleSize, shingles);
        int distinct = Shingler.Distinct(shingles.AsSpan(0, written));
        return shingles[..distinct];
    }

    private static void Test(TextWriter output, bool met, string name, string value, string threshold) =>
        output.WriteLine($"    [{(met ? "met" : "missed")}] {name}: {value} (needs {threshold})");

    private static double Share(int part, int whole) => whole == 0 ? 0 : part / (double)whole;

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Direction(Direction direction) => direction == Relate.Direction.None ? string.Empty : " (" + WireText.Of(direction) + ")";

    private static string Clip(ReadOnlySpan<char> text)
    {
        string flat = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ShownChars ? "\"" + flat + "\"" : "\"" + flat[..(ShownChars / 2)] + " … " + flat[^(ShownChars / 2)..] + "\"";
    }
}
