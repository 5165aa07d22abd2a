using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics.X86;
using NearDup.Align;
using NearDup.Group;
using NearDup.Relate;
using NearDup.Text;

namespace NearDup.Boilerplate;

/// <summary>
/// Finds furniture spliced into copies of one story: a run of lines that aligns with no other copy and reads as
/// navigation, teaser or notice. Both conditions are needed: trimmed copies leave wire paragraphs unaligned too, but
/// those read as prose (long lines ending in periods), and furniture shared by every copy is not an intrusion.
/// </summary>
/// <remarks>
/// <para>A run of unaligned lines is cut into clusters of consecutive non-prose lines (cue, headline-like, short
/// unpunctuated). A cluster is furniture when it holds a cue line ("Read more", "Other Topics of Interest", a
/// correction notice, a credit) or two Title Case headline lines (a teaser list); the whole cluster is taken, plus
/// one prose line right after a closing headline (a teaser's summary). A lone Title Case line, subheads separated by
/// prose, and the document's first line (its own headline) are not furniture; other prose is never taken.</para>
/// <para>Cost: the given alignments (and shared passages) are judged first; only a member that then shows furniture is
/// aligned with its partners (at most <c>maxPartners</c>), so a story whose relations explain its copies costs no
/// alignment. Each member is tokenized once.</para>
/// </remarks>
internal sealed class IntrusionDetector
{
    /// <summary>A line is aligned when at least this share of its characters lies inside a passage.</summary>
    public const double AlignedShare = 0.5;

    /// <summary>Lines up to this many tokens count as aligned only if their exact words occur in another copy: a
    /// passage may bridge a short spliced line (the aligner jumps gaps of a few words).</summary>
    public const int ExactCheckTokens = 12;

    /// <summary>
    /// Story members longer than this (characters) are left out of <see cref="Detect(Story, Func{int, string})"/>: no
    /// copy of a news story is that long, and a huge document would cost its tokenization and alignments for nothing.
    /// </summary>
    public const int MaxMemberCharacters = 1_000_000;

    // Occurrences of a line's rarest word checked in another copy before giving up (and calling the line aligned).
    private const int MaxAnchorOccurrences = 256;

    private readonly Aligner aligner;
    private readonly int maxPartners;

    /// <param name="aligner">The aligner for pairs without a given alignment; default settings when null.</param>
    /// <param name="maxPartners">Copies each member is aligned with, at most (default 32): a story of hundreds of
    /// copies costs n × maxPartners / 2 alignments, not n² / 2; any furniture-free copy is enough to compare.</param>
    public IntrusionDetector(Aligner? aligner = null, int maxPartners = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartners, 1);
        this.aligner = aligner ?? new Aligner();
        this.maxPartners = maxPartners;
    }

    /// <summary>The intrusions of every member, ordered by document then offset.</summary>
    /// <param name="members">The copies of one story; fewer than two give nothing (no copy to compare with).</param>
    /// <param name="relations">Relations already computed among the members (by document ordinal), whose
    /// alignments are reused; pairs without one are aligned here.</param>
    public IReadOnlyList<Intrusion> Detect(IReadOnlyList<StoryMember> members, IReadOnlyList<Relation>? relations = null) =>
        Detect(members, relations, null);

    /// <summary>
    /// As <see cref="Detect(IReadOnlyList{StoryMember}, IReadOnlyList{Relation})"/>, with text each member is already
    /// known to share with another member (<paramref name="shared"/>, by document: reprinted passages). The given
    /// alignments and shared text are judged first; only a member that then shows furniture is aligned with its
    /// partners, and judged again: more coverage can only clear lines, so members clear on the evidence need no
    /// alignment (in tree mode, most of them).
    /// </summary>
    internal IReadOnlyList<Intrusion> Detect(IReadOnlyList<StoryMember> members, IReadOnlyList<Relation>? relations,
        IReadOnlyDictionary<int, List<TextSpan>>? shared, StoryTexts? room = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        var found = new List<Intrusion>();
        if (members.Count < 2)
        {
            return found;
        }

        var tokens = new MemberTokens(members, room ?? new StoryTexts());
        var index = new Dictionary<int, int>();
        for (int m = 0; m < members.Count; m++)
        {
            if (!index.TryAdd(members[m].Document, m))
            {
                throw new ArgumentException($"Document {members[m].Document} appears twice in the story.", nameof(members));
            }
        }

        // Covered characters of each member: the union of its passage spans against every other member.
        var covered = new List<TextSpan>[members.Count];
        for (int m = 0; m < members.Count; m++)
        {
            covered[m] = shared is not null && shared.TryGetValue(members[m].Document, out var spans) ? [.. spans] : [];
        }

        var done = new HashSet<(int, int)>();
        if (relations is not null)
        {
            foreach (var r in relations)
            {
                if (r.Alignment.IsEmpty || !index.TryGetValue(r.A, out int a) || !index.TryGetValue(r.B, out int b) || a == b
                    || r.Alignment.TokenCountA != tokens.Count(a) || r.Alignment.TokenCountB != tokens.Count(b))
                {
                    continue; // candidate-only relations carry no passages; a mismatched alignment is not this text's
                }

                AddPassages(r.Alignment, covered[a], covered[b]);
                done.Add((Math.Min(a, b), Math.Max(a, b)));
            }
        }

        int n = members.Count;
        var postings = new TokenPostings?[n];
        var scans = new int[n];
        var suspects = new List<int>();
        for (int m = 0; m < n; m++)
        {
            int before = found.Count;
            DetectIn(m, members, tokens, postings, scans, covered[m], found);
            if (found.Count > before)
            {
                suspects.Add(m);
                found.RemoveRange(before, found.Count - before);
            }
        }

        if (suspects.Count == 0)
        {
            return found;
        }

        // Each suspect aligned with its partners: the next and previous reach members (cyclically beyond
        // maxPartners), the pairs a full pass would align for it.
        bool all = n - 1 <= maxPartners;
        int reach = all ? n - 1 : Math.Max(1, maxPartners / 2);
        foreach (int a in suspects)
        {
            for (int d = 1; d <= reach; d++)
            {
                foreach (int b in (ReadOnlySpan<int>)[a + d, a - d])
                {
                    if ((all && (b < 0 || b >= n)) || (!all && b == a))
                    {
                        continue;
                    }

                    int partner = ((b % n) + n) % n;
                    if (done.Add((Math.Min(a, partner), Math.Max(a, partner))))
                    {
                        AddPassages(aligner.Align(tokens.Of(a), tokens.Of(partner)), covered[a], covered[partner]);
                    }
                }
            }
        }

        foreach (int m in suspects)
        {
            DetectIn(m, members, tokens, postings, scans, covered[m], found);
        }

        found.Sort(static (x, y) => x.Document != y.Document ? x.Document.CompareTo(y.Document) : x.Span.Start.CompareTo(y.Span.Start));
        return found;
    }

    /// <summary>The intrusions of a story found by the grouper, reusing its relations' alignments.</summary>
    /// <param name="story">The story; fewer than two members give nothing.</param>
    /// <param name="text">The text of a document by ordinal (the pipeline's text store).</param>
    public IReadOnlyList<Intrusion> Detect(Story story, Func<int, string> text) => Detect(story, text, null);

    /// <summary>As <see cref="Detect(Story, Func{int, string})"/>, with text each member shares with another (by document)
    /// and, where known, each member's token count (<paramref name="tokenCount"/>: null when unknown).</summary>
    internal IReadOnlyList<Intrusion> Detect(Story story, Func<int, string> text, IReadOnlyDictionary<int, List<TextSpan>>? shared,
        Func<int, int?>? tokenCount = null)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(text);
        if (story.Members.Count < 2)
        {
            return [];
        }

        var members = new List<StoryMember>(story.Members.Count);
        foreach (int d in story.Members)
        {
            string member = text(d);
            if (member.Length <= MaxMemberCharacters)
            {
                members.Add(new StoryMember(d, member, tokenCount: tokenCount?.Invoke(d)));
            }
        }

        return Detect(members, story.Relations, shared);
    }

    /// <summary>
    /// As <see cref="Detect(Story, Func{int, string})"/> for the scan: each member read from <paramref name="texts"/>
    /// into the worker's <paramref name="room"/> (no string a member), with text each member shares with another (by
    /// document) and each member's token count where known (<paramref name="tokenCount"/>: null when unknown).
    /// </summary>
    internal IReadOnlyList<Intrusion> Detect(Story story, Pipeline.TextStore texts, StoryTexts room, IReadOnlyDictionary<int, List<TextSpan>>? shared,
        Func<int, int?>? tokenCount = null)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(texts);
        if (story.Members.Count < 2)
        {
            return [];
        }

        room.Clear();
        var members = new List<StoryMember>(story.Members.Count);
        foreach (int d in story.Members)
        {
            int length = texts.LengthOf(d);
            if (length <= MaxMemberCharacters)
            {
                var text = room.Take(length);
                members.Add(new StoryMember(d, text[..texts.Read(d, text.Span)], TokenCount: tokenCount?.Invoke(d)));
            }
        }

        return Detect(members, story.Relations, shared, room);
    }

    /// <summary>Convenience: the intrusions among plain texts; <see cref="Intrusion.Document"/> is the index in <paramref name="texts"/>.</summary>
    public IReadOnlyList<Intrusion> Detect(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var members = new StoryMember[texts.Count];
        for (int k = 0; k < members.Length; k++)
        {
            members[k] = new StoryMember(k, texts[k]);
        }

        return Detect(members);
    }


    // The members' tokens, each made when first asked for (most members never are), kept in the worker's room.
    private sealed class MemberTokens(IReadOnlyList<StoryMember> members, StoryTexts room)
    {
        private readonly ReadOnlyMemory<Token>?[] tokens = new ReadOnlyMemory<Token>?[members.Count];

        public int Members => tokens.Length;

        public ReadOnlySpan<Token> Of(int m) => (tokens[m] ??= room.Tokenize(members[m].Text.Span)).Span;

        public int Count(int m) => tokens[m]?.Length ?? members[m].TokenCount ?? Of(m).Length;

        public ReadOnlySpan<char> TextOf(int m) => members[m].Text.Span;
    }

    // A line found verbatim in another copy between whitespace (or the text's ends) has its words there in order: a
    // word is a run of letters, digits and marks, so the tokens inside are the line's. Then that copy need not be
    // tokenized for Occurs (which would agree): most members never are.
    private static bool OccursVerbatim(ReadOnlySpan<char> line, ReadOnlySpan<char> other)
    {
        int from = 0;
        while (from <= other.Length - line.Length)
        {
            int at = other[from..].IndexOf(line, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += from;
            int end = at + line.Length;
            if ((at == 0 || char.IsWhiteSpace(other[at - 1])) && (end == other.Length || char.IsWhiteSpace(other[end])))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private static void AddPassages(Alignment alignment, List<TextSpan> a, List<TextSpan> b)
    {
        foreach (var p in alignment.Passages)
        {
            a.Add(p.A);
            b.Add(p.B);
        }
    }

    private static void DetectIn(int m, IReadOnlyList<StoryMember> members, MemberTokens tokens, TokenPostings?[] postings, int[] scans, List<TextSpan> covered,
        List<Intrusion> found)
    {
        var text = members[m].Text.Span;
        var lines = Lines.Of(text, members[m].Segmentation);
        covered.Sort(static (x, y) => x.Start.CompareTo(y.Start));
        var kinds = new LineKind[lines.Count];
        var cues = new string?[lines.Count];
        var aligned = new bool[lines.Count];
        for (int l = 0; l < lines.Count; l++)
        {
            // Only unaligned lines are judged: the others need not be read.
            aligned[l] = IsAligned(text, lines[l], covered, tokens, postings, scans, m);
            kinds[l] = aligned[l] ? LineKind.Prose : FurnitureCues.Classify(text[lines[l].Start..lines[l].End], out cues[l]);
        }

        int run = 0;
        while (run < lines.Count)
        {
            if (aligned[run])
            {
                run++;
                continue;
            }

            int end = run;
            while (end < lines.Count && !aligned[end])
            {
                end++;
            }

            Judge(members[m].Document, lines, kinds, cues, run, end, found);
            run = end;
        }
    }

    // A line is aligned when passages cover most of it; a short one must also occur word for word in another copy.
    private static bool IsAligned(ReadOnlySpan<char> text, TextSpan line, List<TextSpan> covered, MemberTokens tokens, TokenPostings?[] postings, int[] scans, int m)
    {
        int inside = 0, reach = line.Start;
        foreach (var c in covered)
        {
            if (c.Start >= line.End)
            {
                break;
            }

            int s = Math.Max(Math.Max(c.Start, line.Start), reach), e = Math.Min(c.End, line.End);
            if (e > s)
            {
                inside += e - s;
                reach = e;
            }
        }

        if (inside < AlignedShare * line.Length)
        {
            return false;
        }

        // Each space-separated word holding a letter or digit is at least one token: a line of more such words than
        // the exact check takes needs no tokenizing. A line's tokens are the text's tokens inside it (a line is cut at
        // a break and trimmed, and tokens are runs of word characters).
        var words = text[line.Start..line.End];
        if (SpacedWords(words, ExactCheckTokens + 1) > ExactCheckTokens)
        {
            return true;
        }

        using var lease = Tokenizer.Lease(words);
        var lineTokens = lease.Tokens;
        if (lineTokens.Length > ExactCheckTokens || lineTokens.IsEmpty)
        {
            return true;
        }

        // Every copy's text is searched before any copy is tokenized: the line is most often in one of them verbatim.
        for (int o = 0; o < tokens.Members; o++)
        {
            if (o != m && OccursVerbatim(words, tokens.TextOf(o)))
            {
                return true;
            }
        }

        for (int o = 0; o < tokens.Members; o++)
        {
            if (o != m && Occurs(lineTokens, tokens.Of(o), ref postings[o], ref scans[o]))
            {
                return true;
            }
        }

        return false;
    }

    // Runs of non-space characters that hold a letter or digit, counted up to most (prose lines are long). Every line
    // of every member that passages cover comes here: ASCII text is read 32 characters at a time.
    internal static int SpacedWords(ReadOnlySpan<char> line, int most)
    {
        int words = 0, at = 0;
        bool counted = false;
        if (Bmi2.X64.IsSupported && AsciiLineBlock.IsSupported)
        {
            at = SpacedWordsAscii(line, most, ref words, ref counted);
            if (words >= most)
            {
                return most;
            }
        }

        // From a block boundary on (or the start): a run is open there and counted as the vector part left it.
        bool inWord = at > 0;
        foreach (char c in line[at..])
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
                continue;
            }

            if (!inWord)
            {
                inWord = true;
                counted = false;
            }

            if (!counted && char.IsLetterOrDigit(c))
            {
                counted = true;
                if (++words == most)
                {
                    break;
                }
            }
        }

        return words;
    }

    // SpacedWords over whole blocks of ASCII characters; returns where it stopped (a block holding other characters,
    // the tail, or most words reached). Of the characters that are white space or letters and digits (the others, such
    // as punctuation, neither open nor close a word's count), a letter or digit right after white space, or first, opens
    // a counted word: packed in that order (pext), those are the set bits after a clear one. counted carries whether
    // the last such character was a letter or digit.
    private static int SpacedWordsAscii(ReadOnlySpan<char> line, int most, ref int words, ref bool counted)
    {
        int at = 0;
        for (; at + AsciiLineBlock.Length <= line.Length; at += AsciiLineBlock.Length)
        {
            if (!AsciiLineBlock.TryRead(line[at..], out uint whiteSpace, out _, out uint letterOrDigit))
            {
                break;
            }

            uint either = whiteSpace | letterOrDigit;
            ulong packed = Bmi2.X64.ParallelBitExtract(letterOrDigit, either);
            words += BitOperations.PopCount(packed & ~((packed << 1) | (counted ? 1ul : 0ul)));
            int kept = BitOperations.PopCount(either);
            counted = kept > 0 ? ((packed >> (kept - 1)) & 1) != 0 : counted;
            if (words >= most)
            {
                break;
            }
        }

        return at;
    }

    private static TokenPostings Postings(ReadOnlySpan<Token> tokens)
    {
        var hashes = new ulong[tokens.Length];
        var positions = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            hashes[i] = tokens[i].Hash;
            positions[i] = i;
        }

        hashes.AsSpan().Sort(positions.AsSpan());
        return new TokenPostings(hashes, positions);
    }

    // Each word's positions in one copy: two arrays sorted by word hash (a dictionary of lists was most of what the
    // furniture stage allocated). Positions of one word are in no particular order: Occurs asks whether any matches.
    private sealed record TokenPostings(ulong[] Hashes, int[] Positions)
    {
        public ReadOnlySpan<int> Of(ulong hash)
        {
            int lo = Hashes.AsSpan().BinarySearch(hash);
            if (lo < 0)
            {
                return [];
            }

            int hi = lo + 1;
            while (lo > 0 && Hashes[lo - 1] == hash)
            {
                lo--;
            }

            while (hi < Hashes.Length && Hashes[hi] == hash)
            {
                hi++;
            }

            return Positions.AsSpan(lo, hi - lo);
        }
    }

    // Lines a copy is searched for word by word before its words are sorted into postings: most copies are asked
    // about a headline or two, and sorting all their words cost more than that many scans.
    private const int ScansBeforePostings = 4;

    // Whether the words occur contiguously in the other copy: checked at the occurrences of the line's rarest word.
    private static bool Occurs(ReadOnlySpan<Token> words, ReadOnlySpan<Token> other, ref TokenPostings? postings, ref int scans)
    {
        if (postings is null && ++scans > ScansBeforePostings)
        {
            postings = Postings(other);
        }

        // The anchor is the first of the rarest words; a word the other copy lacks settles it.
        int at = -1, fewest = 0;
        for (int k = 0; k < words.Length; k++)
        {
            int occurrences = postings is null ? CountOf(other, words[k].Hash) : postings.Of(words[k].Hash).Length;
            if (occurrences == 0)
            {
                return false;
            }

            if (at < 0 || occurrences < fewest)
            {
                fewest = occurrences;
                at = k;
            }
        }

        if (fewest > MaxAnchorOccurrences)
        {
            return true; // every word is everywhere: trust the passages
        }

        if (postings is not null)
        {
            foreach (int p in postings.Of(words[at].Hash))
            {
                if (MatchesAt(words, other, p - at))
                {
                    return true;
                }
            }

            return false;
        }

        ulong anchor = words[at].Hash;
        for (int p = 0; p < other.Length; p++)
        {
            if (other[p].Hash == anchor && MatchesAt(words, other, p - at))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountOf(ReadOnlySpan<Token> tokens, ulong hash)
    {
        int count = 0;
        foreach (var token in tokens)
        {
            count += token.Hash == hash ? 1 : 0;
        }

        return count;
    }

    private static bool MatchesAt(ReadOnlySpan<Token> words, ReadOnlySpan<Token> other, int start)
    {
        if (start < 0 || start + words.Length > other.Length)
        {
            return false;
        }

        for (int k = 0; k < words.Length; k++)
        {
            if (other[start + k].Hash != words[k].Hash)
            {
                return false;
            }
        }

        return true;
    }

    // Decides which lines of the unaligned run [from, to) are furniture and reports each contiguous block.
    private static void Judge(int document, List<TextSpan> lines, LineKind[] kinds, string?[] cues, int from, int to, List<Intrusion> found)
    {
        // Clusters of consecutive non-prose lines are furniture when they carry a cue, or two headline-like lines
        // (a teaser list). A lone Title Case line, or subheads separated by prose, belong to the article.
        var take = new bool[to - from];
        bool any = false;
        int c = from;
        while (c < to)
        {
            if (kinds[c] == LineKind.Prose)
            {
                c++;
                continue;
            }

            int e = c, cueLines = 0, headlineLines = 0;
            while (e < to && kinds[e] != LineKind.Prose)
            {
                cueLines += kinds[e] == LineKind.Cue ? 1 : 0;
                headlineLines += kinds[e] == LineKind.Headline && e > 0 ? 1 : 0;
                e++;
            }

            if (cueLines > 0 || headlineLines >= 2)
            {
                for (int l = c; l < e; l++)
                {
                    // The document's first line is its own headline unless it says it is furniture.
                    take[l - from] = l > 0 || kinds[l] == LineKind.Cue;
                }

                // A teaser list ending in a headline may carry that story's summary: one prose line, no more.
                if (e < to && kinds[e - 1] == LineKind.Headline)
                {
                    take[e - from] = true;
                    e++;
                }

                any = true;
            }

            c = e;
        }

        if (!any)
        {
            return;
        }

        int k = from;
        while (k < to)
        {
            if (!take[k - from])
            {
                k++;
                continue;
            }

            int e = k;
            int blockCues = 0, blockHeadlines = 0, blockLines = 0;
            var named = new List<string>();
            while (e < to && take[e - from])
            {
                blockLines++;
                if (kinds[e] == LineKind.Cue)
                {
                    blockCues++;
                    if (named.Count < 3 && cues[e] is { } cue && !named.Contains(cue, StringComparer.OrdinalIgnoreCase))
                    {
                        named.Add(cue);
                    }
                }
                else if (kinds[e] == LineKind.Headline)
                {
                    blockHeadlines++;
                }

                e++;
            }

            double score = Math.Min(1.0, (blockCues > 0 ? 0.7 : 0.4) + (0.1 * blockCues) + (0.1 * blockHeadlines));
            var reason = new System.Text.StringBuilder("unaligned with the other copies");
            if (named.Count > 0)
            {
                reason.Append("; cue ").Append(string.Join(", ", named.Select(static n => "\"" + n + "\"")));
            }

            if (blockHeadlines > 0)
            {
                reason.Append(CultureInfo.InvariantCulture, $"; {blockHeadlines} headline-like line{(blockHeadlines > 1 ? "s" : "")}");
            }

            reason.Append(CultureInfo.InvariantCulture, $"; {blockLines} line{(blockLines > 1 ? "s" : "")}");
            found.Add(new Intrusion(document, new TextSpan(lines[k].Start, lines[e - 1].End), reason.ToString(), score));
            k = e;
        }
    }
}
