using System.Runtime.InteropServices;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Text;
using NearDup.Threading;

namespace NearDup.Passages;

/// <summary>
/// Passage clusters from winnow fingerprints with positions: a fingerprint held by 2 to <c>MaxPostings</c> documents
/// is reused text; in each document, neighbouring fingerprints held by the very same documents are one passage, and
/// the passage is found once for all of them. Fingerprints held by more documents than the index's cap are common
/// text (boilerplate, stock phrases) and make no passage.
/// </summary>
/// <remarks>
/// Cost: linear in the postings (bounded by the cap) plus a sort of each document's shared fingerprints by position;
/// no pair of documents is ever aligned. Each passage's edges are then made exact on tokens: the span between its
/// first and last fingerprint is extended, at most <c>WinnowWindow + ShingleSize</c> tokens each way, as far as the
/// words agree in every member (compared with the member that has the most words on that side). Each member's
/// document is tokenized once for all its passages (the two lenders' once more). Not thread-safe.
/// </remarks>
internal sealed class PassageClusterer
{
    /// <summary>A clusterer with <paramref name="options"/> (validated), or the defaults.</summary>
    public PassageClusterer(PassageOptions? options = null) => Options = (options ?? new()).Validate();

    public PassageOptions Options { get; }

    /// <summary>The passage clusters of texts held in memory (fingerprinted here); for tests and small collections.</summary>
    /// <param name="texts">Documents; their ordinals are their indexes.</param>
    /// <param name="fingerprint">Shingle size and winnow window; positions are kept whatever it says.</param>
    /// <param name="maxPostings">Documents a fingerprint may be in before it is common text. Default 100, as <see cref="CandidateOptions.MaxPostings"/>.</param>
    public IReadOnlyList<PassageCluster> Find(IReadOnlyList<string> texts, FingerprintOptions? fingerprint = null, int maxPostings = 100)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var options = (fingerprint ?? new()).Validate() with { KeepWinnowPositions = true };
        var fingerprinter = new Fingerprinter(options);
        var index = new PostingIndex(maxPostings, keepPositions: true);
        var tokenCounts = new int[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            var fp = fingerprinter.Compute(texts[i].AsSpan());
            index.Add(i, fp.Winnow, fp.WinnowPositions);
            tokenCounts[i] = fp.TokenCount;
        }

        return Find(index, tokenCounts, options, (int i, ref char[] _) => texts[i], null, new ParallelOptions());
    }

    /// <summary>The passage clusters of the documents in <paramref name="index"/> (which must keep positions).</summary>
    /// <param name="index">Postings with positions of the documents of <paramref name="tokenCounts"/>.</param>
    /// <param name="tokenCounts">Tokens of each document indexed (0 .. count - 1).</param>
    /// <param name="fingerprint">The settings the fingerprints were made with.</param>
    /// <param name="text">The original text of a document into a worker's buffer (read once or twice per document).</param>
    /// <param name="copyFamily">Per document, its copy family (-1 for none); clusters inside one family are left
    /// out unless <see cref="PassageOptions.IncludeCopies"/>. Null: no families.</param>
    /// <param name="parallel">Workers for tokenizing.</param>
    internal IReadOnlyList<PassageCluster> Find(PostingIndex index, int[] tokenCounts, FingerprintOptions fingerprint, ReadText text,
        int[]? copyFamily, ParallelOptions parallel)
    {
        int documentCount = tokenCounts.Length;
        if (!index.KeepsPositions)
        {
            throw new ArgumentException("The winnow index does not keep positions.", nameof(index));
        }

        var entries = SharedEntries(index, documentCount, parallel, out var signatures, out var entryStart);
        int groups = signatures.Length;

        // Join a group with the previous one of the same documents in the same document, when close enough. Each
        // document's entries are sorted and scanned in parallel; the joins are applied in document order after each
        // window (the partition, and each set's root, its smallest group, do not depend on the order).
        var parent = new int[groups];
        for (int g = 0; g < groups; g++)
        {
            parent[g] = g;
        }

        var workers = new WorkerStates<BlockState>(static () => new BlockState());
        ForDocumentBlocks<(int Previous, int Group)>(documentCount, parallel, workers, (first, end, state, joins) =>
        {
            int maxGap = Options.MaxGapTokens;
            for (int d = first; d < end; d++)
            {
                int from = entryStart[d], to = entryStart[d + 1];
                var sorted = entries.AsSpan(from, to - from);
                SortByPosition(sorted, state);
                // The signatures first, in a loop of their own: reads scattered over all groups (a cache miss each)
                // overlap where nothing waits on them.
                var held = state.SignaturesOf(sorted.Length);
                for (int e = 0; e < sorted.Length; e++)
                {
                    held[e] = signatures[GroupOf(sorted[e])];
                }

                for (int e = 0; e < sorted.Length; e++)
                {
                    int position = PositionOf(sorted[e]);
                    // The previous entry of the same documents, when within the gap: entries lie by position (one a
                    // position), so it is among the last gap's few, read back from the nearest. A lookup by signature
                    // an entry was most of this loop.
                    for (int back = e - 1; back >= 0 && position - PositionOf(sorted[back]) <= maxGap; back--)
                    {
                        if (held[back] == held[e])
                        {
                            joins.Add((GroupOf(sorted[back]), GroupOf(sorted[e])));
                            break;
                        }
                    }
                }
            }
        }, joins =>
        {
            foreach (var (previous, g) in joins)
            {
                Union(parent, previous, g);
            }
        });

        // Every group straight to its root in one ascending pass: a root is its set's smallest group (Union), so a
        // group's parent is smaller than it and already points at its root (a Find per entry was a cache miss each).
        for (int g = 0; g < groups; g++)
        {
            parent[g] = parent[parent[g]];
        }

        var fingerprints = new int[groups];
        for (int g = 0; g < groups; g++)
        {
            fingerprints[parent[g]]++;
        }

        // Per document and passage: its first and last fingerprint positions (documents in parallel, taken in document
        // order, which the placement by root keeps).
        var cores = new List<Core>();
        ForDocumentBlocks<Core>(documentCount, parallel, workers, (first, end, state, found) =>
        {
            var span = state.Span;
            for (int d = first; d < end; d++)
            {
                span.Clear();
                var document = entries.AsSpan(entryStart[d], entryStart[d + 1] - entryStart[d]);
                var roots = state.RootsOf(document.Length); // gathered first, as the signatures above
                for (int e = 0; e < document.Length; e++)
                {
                    roots[e] = parent[GroupOf(document[e])];
                }

                int lastRoot = -1, lastAt = -1;
                for (int e = 0; e < document.Length; e++)
                {
                    int root = roots[e], position = PositionOf(document[e]);
                    // A passage's entries mostly come one after another: the previous entry's root is asked first.
                    if (root != lastRoot)
                    {
                        ref int k = ref CollectionsMarshal.GetValueRefOrAddDefault(span, root, out bool known);
                        if (!known)
                        {
                            k = found.Count;
                            found.Add(new Core(root, d, position, position));
                        }

                        (lastRoot, lastAt) = (root, k);
                    }

                    ref var core = ref CollectionsMarshal.AsSpan(found)[lastAt];
                    core = core with { Last = Math.Max(core.Last, position) };
                }
            }
        }, cores.AddRange);

        var spans = ByRoot(cores, groups);

        // Winnowing selects a fingerprint in every window of w shingles, so in a passage of L shared words the first and
        // last fingerprints lie within w - 1 words of its ends: a single fingerprint whose span is shorter than
        // MinTokens - 2 (w - 1) is a stock phrase, dropped before any text is read. (Two or more are kept: an edit in
        // one copy can split a passage's fingerprints between two groups of documents, each with a short span.)
        int minCore = Options.MinTokens - (2 * (fingerprint.WinnowWindow - 1));
        // Only the clustered spans are measured, so only they are kept: Measure holds ~100 bytes a span (dense 20k:
        // 0.37 M of 1.04 M spans clustered, ~110 MB less at the lexical stages' peak).
        var clustered = new List<Core>();
        var clusters = new List<(int First, int End)>();
        for (int i = 0; i < spans.Count;)
        {
            int end = i + 1;
            int longest = spans[i].Last - spans[i].First + fingerprint.ShingleSize;
            while (end < spans.Count && spans[end].Root == spans[i].Root)
            {
                longest = Math.Max(longest, spans[end].Last - spans[end].First + fingerprint.ShingleSize);
                end++;
            }

            if (end - i >= 2 && (longest >= minCore || fingerprints[spans[i].Root] >= 2) && (Options.IncludeCopies || copyFamily is null || !OneFamily(spans, i, end, copyFamily)))
            {
                clusters.Add((clustered.Count, clustered.Count + end - i));
                clustered.AddRange(CollectionsMarshal.AsSpan(spans)[i..end]);
            }

            i = end;
        }

        return Measure(clustered, clusters, fingerprints, fingerprint, tokenCounts, text, parallel);
    }

    // Each document's shared fingerprints by position: position and group in one key (position in the high half, so
    // the keys sort by position), documents one after another from entryStart[document]. Apart from the rest of Find,
    // so that nothing holds the index's postings once they are read.
    private static ulong[] SharedEntries(PostingIndex index, int documentCount, ParallelOptions parallel, out ulong[] signatures, out int[] entryStart)
    {
        int maxPostings = index.MaxPostings;
        var (hashMemory, documentMemory, positionMemory) = index.SortedPostings();
        var slices = RunSlices(hashMemory.Span, parallel);
        SharedGroups(hashMemory, maxPostings, documentMemory, documentCount, slices, parallel, out signatures, out var groupStart, out var held);

        // Each slice fills its own places (after the earlier slices' in each document), so the slices fill in parallel
        // and the entries lie as one pass would put them.
        entryStart = new int[documentCount + 1];
        for (int d = 0; d < documentCount; d++)
        {
            int at = entryStart[d];
            foreach (var counts in held)
            {
                int count = counts[d];
                counts[d] = at; // now the slice's next place in the document
                at += count;
            }

            entryStart[d + 1] = at;
        }

        var entries = new ulong[entryStart[documentCount]];
        Parallel.For(0, held.Length, parallel, s =>
        {
            var hashes = hashMemory.Span;
            var documents = documentMemory.Span;
            var positions = positionMemory.Span;
            var fill = held[s];
            for (int i = slices[s], group = groupStart[s]; i < slices[s + 1];)
            {
                int end = RunEnd(hashes, i);
                if (IsShared(end - i, maxPostings))
                {
                    for (int p = i; p < end; p++)
                    {
                        entries[fill[documents[p]]++] = Entry(positions[p], group);
                    }

                    group++;
                }

                i = end;
            }
        });

        return entries;
    }

    // Sorts a document's entries (position, then group), by counting positions where they are dense enough: one
    // comparison sort a document was most of the joins' time. Ties of position, if any, are sorted after.
    private static void SortByPosition(Span<ulong> entries, BlockState state)
    {
        int maxPosition = 0;
        foreach (ulong entry in entries)
        {
            maxPosition = Math.Max(maxPosition, PositionOf(entry));
        }

        if (entries.Length < MinCountingSort || maxPosition >= MaxPositionsPerEntry * entries.Length)
        {
            entries.Sort();
            return;
        }

        var start = state.CountsOf(maxPosition + 2);
        start.Clear();
        foreach (ulong entry in entries)
        {
            start[PositionOf(entry) + 1]++;
        }

        bool tied = false;
        for (int p = 1; p < start.Length; p++)
        {
            tied |= start[p] > 1;
            start[p] += start[p - 1];
        }

        var sorted = state.SortedOf(entries.Length);
        foreach (ulong entry in entries)
        {
            sorted[start[PositionOf(entry)]++] = entry;
        }

        if (tied)
        {
            sorted.Sort();
        }

        sorted.CopyTo(entries);
    }

    // Entries below which a comparison sort is cheaper, and positions an entry at most for counting them.
    private const int MinCountingSort = 64;
    private const int MaxPositionsPerEntry = 8;

    // A member's token range from its fingerprints, the words it has beyond each edge (at most the reach), and how far
    // each edge agrees with the lender's words.
    private readonly record struct MemberEdges(int FirstToken, int EndToken, int RoomLeft, int RoomRight, int AgreeLeft, int AgreeRight);

    private readonly record struct Core(int Root, int Document, int First, int Last);

    private static ulong Entry(int position, int group) => ((ulong)(uint)position << 32) | (uint)group;

    private static int PositionOf(ulong entry) => (int)(entry >> 32);

    private static int GroupOf(ulong entry) => (int)(uint)entry;

    // The spans by root, then document. They come in document order (one a root and document), so placing them by
    // root in the order met (a counting sort: linear, where a comparison sort of millions was serial work) gives it.
    private static List<Core> ByRoot(List<Core> byDocument, int groups)
    {
        var start = new int[groups + 1];
        foreach (var core in CollectionsMarshal.AsSpan(byDocument))
        {
            start[core.Root + 1]++;
        }

        for (int r = 0; r < groups; r++)
        {
            start[r + 1] += start[r];
        }

        var sorted = new List<Core>(byDocument.Count);
        CollectionsMarshal.SetCount(sorted, byDocument.Count);
        var into = CollectionsMarshal.AsSpan(sorted);
        foreach (var core in CollectionsMarshal.AsSpan(byDocument))
        {
            into[start[core.Root]++] = core;
        }

        return sorted;
    }

    // Documents a block holds, and blocks a window: a window's blocks run in parallel, then its results are taken in
    // document order, so what is held at once stays bounded (a window's joins or spans, not the corpus's).
    private const int DocumentsPerBlock = 256;
    private const int BlocksPerWindow = 32;

    // A worker's scratch: the group signatures or roots of a document's entries, and each root's span.
    private sealed class BlockState
    {
        private ulong[] signatures = new ulong[256];
        private int[] roots = new int[256];
        private int[] counts = new int[256];
        private ulong[] sorted = new ulong[256];
        public readonly Dictionary<int, int> Span = [];

        // The group signature of each of a document's entries, in position order.
        public Span<ulong> SignaturesOf(int entries) => Sized(ref signatures, entries);

        // The root of each of a document's entries.
        public Span<int> RootsOf(int entries) => Sized(ref roots, entries);

        // A count per position of a document, and its entries placed by position.
        public Span<int> CountsOf(int positions) => Sized(ref counts, positions);

        public Span<ulong> SortedOf(int entries) => Sized(ref sorted, entries);

        private static Span<T> Sized<T>(ref T[] buffer, int length)
        {
            if (buffer.Length < length)
            {
                buffer = new T[Math.Max(length, 2 * buffer.Length)];
            }

            return buffer.AsSpan(0, length);
        }
    }

    // Runs produce(first, end, state, results) for each block of documents, in parallel within a window, then
    // consume(results) for the window's blocks in order.
    private static void ForDocumentBlocks<TResult>(int documentCount, ParallelOptions parallel, WorkerStates<BlockState> workers,
        Action<int, int, BlockState, List<TResult>> produce, Action<List<TResult>> consume)
    {
        int blocks = (documentCount + DocumentsPerBlock - 1) / DocumentsPerBlock;
        var results = new List<TResult>[Math.Min(blocks, BlocksPerWindow)];
        for (int w = 0; w < results.Length; w++)
        {
            results[w] = [];
        }

        for (int window = 0; window < blocks; window += BlocksPerWindow)
        {
            int count = Math.Min(BlocksPerWindow, blocks - window);
            workers.For(0, count, parallel, (b, state) =>
            {
                int first = (window + b) * DocumentsPerBlock;
                produce(first, Math.Min(documentCount, first + DocumentsPerBlock), state, results[b]);
            });
            for (int b = 0; b < count; b++)
            {
                consume(results[b]);
                results[b].Clear();
            }
        }
    }

    /// <summary>A document's text, read into <paramref name="buffer"/> (grown when too short) or held already.</summary>
    internal delegate ReadOnlySpan<char> ReadText(int document, ref char[] buffer);

    // A thread's text and token buffers, grown as needed and kept for its next document: only the tokens are used,
    // so no string is made for each member (a document's text was read twice as two strings).
    private sealed class TokenBuffer
    {
        public char[] Text = new char[4096];
        public Token[] Tokens = new Token[1024];
    }

    private static ReadOnlySpan<Token> TokensOf(ReadText text, int document, TokenBuffer buffer)
    {
        int count = Tokenizer.Tokenize(text(document, ref buffer.Text), ref buffer.Tokens);
        return buffer.Tokens.AsSpan(0, count);
    }

    private static Core CoreOf(List<Core> spans, (int First, int End) cluster, int document)
    {
        for (int i = cluster.First; i < cluster.End; i++)
        {
            if (spans[i].Document == document)
            {
                return spans[i];
            }
        }

        throw new InvalidOperationException($"Document {document} is not in the cluster.");
    }

    // Runs of postings held by 2..maxPostings documents: each a group, numbered in posting order (a slice's from
    // groupStart[slice]), with an order-free signature of its documents; held[slice][document] counts its postings
    // in the slice. Counted by slices in parallel, each with its own counts.
    private static void SharedGroups(ReadOnlyMemory<ulong> hashMemory, int maxPostings, ReadOnlyMemory<int> documentMemory, int documentCount,
        int[] slices, ParallelOptions parallel, out ulong[] signatures, out int[] groupStart, out int[][] held)
    {
        var counts = new int[slices.Length - 1][];
        var sliceSignatures = new List<ulong>[slices.Length - 1];
        Parallel.For(0, sliceSignatures.Length, parallel, s =>
        {
            var hashes = hashMemory.Span;
            var documents = documentMemory.Span;
            var found = new List<ulong>();
            var count = new int[documentCount];
            for (int i = slices[s]; i < slices[s + 1];)
            {
                int end = RunEnd(hashes, i);
                if (IsShared(end - i, maxPostings))
                {
                    for (int p = i; p < end; p++)
                    {
                        count[documents[p]]++;
                    }

                    found.Add(PostingIndex.DocumentSetSignature(documents[i..end]));
                }

                i = end;
            }

            sliceSignatures[s] = found;
            counts[s] = count;
        });

        groupStart = new int[slices.Length];
        for (int s = 0; s < sliceSignatures.Length; s++)
        {
            groupStart[s + 1] = groupStart[s] + sliceSignatures[s].Count;
        }

        signatures = new ulong[groupStart[^1]];
        for (int s = 0; s < sliceSignatures.Length; s++)
        {
            sliceSignatures[s].CopyTo(signatures, groupStart[s]);
        }

        held = counts;
    }

    // Bounds of slices of the postings for parallel passes, each cut at the start of a run of equal hashes.
    private static int[] RunSlices(ReadOnlySpan<ulong> hashes, ParallelOptions parallel)
    {
        int count = Math.Max(1, Math.Min(SlicesPerWorker * (parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount), hashes.Length / MinSlice));
        var bounds = new int[count + 1];
        for (int s = 1; s < count; s++)
        {
            int b = Math.Max(bounds[s - 1], (int)((long)hashes.Length * s / count));
            while (b > 0 && b < hashes.Length && hashes[b] == hashes[b - 1])
            {
                b++;
            }

            bounds[s] = b;
        }

        bounds[count] = hashes.Length;
        return bounds;
    }

    // Slices of the postings per worker (some slack for an uneven machine; each slice counts every document, so few),
    // and the postings a slice has at least.
    private const int SlicesPerWorker = 2;
    private const int MinSlice = 1 << 16;

    private static int RunEnd(ReadOnlySpan<ulong> hashes, int i)
    {
        int end = i + 1;
        while (end < hashes.Length && hashes[end] == hashes[i])
        {
            end++;
        }

        return end;
    }

    private static bool IsShared(int holders, int maxPostings) => holders >= 2 && holders <= maxPostings;

    private static bool OneFamily(List<Core> spans, int from, int to, int[] copyFamily)
    {
        int family = copyFamily[spans[from].Document];
        if (family < 0)
        {
            return false;
        }

        for (int i = from + 1; i < to; i++)
        {
            if (copyFamily[spans[i].Document] != family)
            {
                return false;
            }
        }

        return true;
    }

    // Token ranges from fingerprint positions, edges made exact against the first member, offsets from the tokens.
    private List<PassageCluster> Measure(List<Core> spans, List<(int First, int End)> clusters, int[] fingerprints,
        FingerprintOptions fingerprint, int[] tokenCounts, ReadText text, ParallelOptions parallel)
    {
        int reach = fingerprint.WinnowWindow + fingerprint.ShingleSize;
        int shingle = fingerprint.ShingleSize;

        // Each side of a passage is compared with the member that has the most words on that side (one at the very
        // start or end of its document has none to compare): [cluster][left/right][reach].
        var context = new ulong[clusters.Count * 2 * reach];
        var contextLength = new int[clusters.Count * 2];
        var lenders = new Dictionary<int, List<(int Cluster, int Side)>>();
        for (int c = 0; c < clusters.Count; c++)
        {
            int left = clusters[c].First, right = clusters[c].First;
            for (int i = clusters[c].First; i < clusters[c].End; i++)
            {
                left = spans[i].First > spans[left].First ? i : left;
                right = RoomAfter(spans[i]) > RoomAfter(spans[right]) ? i : right;
            }

            foreach (var (d, side) in (ReadOnlySpan<(int, int)>)[(spans[left].Document, 0), (spans[right].Document, 1)])
            {
                if (!lenders.TryGetValue(d, out var list))
                {
                    lenders.Add(d, list = []);
                }

                list.Add((c, side));
            }
        }

        int RoomAfter(Core core) => tokenCounts[core.Document] - (core.Last + shingle);

        // Each worker tokenizes into one buffer it keeps: no token array per document.
        var buffers = new WorkerStates<TokenBuffer>(static () => new TokenBuffer());
        buffers.ForEach(lenders, parallel, (entry, buffer) =>
        {
            var tokens = TokensOf(text, entry.Key, buffer);
            foreach (var (c, side) in entry.Value)
            {
                var core = CoreOf(spans, clusters[c], entry.Key);
                int start = Math.Min(core.First, tokens.Length), end = Math.Min(tokens.Length, core.Last + shingle);
                int slot = (c * 2) + side;
                int n = 0;
                for (int t = side == 0 ? start - 1 : end; t >= 0 && t < tokens.Length && n < reach; t += side == 0 ? -1 : 1)
                {
                    context[(slot * reach) + n++] = tokens[t].Hash;
                }

                contextLength[slot] = n;
            }
        });

        // Every member, its document tokenized once for all its passages: how far each edge agrees with the lender
        // (a member that runs out of words agrees as far as it goes), and the offsets of each step. The passage is
        // what all members share: each edge moves by the smallest agreement, within each member's own words.
        var byDocument = new Dictionary<int, List<(int Member, int Cluster)>>();
        for (int c = 0; c < clusters.Count; c++)
        {
            for (int i = clusters[c].First; i < clusters[c].End; i++)
            {
                if (!byDocument.TryGetValue(spans[i].Document, out var list))
                {
                    byDocument.Add(spans[i].Document, list = []);
                }

                list.Add((i, c));
            }
        }

        // Each member's findings in one place (its edges, then its offsets): a document's members lie in many
        // clusters, so each of its writes went to another part of memory (ten arrays a member were ten cache misses).
        int steps = reach + 1;
        var edges = new MemberEdges[spans.Count];
        var offsets = new int[spans.Count * 2 * steps]; // start offsets after moving the left edge by 0..reach tokens, then end offsets
        buffers.ForEach(byDocument, parallel, (entry, buffer) =>
        {
            var tokens = TokensOf(text, entry.Key, buffer);
            foreach (var (i, c) in entry.Value)
            {
                int start = Math.Min(spans[i].First, tokens.Length), end = Math.Min(tokens.Length, spans[i].Last + shingle);
                int roomLeft = Math.Min(reach, start), roomRight = Math.Min(reach, tokens.Length - end);
                int left = 0;
                while (left < roomLeft && left < contextLength[c * 2] && tokens[start - left - 1].Hash == context[(c * 2 * reach) + left])
                {
                    left++;
                }

                int right = 0;
                while (right < roomRight && right < contextLength[(c * 2) + 1] && tokens[end + right].Hash == context[(((c * 2) + 1) * reach) + right])
                {
                    right++;
                }

                // Stopped by a different word: the passage ends there for all; stopped by the end of words: no say.
                edges[i] = new MemberEdges(start, end, roomLeft, roomRight,
                    left < roomLeft && left < contextLength[c * 2] ? left : reach,
                    right < roomRight && right < contextLength[(c * 2) + 1] ? right : reach);
                var startOffset = offsets.AsSpan(i * 2 * steps, steps);
                var endOffset = offsets.AsSpan((i * 2 * steps) + steps, steps);
                for (int k = 0; k <= roomLeft; k++)
                {
                    startOffset[k] = start - k < tokens.Length ? tokens[start - k].Start : 0;
                }

                for (int k = 0; k <= roomRight; k++)
                {
                    endOffset[k] = end + k > 0 ? tokens[end + k - 1].End : 0;
                }
            }
        });

        var measured = new PassageMember?[spans.Count];
        foreach (var (first, end) in clusters)
        {
            int left = reach, right = reach;
            for (int i = first; i < end; i++)
            {
                left = Math.Min(left, edges[i].AgreeLeft);
                right = Math.Min(right, edges[i].AgreeRight);
            }

            for (int i = first; i < end; i++)
            {
                var member = edges[i];
                int moveLeft = Math.Min(left, member.RoomLeft), moveRight = Math.Min(right, member.RoomRight);
                int from = member.FirstToken - moveLeft, to = member.EndToken + moveRight;
                if (to - from >= Options.MinTokens)
                {
                    measured[i] = new PassageMember(spans[i].Document,
                        new TextSpan(offsets[(i * 2 * steps) + moveLeft], offsets[(i * 2 * steps) + steps + moveRight]), from, to);
                }
            }
        }

        var result = new List<PassageCluster>();
        foreach (var (first, end) in clusters)
        {
            var members = new List<PassageMember>(end - first);
            for (int i = first; i < end; i++)
            {
                if (measured[i] is { } member)
                {
                    members.Add(member);
                }
            }

            if (members.Count >= 2)
            {
                result.Add(new PassageCluster(0, members, fingerprints[spans[first].Root]));
            }
        }

        result = MergeNested(result);
        result.Sort(static (x, y) => x.Members[0].Document != y.Members[0].Document
            ? x.Members[0].Document.CompareTo(y.Members[0].Document)
            : x.Members[0].Span.Start.CompareTo(y.Members[0].Span.Start));
        for (int i = 0; i < result.Count; i++)
        {
            result[i] = result[i] with { Id = i };
        }

        return result;
    }

    /// <summary>
    /// An edit in one copy splits a passage by who holds which fingerprints: the part the edited copy lacks comes out
    /// as a second cluster of all the documents but that one, overlapping the first in each of them. Such a cluster
    /// is folded into the larger one (its spans widened to cover both), smallest first, so a passage is reported once.
    /// </summary>
    private static List<PassageCluster> MergeNested(List<PassageCluster> clusters)
    {
        var members = clusters.Select(c => c.Members.ToArray()).ToArray(); // by ascending document, as the clusters
        var evidence = clusters.Select(c => c.Fingerprints).ToArray();
        var byDocument = new Dictionary<int, List<int>>();
        for (int c = 0; c < clusters.Count; c++)
        {
            foreach (var m in members[c])
            {
                if (!byDocument.TryGetValue(m.Document, out var list))
                {
                    byDocument.Add(m.Document, list = []);
                }

                list.Add(c);
            }
        }

        var merged = new bool[clusters.Count];
        var order = Enumerable.Range(0, clusters.Count).OrderBy(c => members[c].Length).ThenBy(c => c).ToArray();
        foreach (int small in order)
        {
            var anchor = members[small][0];
            foreach (int large in byDocument[anchor.Document])
            {
                // Only the passage less one copy: folding anything smaller would widen many members' spans into text
                // only a few of them share.
                if (merged[large] || members[large].Length != members[small].Length + 1 || !Covers(members[large], members[small]))
                {
                    continue;
                }

                var into = members[large];
                foreach (var m in members[small])
                {
                    int k = IndexOf(into, m.Document);
                    var wide = into[k];
                    into[k] = new PassageMember(m.Document,
                        new TextSpan(Math.Min(wide.Span.Start, m.Span.Start), Math.Max(wide.Span.End, m.Span.End)),
                        Math.Min(wide.FirstToken, m.FirstToken), Math.Max(wide.EndToken, m.EndToken));
                }

                evidence[large] += evidence[small];
                merged[small] = true;
                break;
            }
        }

        var kept = new List<PassageCluster>();
        for (int c = 0; c < clusters.Count; c++)
        {
            if (!merged[c])
            {
                kept.Add(new PassageCluster(0, members[c], evidence[c]));
            }
        }

        return kept;
    }

    // Whether every member of the smaller cluster is in the larger one, overlapping its span there.
    private static bool Covers(PassageMember[] large, PassageMember[] small)
    {
        foreach (var m in small)
        {
            int k = IndexOf(large, m.Document);
            if (k < 0 || !large[k].Span.Overlaps(m.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(PassageMember[] members, int document)
    {
        int lo = 0, hi = members.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (members[mid].Document == document)
            {
                return mid;
            }

            if (members[mid].Document < document)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    private static void Union(int[] parent, int x, int y)
    {
        x = Find(parent, x);
        y = Find(parent, y);
        if (x != y)
        {
            parent[Math.Max(x, y)] = Math.Min(x, y);
        }
    }
}
