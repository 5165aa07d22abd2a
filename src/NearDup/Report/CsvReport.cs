using System.Globalization;
using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Report;

/// <summary>
/// CSV for spreadsheets and data tools (RFC 4180 quoting), three tables: relations (one row per related pair, the
/// two document ids first), story members, and passage cluster members. The CLI writes the last two beside the
/// first (<c>FILE.stories.csv</c>, <c>FILE.passages.csv</c>); see docs/OUTPUT.md.
/// </summary>
internal static class CsvReport
{
    public const string Header = "a,b,kind,direction,coverage_a,coverage_b,confidence,passages,story";

    /// <summary>Header of the story table: one row per member.</summary>
    public const string StoriesHeader = "story,id,canonical,relation,to,direction";

    /// <summary>Header of the passage cluster table: one row per member.</summary>
    public const string PassagesHeader = "passage,id,start,end,first_token,end_token,members";

    /// <summary>One row per story member: how it relates (<c>canonical</c>, or the relation to the member <c>to</c>).</summary>
    public static void WriteStories(ScanResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(StoriesHeader);
        foreach (var s in result.Stories)
        {
            string canonical = Quote(result.Documents[s.Canonical].Id);
            foreach (var link in StoryLink.Of(s))
            {
                output.Write(s.Id.ToString(CultureInfo.InvariantCulture));
                output.Write(',');
                output.Write(Quote(result.Documents[link.Document].Id));
                output.Write(',');
                output.Write(canonical);
                output.Write(',');
                output.Write(link.Document == s.Canonical ? "canonical" : WireNames.Of(link.Kind));
                output.Write(',');
                output.Write(link.To >= 0 ? Quote(result.Documents[link.To].Id) : "");
                output.Write(',');
                output.Write(link.To >= 0 ? WireNames.Of(link.Direction) : "");
                output.WriteLine();
            }
        }
    }

    /// <summary>One row per passage cluster member: its offsets (UTF-16, <c>[start, end)</c>) and token range.</summary>
    public static void WritePassages(ScanResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(PassagesHeader);
        foreach (var c in result.PassageClusters)
        {
            foreach (var m in c.Members)
            {
                output.Write(c.Id.ToString(CultureInfo.InvariantCulture));
                output.Write(',');
                output.Write(Quote(result.Documents[m.Document].Id));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $",{m.Span.Start},{m.Span.End},{m.FirstToken},{m.EndToken},{c.Members.Count}"));
            }
        }
    }

    public static void Write(ScanResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var storyOf = new int[result.Documents.Count];
        Array.Fill(storyOf, -1);
        foreach (var s in result.Stories)
        {
            foreach (int m in s.Members)
            {
                storyOf[m] = s.Id;
            }
        }

        output.WriteLine(Header);
        foreach (var r in result.Relations)
        {
            output.Write(Quote(result.Documents[r.A].Id));
            output.Write(',');
            output.Write(Quote(result.Documents[r.B].Id));
            output.Write(',');
            output.Write(WireNames.Of(r.Kind));
            output.Write(',');
            output.Write(WireNames.Of(r.Direction));
            output.Write(string.Create(CultureInfo.InvariantCulture, $",{r.CoverageA:0.####},{r.CoverageB:0.####},{r.Confidence:0.####},{r.Alignment.Passages.Count},{storyOf[r.A]}"));
            output.WriteLine();
        }
    }

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
