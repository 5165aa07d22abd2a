using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Boilerplate;

/// <summary>
/// Learns from a corpus which lines are furniture: lines that recur verbatim (after word normalization) in many
/// documents of one site (menus, footers, sign-up boxes, related-story lists), or in many sites when they are short
/// (standard disclaimers). Such lines are not evidence of reuse.
/// </summary>
/// <remarks>
/// <para>Streaming: only a 64-bit hash of each distinct line and a few counters are kept (per site and across
/// sites), never the text; past <see cref="BoilerplateOptions.MaxLines"/> lines seen once are forgotten.</para>
/// <para>Site is <c>Document.Source</c>, else the host of its url (<see cref="SourceOf(string, string)"/>); documents without either
/// only feed the cross-site counts.</para>
/// <para>Not thread-safe while learning; queries after learning may run concurrently.</para>
/// </remarks>
internal sealed class BoilerplateModel
{
    // 2^64 / golden ratio (odd): the multiplier of the rolling polynomial hash, as in Fibonacci hashing (Knuth 6.4).
    private const ulong GoldenRatio = 0x9E3779B97F4A7C15UL;

    // Lines of this many tokens or more make a document's context (shorter ones are menu items and labels).
    private const int ContextMinTokens = 6;
    private const int ContextSize = 2;

    private readonly BoilerplateOptions options;
    private readonly Dictionary<ulong, SiteEntry> site = [];
    private readonly Dictionary<ulong, CrossEntry> cross = [];
    private readonly Dictionary<ulong, int> sourceDocuments = [];
    private int documents;
    [ThreadStatic]
    private static Token[]? queryBuffer;

    public BoilerplateModel(BoilerplateOptions? options = null)
    {
        this.options = (options ?? new BoilerplateOptions()).Validate();
    }

    public BoilerplateOptions Options => options;

    /// <summary>Documents learned.</summary>
    public int Documents => documents;

    /// <summary>Distinct lines (per site and across sites) held now.</summary>
    public int DistinctLines => site.Count + cross.Count;

    /// <summary>The site of a document: its <see cref="Document.Source"/>, else its url's host, else null.</summary>
    public static string? SourceOf(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SourceOf(document.Source, document.Url);
    }

    /// <summary>The site from a source name, else a url's host (lower case, without "www."), else null.</summary>
    public static string? SourceOf(string? source, string? url)
    {
        if (!string.IsNullOrWhiteSpace(source))
        {
            return source;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        string host = uri.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    /// <summary>Learns every document of <paramref name="corpus"/>, one at a time.</summary>
    public void Learn(IEnumerable<(int Document, string? Source, string Text, Segmentation Segmentation)> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        foreach (var (document, source, text, segmentation) in corpus)
        {
            Add(document, source, text, segmentation);
        }
    }

    /// <summary>Learns one document: counts each distinct line once.</summary>
    /// <exception cref="ArgumentException">The text is null or the segmentation is not this text's.</exception>
    public void Add(int document, string? source, string text, Segmentation? segmentation = null)
    {
        if (text is null)
        {
            throw new ArgumentException($"Document {document}: text is null.", nameof(text));
        }

        Add(source, HashLines(text, segmentation));
    }

    /// <summary>The hash of each line of <paramref name="text"/>, each line tokenized on its own.</summary>
    internal static LineHash[] HashLines(string text, Segmentation? segmentation) => HashLines(text, Lines.Of(text, segmentation));

    private static LineHash[] HashLines(string text, List<TextSpan> lines)
    {
        var hashes = new LineHash[lines.Count];
        Token[] local = queryBuffer ?? new Token[64];
        for (int l = 0; l < hashes.Length; l++)
        {
            hashes[l] = new LineHash(HashOf(lines[l].Slice(text), ref local, out int count), count);
        }

        queryBuffer = local.Length <= 4096 ? local : null;
        return hashes;
    }

    /// <summary>
    /// The hash of each line of <paramref name="text"/> (as <see cref="Add(int, string?, string, Segmentation?)"/>
    /// takes them) from the text's own <paramref name="tokens"/>: the scan has them already, and tokenizing every line
    /// again cost as much as the whole fingerprint. Thread-safe.
    /// </summary>
    internal static LineHash[] HashLines(string text, ReadOnlySpan<Token> tokens) => HashLines(Lines.Of(text, null), tokens);

    private static LineHash[] HashLines(List<TextSpan> lines, ReadOnlySpan<Token> tokens)
    {
        var hashes = new LineHash[lines.Count];
        int t = 0;
        for (int l = 0; l < hashes.Length; l++)
        {
            var line = lines[l];
            while (t < tokens.Length && tokens[t].Start < line.Start)
            {
                t++;
            }

            int first = t;
            while (t < tokens.Length && tokens[t].End <= line.End)
            {
                t++;
            }

            hashes[l] = new LineHash(HashOf(tokens[first..t]), t - first);
        }

        return hashes;
    }

    /// <summary>Learns one document from its <see cref="HashLines(string, ReadOnlySpan{Token})"/>: counts each distinct line once.</summary>
    internal void Add(string? source, ReadOnlySpan<LineHash> hashes)
    {
        documents++;
        int serial = documents;
        ulong src = SourceHash(source);
        if (src != 0)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sourceDocuments, src, out _)++;
        }

        // The document's context: its three smallest hashes of lines long enough to be content. Copies of one story
        // share such lines, so their contexts meet; unrelated pages of different sites do not.
        Span<ulong> bottom = stackalloc ulong[ContextSize + 1];
        bottom.Fill(ulong.MaxValue);
        foreach (var (h, count) in hashes)
        {
            if (count >= ContextMinTokens)
            {
                InsertBottom(bottom, h);
            }
        }

        foreach (var (h, count) in hashes)
        {
            if (count == 0)
            {
                continue;
            }

            if (src != 0)
            {
                ref var s = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(site, Mix(h, src), out _);
                if (s.LastDocument != serial)
                {
                    s.LastDocument = serial;
                    s.Documents++;
                }
            }

            if (count <= options.MaxCrossSourceTokens)
            {
                ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(cross, h, out _);
                if (c.LastDocument != serial)
                {
                    c.LastDocument = serial;
                    c.Documents++;
                    c.AddSource(src);
                    ulong x = 0, y = 0;
                    foreach (ulong b in bottom)
                    {
                        if (b == h || b == ulong.MaxValue)
                        {
                            continue; // the line itself is no context of itself
                        }

                        if (x == 0)
                        {
                            x = b;
                        }
                        else if (y == 0)
                        {
                            y = b;
                        }
                    }

                    c.AddContext(x, y);
                }
            }
        }

        if (site.Count + cross.Count > options.MaxLines)
        {
            Prune();
        }
    }

    /// <summary>The number of a site's documents a line must recur in to be its furniture.</summary>
    public int Threshold(string? source)
    {
        if (options.MinDocuments is int fixedK)
        {
            return fixedK;
        }

        int n = sourceDocuments.TryGetValue(SourceHash(source), out int d) ? d : documents;
        return Math.Max(options.MinDocumentsFloor, (int)Math.Ceiling(Math.Log2(Math.Max(n, 1))));
    }

    /// <summary>Whether one line or paragraph is boilerplate: furniture of <paramref name="source"/>, or recurring across sites.</summary>
    public bool IsBoilerplate(ReadOnlySpan<char> paragraph, string? source = null)
    {
        var local = queryBuffer ??= new Token[64]; // per thread: queries may run concurrently
        ulong h = HashOf(paragraph, ref local, out int count);
        queryBuffer = local.Length <= 4096 ? local : null;
        return count > 0 && IsBoilerplate(h, count, SourceHash(source), source);
    }

    /// <summary>The boilerplate of <paramref name="text"/>: its furniture lines, neighbours merged, in order.</summary>
    public IReadOnlyList<TextSpan> Spans(string text, string? source = null, Segmentation? segmentation = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Lines.Of(text, segmentation);
        return Spans(text, lines, HashLines(text, lines), source);
    }

    /// <summary>As <see cref="Spans(string, string?, Segmentation?)"/> without a segmentation, from the text's own
    /// <paramref name="tokens"/> (all of them): no line is tokenized again. Thread-safe.</summary>
    internal IReadOnlyList<TextSpan> Spans(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, string? source)
    {
        var lines = Lines.Of(text, null);
        return Spans(text, lines, HashLines(lines, tokens), source);
    }

    private List<TextSpan> Spans(ReadOnlySpan<char> text, List<TextSpan> lines, LineHash[] hashes, string? source)
    {
        ulong src = SourceHash(source);
        var spans = new List<TextSpan>();
        for (int l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            if (hashes[l].Count == 0 || !IsBoilerplate(hashes[l].Hash, hashes[l].Count, src, source))
            {
                continue;
            }

            // Neighbouring lines with only white space between them make one span.
            if (spans.Count > 0 && text.Slice(spans[^1].End, line.Start - spans[^1].End).IsWhiteSpace())
            {
                spans[^1] = spans[^1] with { End = line.End };
            }
            else
            {
                spans.Add(line);
            }
        }

        return spans;
    }

    private bool IsBoilerplate(ulong h, int count, ulong src, string? source)
    {
        if (src != 0 && site.TryGetValue(Mix(h, src), out var s) && s.Documents >= Threshold(source))
        {
            return true;
        }

        return count <= options.MaxCrossSourceTokens
            && cross.TryGetValue(h, out var c)
            && c.Sources >= options.MinSources
            && c.Unrelated >= options.MinSources
            && c.Documents >= Math.Max(options.MinDocuments ?? options.MinDocumentsFloor, options.MinSources);
    }

    // Order-sensitive hash of the line's normalized words (the tokenizer's hashes): case and punctuation do not count.
    private static ulong HashOf(ReadOnlySpan<char> line, ref Token[] local, out int count)
    {
        count = Tokenizer.Tokenize(line, ref local);
        return HashOf(local.AsSpan(0, count));
    }

    private static ulong HashOf(ReadOnlySpan<Token> tokens)
    {
        ulong h = 0;
        foreach (var token in tokens)
        {
            h = unchecked((h * GoldenRatio) + token.Hash);
        }

        return Mix(h, (ulong)tokens.Length);
    }

    // Keeps the smallest values in ascending order (a bottom-k sketch); the last slot is scratch.
    private static void InsertBottom(Span<ulong> bottom, ulong h)
    {
        int k = bottom.Length - 1;
        if (h >= bottom[k - 1] || bottom[..k].Contains(h))
        {
            return;
        }

        int at = k - 1;
        while (at > 0 && bottom[at - 1] > h)
        {
            bottom[at] = bottom[at - 1];
            at--;
        }

        bottom[at] = h;
    }

    private static ulong SourceHash(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return 0;
        }

        ulong h = 14695981039346656037UL; // FNV-1a over the lower-cased name
        foreach (char ch in source.Trim())
        {
            h = unchecked((h ^ char.ToLowerInvariant(ch)) * 1099511628211UL);
        }

        return h == 0 ? 1 : h;
    }

    private static ulong Mix(ulong a, ulong b)
    {
        ulong x = unchecked((a ^ (b * GoldenRatio)) * 0xBF58476D1CE4E5B9UL);
        return x ^ (x >> 31);
    }

    // Forget lines seen in one document only; if that is not enough, those seen in two, and so on.
    private void Prune()
    {
        for (int floor = 1; site.Count + cross.Count > options.MaxLines * 3L / 4; floor++)
        {
            foreach (var (key, value) in site)
            {
                if (value.Documents <= floor)
                {
                    site.Remove(key);
                }
            }

            foreach (var (key, value) in cross)
            {
                if (value.Documents <= floor)
                {
                    cross.Remove(key);
                }
            }
        }
    }

    private struct SiteEntry
    {
        public int Documents;
        public int LastDocument;
    }

    private struct CrossEntry
    {
        public int Documents;
        public int LastDocument;
        public byte Sources;
        public byte Unrelated;
        private ulong first;
        private ulong second;
        private ulong c0, c1, c2, c3;

        // Counts documents whose context meets none of those seen so far (up to two contexts kept): a line in
        // many copies of one story stays at one, a disclaimer on pages of unrelated sites climbs.
        public void AddContext(ulong x, ulong y)
        {
            bool meets = Has(x) || Has(y);
            if (meets || Unrelated >= 200)
            {
                return;
            }

            Unrelated++;
            if (c0 == 0)
            {
                (c0, c1) = (x, y);
            }
            else if (c2 == 0)
            {
                (c2, c3) = (x, y);
            }
        }

        private readonly bool Has(ulong v) => v != 0 && (v == c0 || v == c1 || v == c2 || v == c3);

        // Counts distinct sources exactly up to three (enough for the MinSources test); later ones saturate.
        public void AddSource(ulong source)
        {
            if (source == 0 || source == first || source == second || Sources >= 200)
            {
                return;
            }

            if (first == 0)
            {
                first = source;
            }
            else if (second == 0)
            {
                second = source;
            }

            Sources++;
        }
    }
}
