using System.Globalization;
using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Report;

/// <summary>A readable summary: the relations with their strongest passages, the stories, and any skipped input.</summary>
internal static class ConsoleReport
{
    public static void Write(ScanResult result, TextWriter output, int maxRelations = 50, int passagesPerRelation = 2)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var s = result.Stats;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"{s.Documents:N0} documents ({s.Characters / 1e6:0.##} M chars), {s.Candidates:N0} candidate pairs, {s.Alignments:N0} aligned, {s.Relations:N0} relations ({(s.RelationsMode == RelationsMode.All ? "all" : "tree")}), {s.Stories:N0} stories, {s.PassageClusters:N0} reprinted passages in {s.Total.TotalSeconds:0.##} s"));
        if (s.Problems > 0)
        {
            output.WriteLine(string.Create(inv, $"{s.Problems:N0} input problems (skipped or repaired): see below"));
        }

        if (s.Notes > 0)
        {
            output.WriteLine(string.Create(inv, $"{s.Notes:N0} notes on input read whole (e.g. decoded by detection): see below"));
        }

        output.WriteLine();
        int shown = 0;
        foreach (var r in result.Relations.OrderByDescending(r => Math.Max(r.CoverageA, r.CoverageB)))
        {
            if (shown++ == maxRelations)
            {
                output.WriteLine(string.Create(inv, $"... and {result.Relations.Count - maxRelations:N0} more relations (use --format json for all)"));
                break;
            }

            var a = result.Documents[r.A];
            var b = result.Documents[r.B];
            output.WriteLine(string.Create(inv,
                $"{WireNames.Of(r.Kind),-14} {a.Id}  ~  {b.Id}   coverage {r.CoverageA:P0} / {r.CoverageB:P0}, {r.Alignment.Passages.Count} passages{DirectionNote(r, a.Id, b.Id)}"));
            output.WriteLine("    " + r.Reason);
            if (passagesPerRelation > 0 && r.Alignment.Passages.Count > 0)
            {
                string textA = result.Text(r.A);
                string textB = result.Text(r.B);
                foreach (var p in r.Alignment.Passages.OrderByDescending(p => p.MatchedTokens).Take(passagesPerRelation))
                {
                    output.WriteLine(string.Create(inv, $"    {WireNames.Of(p.Kind)} {p.A} ~ {p.B}, {p.MatchedTokens} words, similarity {p.Similarity:0.00}"));
                    output.WriteLine("      A: " + Excerpt(p.A.Slice(textA)));
                    output.WriteLine("      B: " + Excerpt(p.B.Slice(textB)));
                }
            }
        }

        if (result.Stories.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Stories:");
            foreach (var story in result.Stories.Take(maxRelations))
            {
                output.WriteLine(string.Create(inv,
                    $"  story {story.Id}: {story.Members.Count} documents, canonical {result.Documents[story.Canonical].Id}"));
                foreach (var link in StoryLink.Of(story).Skip(1))
                {
                    output.WriteLine(link.To < 0
                        ? $"    {result.Documents[link.Document].Id}"
                        : $"    {result.Documents[link.Document].Id}  {WireNames.Of(link.Kind)}{DirectionNote(link.Direction)}  {result.Documents[link.To].Id}");
                }
            }

            if (result.Stories.Count > maxRelations)
            {
                output.WriteLine(string.Create(inv, $"  ... and {result.Stories.Count - maxRelations:N0} more stories"));
            }
        }

        if (result.PassageClusters.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Reprinted passages (each found once, with every document that holds it):");
            foreach (var c in result.PassageClusters.OrderByDescending(c => c.Members.Count).ThenBy(c => c.Id).Take(maxRelations))
            {
                var first = c.Members[0];
                output.WriteLine(string.Create(inv, $"  passage {c.Id}: {c.Members.Count} documents, {first.Tokens} words: {string.Join(", ", c.Members.Take(8).Select(m => $"{result.Documents[m.Document].Id} {m.Span}"))}{(c.Members.Count > 8 ? ", …" : "")}"));
                output.WriteLine("    " + Excerpt(first.Span.Slice(result.Text(first.Document))));
            }

            if (result.PassageClusters.Count > maxRelations)
            {
                output.WriteLine(string.Create(inv, $"  ... and {result.PassageClusters.Count - maxRelations:N0} more passages (use --format json for all)"));
            }
        }

        var intrusions = result.Furniture.Where(f => f.Kind == FurnitureKind.Intrusion).ToList();
        if (intrusions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Spliced furniture (in one copy, aligned with nothing else in its story):");
            foreach (var f in intrusions.Take(50))
            {
                output.WriteLine(string.Create(inv, $"  {result.Documents[f.Document].Id} {f.Span}: {f.Reason}"));
                output.WriteLine("    " + Excerpt(f.Span.Slice(result.Text(f.Document))));
            }
        }

        if (result.Problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Input problems and notes:");
            foreach (var p in result.Problems.Take(50))
            {
                output.WriteLine("  " + p);
            }

            if (result.Problems.Count > 50)
            {
                output.WriteLine(string.Create(inv, $"  ... and {result.Problems.Count - 50:N0} more"));
            }
        }
    }

    private static string DirectionNote(NearDup.Relate.Relation r, string a, string b) => r.Direction switch
    {
        NearDup.Relate.Direction.AInsideB => $" ({a} inside {b})",
        NearDup.Relate.Direction.BInsideA => $" ({b} inside {a})",
        NearDup.Relate.Direction.AFromB => $" ({a} derives from {b})",
        NearDup.Relate.Direction.BFromA => $" ({b} derives from {a})",
        _ => "",
    };

    // Seen from the member (a) to the member it is joined to (b).
    private static string DirectionNote(Direction direction) => direction switch
    {
        Direction.AInsideB => " (inside)",
        Direction.BInsideA => " (contains it)",
        Direction.AFromB => " (derives from)",
        Direction.BFromA => " (source of)",
        _ => "",
    };

    private static string Excerpt(ReadOnlySpan<char> text, int max = 110)
    {
        string flat = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 40), " … ", flat.AsSpan(flat.Length - 37));
    }

}
