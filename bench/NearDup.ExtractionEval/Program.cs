using System.Globalization;
using NearDup.Evaluation;

// Runs NearDup's extractor and SmartReader on a labelled extraction set until `neardup eval` exists:
//   dotnet run -c Release --project bench/NearDup.ExtractionEval -- article-extraction ../shared/eval/article-extraction
//   dotnet run -c Release --project bench/NearDup.ExtractionEval -- trafilatura ../shared/eval/trafilatura [--max-pages N] [--no-smartreader]
if (args.Length < 2 || args[0] is not ("article-extraction" or "trafilatura"))
{
    Console.Error.WriteLine("usage: NearDup.ExtractionEval (article-extraction|trafilatura) DIR [--max-pages N] [--no-smartreader]");
    return 2;
}

int? maxPages = null;
int at = Array.IndexOf(args, "--max-pages");
if (at >= 0 && at + 1 < args.Length)
{
    maxPages = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
}

var options = new ExtractionEvaluationOptions { MaxPages = maxPages, CompareSmartReader = !args.Contains("--no-smartreader") };
ExtractionEvaluationResult r = args[0] == "article-extraction"
    ? ArticleExtractionEvaluator.Run(args[1], options)
    : TrafilaturaEvaluator.Run(args[1], options);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Dataset}: {r.Pages} pages, {r.Elapsed.TotalSeconds:F1} s wall"));
Console.WriteLine("extractor    precision  recall  F1     empty  extraction time");
foreach (ExtractionScore? s in new[] { r.NearDup, r.SmartReader })
{
    if (s is not null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Extractor,-12} {s.Precision,9:F3}  {s.Recall,6:F3}  {s.F1:F3}  {s.EmptyPages,5}  {s.Time.TotalSeconds,6:F1} s"));
    }
}

return 0;
