using System.Globalization;
using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Report;

/// <summary>Writes one CSV row per related pair (RFC 4180 quoting), for spreadsheets and data tools.</summary>
public static class CsvReport
{
    public const string Header = "a,b,kind,direction,coverage_a,coverage_b,confidence,passages,story";

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
            output.Write(RelationNames.Name(r.Kind));
            output.Write(',');
            output.Write(RelationNames.Name(r.Direction));
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
