using System.Collections.Concurrent;
using NearDup.Boilerplate;
using NearDup.Candidates;
using NearDup.Relate;
using NearDup.Text;

namespace NearDup.Pipeline;

/// <summary>Verification that grows with documents: copy families explained by a spanning tree of alignments.</summary>
internal sealed partial class ScanPipeline
{
    // Tokens held at once while aligning one batch of a round (16 bytes each, plus the texts): about 30 MB.
    private const int MaxBatchTokens = 1 << 20;

    // Rounds of the tree: a failed tree edge gives way to the next best edge between the two sides, in the next round.
    private const int MaxTreeRounds = 32;

    // Partial-overlap candidates kept per document in tree mode (lexical evidence for the semantic stage).
    private const int PartialPartnersPerDocument = 8;

    /// <summary>Whether <paramref name="pair"/> may be a copy (exact, near_exact, contains, shared_source), by its estimate.</summary>
    internal bool IsCopyCandidate(in CandidatePair pair) =>
        (pair.Source & CandidateSource.ExactHash) != 0 || pair.Estimate >= options.CopyEstimate;

    /// <summary>
    /// Tree mode: partial-overlap candidates are not aligned (passage clusters report them). Copy candidates are
    /// taken by decreasing estimate, Kruskal's way: a pair is aligned only when no chain of verified copies joins
    /// its documents yet, so a family of n copies costs about n - 1 alignments. The pairs of one round form a
    /// spanning forest over the families verified so far and are aligned in parallel; a pair that does not verify
    /// as a copy leaves its two sides apart, and the next round tries the best remaining pair between them.
    /// </summary>
    private List<Relation> VerifyTree(IReadOnlyList<CandidatePair> pairs, List<DocumentInfo> documents, TextStore texts,
        BoilerplateStage? boilerplate, ParallelOptions parallel, out bool[] aligned, out int alignments)
    {
        aligned = new bool[pairs.Count];
        var copies = new List<int>();
        for (int i = 0; i < pairs.Count; i++)
        {
            if (IsCopyCandidate(pairs[i]))
            {
                copies.Add(i);
            }
        }

        copies.Sort((x, y) => pairs[x].Estimate != pairs[y].Estimate ? pairs[y].Estimate.CompareTo(pairs[x].Estimate) : x.CompareTo(y));
        var verified = new int[documents.Count];
        for (int d = 0; d < verified.Length; d++)
        {
            verified[d] = d;
        }

        var relations = new List<Relation>();
        var buffers = new VerifyBatchBuffers();
        var round = new int[documents.Count];
        var edges = new List<int>();
        alignments = 0;
        for (int r = 0; r < MaxTreeRounds; r++)
        {
            verified.CopyTo(round, 0);
            edges.Clear();
            foreach (int i in copies)
            {
                if (!aligned[i] && Join(round, pairs[i].A, pairs[i].B))
                {
                    edges.Add(i);
                }
            }

            if (edges.Count == 0)
            {
                break;
            }

            // Pairs of one family side by side, so that a batch tokenizes each of its documents once.
            var family = new int[edges.Count];
            for (int k = 0; k < edges.Count; k++)
            {
                family[k] = Root(round, pairs[edges[k]].A);
            }

            var order = Enumerable.Range(0, edges.Count).ToArray();
            Array.Sort(order, (x, y) => family[x] != family[y] ? family[x].CompareTo(family[y]) : edges[x].CompareTo(edges[y]));
            var batch = new List<CandidatePair>();
            foreach (int k in order)
            {
                batch.Add(pairs[edges[k]]);
                aligned[edges[k]] = true;
            }

            foreach (var relation in VerifyBatched(batch, documents, texts, boilerplate, parallel, buffers))
            {
                relations.Add(relation);
                if (IsLexicalCopy(relation.Kind))
                {
                    Join(verified, relation.A, relation.B);
                }
            }

            alignments += edges.Count;
        }

        relations.Sort(static (x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        return relations;
    }

    /// <summary>
    /// Aligns <paramref name="pairs"/> in batches whose documents hold at most <see cref="MaxBatchTokens"/> tokens:
    /// each document of a batch is read and tokenized once, however many of its pairs are in the batch.
    /// </summary>
    private List<Relation> VerifyBatched(List<CandidatePair> pairs, List<DocumentInfo> documents, TextStore texts,
        BoilerplateStage? boilerplate, ParallelOptions parallel, VerifyBatchBuffers buffers)
    {
        var found = new ConcurrentBag<Relation>();
        var loaded = new Dictionary<int, int>();
        var members = new List<int>();
        for (int start = 0, end; start < pairs.Count; start = end)
        {
            loaded.Clear();
            members.Clear();
            long tokens = 0;
            for (end = start; end < pairs.Count; end++)
            {
                long grow = (loaded.ContainsKey(pairs[end].A) ? 0 : documents[pairs[end].A].Tokens)
                    + (loaded.ContainsKey(pairs[end].B) ? 0 : documents[pairs[end].B].Tokens);
                if (end > start && tokens + grow > MaxBatchTokens)
                {
                    break;
                }

                tokens += grow;
                foreach (int d in (ReadOnlySpan<int>)[pairs[end].A, pairs[end].B])
                {
                    if (loaded.TryAdd(d, members.Count))
                    {
                        members.Add(d);
                    }
                }
            }

            // Each member's text and tokens in buffers kept across batches (Verify reads them as spans and keeps none):
            // a new string and token array for each member of each batch were most of verification's garbage.
            buffers.Load(members, documents, texts, parallel);
            Parallel.For(start, end, parallel, i =>
            {
                var pair = pairs[i];
                int a = loaded[pair.A], b = loaded[pair.B];
                bool same = documents[pair.A].ContentHash == documents[pair.B].ContentHash;
                var relation = Verify(pair.A, buffers.TextOf(a), buffers.TokensOf(a), pair.B, buffers.TextOf(b), buffers.TokensOf(b), same, boilerplate);
                if (relation is not null)
                {
                    found.Add(relation);
                }
            });
        }

        return [.. found];
    }

    /// <summary>Per document, its copy family (the smallest ordinal joined to it by copy relations), or -1.</summary>
    internal static int[] CopyFamilies(int documentCount, IEnumerable<Relation> relations)
    {
        var parent = new int[documentCount];
        for (int d = 0; d < documentCount; d++)
        {
            parent[d] = d;
        }

        var inFamily = new bool[documentCount];
        foreach (var r in relations)
        {
            if (IsLexicalCopy(r.Kind))
            {
                Join(parent, r.A, r.B);
                inFamily[r.A] = inFamily[r.B] = true;
            }
        }

        var family = new int[documentCount];
        for (int d = 0; d < documentCount; d++)
        {
            family[d] = inFamily[d] ? Root(parent, d) : -1;
        }

        return family;
    }

    // Union by smaller root, so a family's root is its smallest ordinal; false when already joined.
    private static bool Join(int[] parent, int x, int y)
    {
        x = Root(parent, x);
        y = Root(parent, y);
        if (x == y)
        {
            return false;
        }

        parent[Math.Max(x, y)] = Math.Min(x, y);
        return true;
    }

    private static int Root(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    /// <summary>
    /// The candidates tree mode left unaligned, for the semantic stage: copy candidates (explained through the tree:
    /// no meaning-level check needed) and each document's best few partial overlaps (lexical evidence, as a partial
    /// relation would be).
    /// </summary>
    internal sealed class UnalignedCandidates(IReadOnlyList<CandidatePair> copies, bool[] aligned, IReadOnlyList<CandidatePair> partial)
    {
        /// <summary>What the candidate (a, b), a &lt; b, is: null when it is not an unaligned candidate.</summary>
        public bool? IsCopy(int a, int b)
        {
            int copy = IndexOf(copies, a, b);
            if (copy >= 0)
            {
                return aligned[copy] ? null : true;
            }

            return IndexOf(partial, a, b) >= 0 ? false : null;
        }

        private static int IndexOf(IReadOnlyList<CandidatePair> pairs, int a, int b)
        {
            int lo = 0, hi = pairs.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                var p = pairs[mid];
                if (p.A < a || (p.A == a && p.B < b))
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo < pairs.Count && pairs[lo].A == a && pairs[lo].B == b ? lo : -1;
        }
    }

    /// <summary>
    /// The texts and tokens of one verification batch, in two arrays reused by every batch of the stage: each member's
    /// text at its place in one character array, its tokens in the room its fingerprint counted (a text too short to
    /// fingerprint, counted 0, gets an array of its own).
    /// </summary>
    private sealed class VerifyBatchBuffers
    {
        private char[] text = [];
        private Token[] tokens = [];
        private int[] textStart = [0];
        private int[] tokenStart = [0];
        private int[] tokenCount = [];
        private Token[]?[] overflow = [];

        public ReadOnlySpan<char> TextOf(int member) => text.AsSpan(textStart[member], textStart[member + 1] - textStart[member]);

        public ReadOnlySpan<Token> TokensOf(int member) =>
            overflow[member] is { } own ? own : tokens.AsSpan(tokenStart[member], tokenCount[member]);

        /// <summary>Reads and tokenizes <paramref name="members"/> (document ordinals) in parallel.</summary>
        public void Load(List<int> members, List<DocumentInfo> documents, TextStore texts, ParallelOptions parallel)
        {
            int n = members.Count;
            if (textStart.Length < n + 1)
            {
                textStart = new int[n + 1];
                tokenStart = new int[n + 1];
                tokenCount = new int[n];
                overflow = new Token[n][];
            }

            long characters = 0, room = 0;
            for (int m = 0; m < n; m++)
            {
                characters += texts.LengthOf(members[m]);
                room += documents[members[m]].Tokens;
                textStart[m + 1] = checked((int)characters);
                tokenStart[m + 1] = checked((int)room);
            }

            if (text.Length < characters)
            {
                text = new char[characters];
            }

            if (tokens.Length < room)
            {
                tokens = new Token[room];
            }

            Parallel.For(0, n, parallel, m =>
            {
                var own = text.AsSpan(textStart[m], textStart[m + 1] - textStart[m]);
                texts.Read(members[m], own);
                using var lease = Tokenizer.Lease(own);
                var found = lease.Tokens;
                int fits = tokenStart[m + 1] - tokenStart[m];
                tokenCount[m] = found.Length;
                overflow[m] = found.Length <= fits ? null : found.ToArray();
                if (found.Length <= fits)
                {
                    found.CopyTo(tokens.AsSpan(tokenStart[m], fits));
                }
            });
        }
    }
}
