using System.CommandLine;
using NearDup.Evaluation.Synth;

namespace NearDup.Cli;

/// <summary><c>neardup synth</c>: writes a synthetic news corpus with planted copies and its ground truth.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count", "-n") { Description = "Documents to write.", DefaultValueFactory = _ => 10_000 };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for corpus.jsonl and truth.tsv.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Random seed: the same seed writes the same corpus.", DefaultValueFactory = _ => 1 };
        var copies = new Option<double>("--copy-fraction") { Description = "Share of documents that are planted derivations.", DefaultValueFactory = _ => new SynthOptions().CopyFraction };
        var paraphrases = new Option<string?>("--paraphrases") { Description = "Plant article pairs built from this MRPC folder or file (read now, never stored in the tool): rewrites (truth 'paraphrase') and hard negatives (truth 'hard-negative')." };
        var folder = new Option<bool>("--txt") { Description = "Also write the corpus as a folder of .txt files (txt/), for tools that read folders." };
        var dense = new Option<bool>("--dense") { Description = "Write the reuse-dense corpus instead: documents of 15-35 real sentences from --sentences, one in ten an edited copy (--copy-fraction defaults to 0.1)." };
        var sentences = new Option<string?>("--sentences") { Description = "With --dense: the MRPC folder or file whose sentences (both sides, every .txt file) make the pool; read now, never stored in the tool." };
        var command = new Command("synth", "Write a synthetic corpus with planted copies (trims, edits, insertions, excerpts, shuffles) and its ground truth.")
        {
            count, outDir, seed, copies, paraphrases, folder, dense, sentences,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(dense))
            {
                if (parse.GetValue(paraphrases) is not null || parse.GetValue(folder))
                {
                    await Console.Error.WriteLineAsync("neardup synth: --paraphrases and --txt apply to the synthetic corpus, not to --dense").ConfigureAwait(false);
                    return ExitCodes.Failed;
                }

                return await WriteDenseAsync(parse, count, outDir, seed, copies, sentences, cancellationToken).ConfigureAwait(false);
            }

            SynthOptions options;
            try
            {
                options = new SynthOptions
                {
                    Count = parse.GetValue(count), Seed = parse.GetValue(seed), CopyFraction = parse.GetValue(copies),
                    Paraphrases = PlantedArticles(parse.GetValue(paraphrases)),
                };
                options.Validate();
            }
            catch (Exception e) when (e is ArgumentException or IOException or Read.NearDupFormatException)
            {
                await Console.Error.WriteLineAsync("neardup synth: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            string dir = parse.GetValue(outDir)!;
            var summary = await SyntheticCorpus.WriteAsync(dir, options, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(folder))
            {
                await SyntheticCorpus.Generate(options).WriteTextFolderAsync(Path.Combine(dir, "txt"), cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine($"{summary.Documents:N0} documents ({summary.PlantedCopies:N0} planted copies in {summary.CopyFamilies:N0} families, {options.Paraphrases.Count:N0} planted article pairs), {summary.TruthPairs:N0} truth pairs");
            Console.WriteLine($"  {summary.CorpusPath}");
            Console.WriteLine($"  {summary.TruthPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    // --dense: the reuse-dense corpus of real sentences (DenseCorpus); --copy-fraction given or 0.1.
    private static async Task<int> WriteDenseAsync(
        ParseResult parse, Option<int> count, Option<string> outDir, Option<long> seed, Option<double> copies, Option<string?> sentences, CancellationToken cancellationToken)
    {
        DenseOptions options;
        try
        {
            string pool = parse.GetValue(sentences) ?? throw new ArgumentException("--dense needs --sentences: an MRPC folder or file");
            var copyOption = parse.GetResult(copies);
            options = new DenseOptions
            {
                Count = parse.GetValue(count), Seed = parse.GetValue(seed), Sentences = DenseCorpus.ReadSentencePool(pool),
                CopyFraction = copyOption is null || copyOption.Implicit ? new DenseOptions().CopyFraction : parse.GetValue(copies),
            };
            options.Validate();
        }
        catch (Exception e) when (e is ArgumentException or IOException or Read.NearDupFormatException)
        {
            await Console.Error.WriteLineAsync("neardup synth: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var summary = await DenseCorpus.WriteAsync(parse.GetValue(outDir)!, options, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"{summary.Documents:N0} documents from a pool of {options.Sentences.Count:N0} sentences ({summary.PlantedCopies:N0} edited copies of {summary.CopyFamilies:N0} documents), {summary.TruthPairs:N0} truth pairs");
        Console.WriteLine($"  {summary.CorpusPath}");
        Console.WriteLine($"  {summary.TruthPath}");
        return ExitCodes.Ok;
    }

    /// <summary>Article pairs built from an MRPC folder or file (<see cref="ParaphraseArticles"/>); none when no path is given.</summary>
    internal static IReadOnlyList<ArticlePair> PlantedArticles(string? mrpc) =>
        mrpc is null ? [] : ParaphraseArticles.Build(Evaluation.MrpcEvaluator.SentencePairs(mrpc));
}
