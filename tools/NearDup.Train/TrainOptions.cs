using System.Globalization;

namespace NearDup.Train;

/// <summary>Command-line options of the trainer, with the defaults that produced the shipped weights.</summary>
internal sealed record TrainOptions
{
    public string Data { get; init; } = "../shared/eval/mrpc";

    public string? Out { get; init; }

    /// <summary>Top layers fine-tuned (the rest stay as shipped; all 6 trains the embeddings' LayerNorm too). Default 6.</summary>
    public int TrainLayers { get; init; } = 6;

    /// <summary>2 trains on both orders of each pair, (a, b) and (b, a); 1 on (a, b) only. Default 2.</summary>
    public int Orders { get; init; } = 2;

    public int Epochs { get; init; } = 3;

    /// <summary>Peak AdamW rate of the layers (weight decay 0.01). Default 5e-5, the top of BERT's GLUE range.</summary>
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>The classifier's learning rate over the layers'. Default 20: it starts from scratch.</summary>
    public double HeadRateFactor { get; init; } = 20;

    public int BatchSize { get; init; } = 32;

    /// <summary>Folds of the cross-validation on train; 0 or 1 skips it.</summary>
    public int Folds { get; init; }

    /// <summary>Folds actually run (the first ones), to take one held-out fold when time is short. Default all.</summary>
    public int? FoldLimit { get; init; }

    public int MaxTokens { get; init; } = 128;

    public int Seed { get; init; } = 1;

    public int Threads { get; init; } = 2;

    public int? MaxPairs { get; init; }

    /// <summary>
    /// File prefix for each fold's model, held-out pairs and their probabilities (<c>PREFIX.foldK.ndce</c>,
    /// <c>PREFIX.foldK.heldout.txt</c> in MRPC's format, <c>PREFIX.foldK.probabilities.tsv</c>): a model and the pairs it
    /// never saw, to score the scan's cascade on planted rewrites, or a second stage, out of sample.
    /// </summary>
    public string? FoldOut { get; init; }

    /// <summary>File prefix where the frozen layers' output is kept between runs (hundreds of MB); none by default.</summary>
    public string? Cache { get; init; }

    public static TrainOptions Parse(string[] args)
    {
        var o = new TrainOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--data" => o with { Data = value },
                "--out" => o with { Out = value },
                "--train-layers" => o with { TrainLayers = Int() },
                "--epochs" => o with { Epochs = Int() },
                "--orders" => o with { Orders = Int() },
                "--lr" => o with { LearningRate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => o with { BatchSize = Int() },
                "--folds" => o with { Folds = Int() },
                "--max-tokens" => o with { MaxTokens = Int() },
                "--seed" => o with { Seed = Int() },
                "--threads" => o with { Threads = Int() },
                "--max-pairs" => o with { MaxPairs = Int() },
                "--cache" => o with { Cache = value },
                "--fold-limit" => o with { FoldLimit = Int() },
                "--fold-out" => o with { FoldOut = value },
                "--head-rate" => o with { HeadRateFactor = double.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        if (o.TrainLayers is < 1 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainLayers), o.TrainLayers, "TrainLayers must be in [1, 6].");
        }

        if (o.Orders is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Orders), o.Orders, "Orders must be 1 or 2.");
        }

        return o;
    }
}
