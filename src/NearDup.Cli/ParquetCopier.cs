using System.Reflection;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace NearDup.Cli;

/// <summary>
/// Copies the kept rows of a Parquet file into a new one with the input's schema, custom metadata and compression
/// codec (that of its first column chunk, when Parquet.Net writes it; else Parquet.Net's default): every column,
/// nested ones too, copied value for value through Parquet.Net's raw column data (values with their definition and
/// repetition levels), so nothing is converted and no type needs to be known here. Rows are 1-based across row
/// groups, as <see cref="NearDup.Read.ParquetDocumentReader"/> numbers them in a document's origin. Memory is one row
/// group's column at a time; a row group left with no rows is not written.
/// </summary>
internal static class ParquetCopier
{
    private static readonly MethodInfo CopyColumnMethod =
        typeof(ParquetCopier).GetMethod(nameof(CopyColumnAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static async Task CopyAsync(string input, string output, IReadOnlySet<long> keptRows, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.DataFields;
        await using var target = File.Create(output);
        var options = new ParquetOptions();
        if (Codec(reader) is { } codec)
        {
            options.CompressionMethod = codec;
        }

        await using var writer = await ParquetWriter.CreateAsync(reader.Schema, target, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        writer.CustomMetadata = reader.CustomMetadata;
        long rowBase = 0;
        for (int group = 0; group < reader.RowGroupCount; group++)
        {
            using var groupReader = reader.OpenRowGroupReader(group);
            int rows = checked((int)groupReader.RowCount);
            var keep = new bool[rows];
            int kept = 0;
            for (int i = 0; i < rows; i++)
            {
                keep[i] = keptRows.Contains(rowBase + i + 1);
                kept += keep[i] ? 1 : 0;
            }

            rowBase += rows;
            if (kept == 0)
            {
                continue;
            }

            using var groupWriter = writer.CreateRowGroup();
            foreach (var field in fields)
            {
                using var raw = await groupReader.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
                var valueType = raw.GetType().GetGenericArguments()[0];
                var copy = (Task)CopyColumnMethod.MakeGenericMethod(valueType).Invoke(null, [groupWriter, field, raw, keep, cancellationToken])!;
                await copy.ConfigureAwait(false);
            }

            groupWriter.CompleteValidate();
        }
    }

    /// <summary>The input's codec when the writer supports it. Parquet's codec numbers are CompressionMethod's.</summary>
    private static CompressionMethod? Codec(ParquetReader reader)
    {
        var codec = reader.Metadata?.RowGroups?.FirstOrDefault()?.Columns?.FirstOrDefault()?.MetaData?.Codec;
        if (codec is null)
        {
            return null;
        }

        var method = (CompressionMethod)(int)codec.Value;
        return method is CompressionMethod.None or CompressionMethod.Snappy or CompressionMethod.Gzip or CompressionMethod.Brotli or CompressionMethod.Zstd or CompressionMethod.Lz4Raw
            ? method
            : null;
    }

    /// <summary>
    /// Writes the entries of the kept rows of one column. A row starts at each repetition level 0 (every entry is a
    /// row when the column repeats nothing); an entry carries a value when its definition level is the maximum.
    /// </summary>
    private static Task CopyColumnAsync<T>(ParquetRowGroupWriter writer, DataField field, RawColumnData<T> raw, bool[] keep, CancellationToken cancellationToken)
        where T : struct
    {
        bool defined = field.MaxDefinitionLevel > 0, repeated = field.MaxRepetitionLevel > 0;
        ReadOnlySpan<T> values = raw.Values;
        ReadOnlySpan<int> definitions = defined ? raw.DefinitionLevels : default;
        ReadOnlySpan<int> repetitions = repeated ? raw.RepetitionLevels : default;
        int entries = defined ? definitions.Length : values.Length;
        var keptValues = new List<T>(values.Length);
        var keptDefinitions = defined ? new List<int>(entries) : null;
        var keptRepetitions = repeated ? new List<int>(entries) : null;
        int row = -1, value = 0;
        for (int e = 0; e < entries; e++)
        {
            if (!repeated || repetitions[e] == 0)
            {
                row++;
            }

            bool hasValue = !defined || definitions[e] == field.MaxDefinitionLevel;
            if (keep[row])
            {
                keptDefinitions?.Add(definitions[e]);
                keptRepetitions?.Add(repetitions[e]);
                if (hasValue)
                {
                    keptValues.Add(values[value]);
                }
            }

            value += hasValue ? 1 : 0;
        }

        if (!defined && !repeated)
        {
            // WriteAllPartsAsync counts no rows for a column without levels (Parquet.Net 6.1).
            return writer.WriteAsync<T>(field, keptValues.ToArray(), cancellationToken: cancellationToken);
        }

        return writer.WriteAllPartsAsync<T>(
            field,
            keptValues.ToArray(),
            keptDefinitions?.ToArray(),
            keptRepetitions?.ToArray(),
            cancellationToken);
    }
}
