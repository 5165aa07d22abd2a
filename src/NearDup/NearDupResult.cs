using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Report;

namespace NearDup;

/// <summary>
/// What a scan found, with documents named by id: the relations with their shared passages, and the stories. The
/// texts stay in a temporary file, read back on demand by <see cref="Text(string)"/>; dispose the result to delete it.
/// </summary>
/// <remarks>
/// Relations and stories are built from the scan on first access, then kept. Safe to read from several threads.
/// </remarks>
public sealed class NearDupResult : IDisposable
{
    private readonly ScanResult scan;
    private readonly Dictionary<string, int> ordinals;
    private List<DocumentRelation>? relations;
    private List<DocumentStory>? stories;

    internal NearDupResult(ScanResult scan)
    {
        this.scan = scan;
        ordinals = new Dictionary<string, int>(scan.Documents.Count, StringComparer.Ordinal);
        foreach (var d in scan.Documents)
        {
            ordinals[d.Id] = d.Ordinal;
        }
    }

    /// <summary>The documents scanned, in input order; a repeated id was renamed <c>id#2</c>, <c>id#3</c> (with a problem).</summary>
    public IReadOnlyList<DocumentInfo> Documents => scan.Documents;

    /// <summary>Related pairs, ordered by A then B in input order; A was read before B.</summary>
    public IReadOnlyList<DocumentRelation> Relations => LazyInitializer.EnsureInitialized(ref relations, MapRelations);

    /// <summary>Stories: documents joined by relations, each with a canonical member.</summary>
    public IReadOnlyList<DocumentStory> Stories => LazyInitializer.EnsureInitialized(ref stories, MapStories);

    /// <summary>Input that was skipped or repaired, with where and why (the first 10,000; <see cref="ScanStats.Problems"/> counts all).</summary>
    public IReadOnlyList<InputProblem> Problems => scan.Problems;

    /// <summary>Counts and wall-clock time of each stage.</summary>
    public ScanStats Stats => scan.Stats;

    /// <summary>The pipeline's own result (ordinals, furniture), which the report writers take.</summary>
    internal ScanResult Scan => scan;

    /// <summary>The original text of document <paramref name="id"/>, as read.</summary>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    public string Text(string id) => scan.Text(OrdinalOf(id));

    /// <summary>The characters of <paramref name="span"/> in document <paramref name="id"/>: a passage's text.</summary>
    public string Text(string id, TextSpan span)
    {
        string text = Text(id);
        if (span.Start < 0 || span.End > text.Length || span.End < span.Start)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, $"Span must lie in [0, {text.Length}], the text of '{id}'.");
        }

        return span.Slice(text).ToString();
    }

    /// <summary>The relation of two documents, in either order; null when the scan found none. Linear in the relations.</summary>
    public DocumentRelation? Relation(string a, string b)
    {
        int ia = OrdinalOf(a), ib = OrdinalOf(b);
        (string first, string second) = ia <= ib ? (a, b) : (b, a);
        foreach (var r in Relations)
        {
            if (r.A == first && r.B == second)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>
    /// Writes the result as <c>neardup scan --format json</c> does (docs/OUTPUT.md): documents, relations with their
    /// passages (and, unless <see cref="ReportOptions.PassageText"/> is off, their text), stories, furniture, problems.
    /// </summary>
    public void WriteJson(Stream output, ReportOptions? options = null) => JsonReport.Write(scan, output, options);

    /// <summary>
    /// Writes one CSV table as <c>neardup scan --format csv</c> does (docs/OUTPUT.md): the relations, one row per pair
    /// with the two ids first; the story members; or the members of reprinted passages.
    /// </summary>
    public void WriteCsv(TextWriter output, CsvTable table = CsvTable.Relations)
    {
        switch (table)
        {
            case CsvTable.Relations:
                CsvReport.Write(scan, output);
                break;
            case CsvTable.Stories:
                CsvReport.WriteStories(scan, output);
                break;
            case CsvTable.Passages:
                CsvReport.WritePassages(scan, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table), table, "Table must be Relations, Stories or Passages.");
        }
    }

    /// <summary>
    /// Writes one self-contained HTML page that works offline (<c>neardup scan --format html</c>): stories, relations,
    /// passage clusters, and each pair side by side with its passages lit up.
    /// </summary>
    public void WriteHtml(Stream output) => HtmlReport.Write(scan, output);

    /// <summary>Writes the readable summary <c>neardup scan</c> prints: counts, the strongest relations with their passages, stories, problems.</summary>
    public void WriteText(TextWriter output) => ConsoleReport.Write(scan, output);

    public void Dispose() => scan.Dispose();

    private int OrdinalOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ordinals.TryGetValue(id, out int ordinal) ? ordinal : throw new KeyNotFoundException($"No document has id '{id}'.");
    }

    private List<DocumentRelation> MapRelations()
    {
        var list = new List<DocumentRelation>(scan.Relations.Count);
        foreach (var r in scan.Relations)
        {
            list.Add(DocumentRelation.From(r, scan.Documents[r.A].Id, scan.Documents[r.B].Id));
        }

        return list;
    }

    private List<DocumentStory> MapStories()
    {
        // Story relations are the scan's own Relation objects: find their mapped twins by reference.
        var mapped = new Dictionary<Relation, DocumentRelation>(ReferenceEqualityComparer.Instance);
        var all = Relations;
        for (int i = 0; i < all.Count; i++)
        {
            mapped[scan.Relations[i]] = all[i];
        }

        var list = new List<DocumentStory>(scan.Stories.Count);
        foreach (var s in scan.Stories)
        {
            var members = new string[s.Members.Count];
            for (int i = 0; i < members.Length; i++)
            {
                members[i] = scan.Documents[s.Members[i]].Id;
            }

            var storyRelations = new List<DocumentRelation>(s.Relations.Count);
            foreach (var r in s.Relations)
            {
                storyRelations.Add(mapped.TryGetValue(r, out var m) ? m : DocumentRelation.From(r, scan.Documents[r.A].Id, scan.Documents[r.B].Id));
            }

            list.Add(new DocumentStory(s.Id, members, scan.Documents[s.Canonical].Id, storyRelations));
        }

        return list;
    }
}
