using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NearDup.Benchmarks;

/// <summary>MB/s of text per core: the <c>Size</c> parameter (characters of ASCII text = bytes) over the mean time.</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Megabytes (1e6) of input text processed per second on one core";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        object? size = benchmarkCase.Parameters["Size"];
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (size is not int chars || mean is not > 0)
        {
            return "-";
        }

        return (chars / mean.Value * 1e3).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
