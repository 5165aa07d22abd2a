using System.Diagnostics;
using System.Globalization;
using NearDup.Evaluation;
using NearDup.Semantic.MiniLM;
using NearDup.Train;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

// Fine-tunes MiniLM's top layers as a paraphrase cross-encoder on MRPC's train split (docs/EVALUATION.md):
//   dotnet run -c Release --project tools/NearDup.Train -- --data ../shared/eval/mrpc --folds 5 \
//     --out src/NearDup.Semantic.MiniLM/minilm-paraphrase.ndce
// --folds K reports K-fold cross-validated accuracy/F1 on the train split before the final fit on all of it.
var options = TrainOptions.Parse(args);
torch.set_num_threads(options.Threads);
torch.manual_seed(options.Seed);
var watch = Stopwatch.StartNew();
var pairs = MrpcEvaluator.Read(Directory.Exists(options.Data)
    ? Directory.GetFiles(options.Data, "*train*.txt").Single()
    : options.Data);
if (options.MaxPairs is int max && pairs.Count > max)
{
    pairs = pairs[..max];
}

ModelProto graph = ModelProto.Parser.ParseFrom(MiniLmModel.ReadModel());
Dictionary<string, TensorProto> weights = MiniLmGraphWeights.ByName(graph.Graph, out HashSet<string> transposed);
int firstTrained = 6 - options.TrainLayers;
// Pair i is (a, b); with --orders 2, pair n + i is (b, a): the task is symmetric, so both orders train (twice the
// data for free) while folds split pairs, not orders, and scores are of (a, b) as the engine reads them.
int n = pairs.Count;
var encoded = pairs.Select(p => CrossEncoderInput.Encode(MiniLmModel.Tokenizer, p.A, p.B, options.MaxTokens))
    .Concat(options.Orders == 2 ? pairs.Select(p => CrossEncoderInput.Encode(MiniLmModel.Tokenizer, p.B, p.A, options.MaxTokens)) : [])
    .ToArray();
bool[] labels = [.. pairs.Select(p => p.Paraphrase), .. options.Orders == 2 ? pairs.Select(p => p.Paraphrase) : []];
int[] WithOrders(IEnumerable<int> chosen) => [.. chosen, .. options.Orders == 2 ? chosen.Select(i => i + n) : []];

// The frozen layers' output, once per pair: every fold and epoch starts from it (kept in --cache across runs).
string? cache = options.Cache is null ? null : $"{options.Cache}.{encoded.Length}.{firstTrained}.{options.MaxTokens}";
var hidden = cache is not null && File.Exists(cache) ? ReadCache(cache, encoded) : FrozenOutputs(options, weights, transposed, encoded, firstTrained);
if (cache is not null && !File.Exists(cache))
{
    using var writer = new BinaryWriter(File.Create(cache));
    foreach (float[] h in hidden)
    {
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(h.AsSpan()));
    }
}

Console.WriteLine($"{pairs.Count} pairs ({options.Orders} orders), {options.TrainLayers} layers trained at lr {options.LearningRate}, {options.Epochs} epochs, frozen layers 0..{firstTrained - 1} run in {watch.Elapsed.TotalSeconds:F0} s");
var trainer = new Trainer(options, weights, transposed, encoded, hidden, labels, firstTrained);
if (options.Folds > 1)
{
    var probabilities = new float[n];
    var scored = new List<int>();
    int[] shuffled = [.. Enumerable.Range(0, n).OrderBy(i => Hash(i, options.Seed))];
    for (int fold = 0; fold < Math.Min(options.Folds, options.FoldLimit ?? options.Folds); fold++)
    {
        int[] test = [.. shuffled.Where((_, k) => k % options.Folds == fold)];
        int[] train = [.. shuffled.Where((_, k) => k % options.Folds != fold)];
        using CrossEncoderModel model = trainer.Fit(WithOrders(train), (epoch, m) =>
            Console.WriteLine($"    held out after epoch {epoch}: {Score(trainer.Predict(m, test), [.. test.Select(i => labels[i])], 0.5f)}"));
        float[] p = trainer.Predict(model, test);
        for (int k = 0; k < test.Length; k++)
        {
            probabilities[test[k]] = p[k];
        }

        scored.AddRange(test);
        if (options.FoldOut is { } prefix)
        {
            using (var stream = File.Create($"{prefix}.fold{fold + 1}.ndce"))
            {
                CrossEncoderWeights.Write(stream, model.Export(transposed));
            }

            // MRPC's layout, in the file's order, so that `neardup eval synthetic --paraphrases` plants only these.
            File.WriteAllLines($"{prefix}.fold{fold + 1}.heldout.txt", [
                "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String",
                .. test.Order().Select(i => $"{(pairs[i].Paraphrase ? 1 : 0)}\t{i}\t{i}\t{pairs[i].A}\t{pairs[i].B}")]);

            // The fold's probabilities of (a, b), by the held-out file's IDs: the input of a second stage fitted out of sample.
            File.WriteAllLines($"{prefix}.fold{fold + 1}.probabilities.tsv", [
                "id\tquality\tprobability",
                .. Enumerable.Range(0, test.Length).OrderBy(k => test[k]).Select(k =>
                    string.Create(CultureInfo.InvariantCulture, $"{test[k]}\t{(labels[test[k]] ? 1 : 0)}\t{p[k]:R}"))]);
        }

        Console.WriteLine($"fold {fold + 1}/{options.Folds}: {Score(p, [.. test.Select(i => labels[i])], 0.5f)} ({watch.Elapsed.TotalMinutes:F1} min)");
    }

    float[] heldOut = [.. scored.Select(i => probabilities[i])];
    bool[] heldOutLabels = [.. scored.Select(i => labels[i])];
    Console.WriteLine($"{options.Folds}-fold CV on train ({scored.Count} pairs held out) at p >= 0.5: {Score(heldOut, heldOutLabels, 0.5f)}");
    float best = 0.5f;
    double bestAccuracy = 0;
    for (float t = 0.2f; t <= 0.8f; t += 0.05f)
    {
        var counts = Counts(heldOut, heldOutLabels, t);
        if (counts.Accuracy > bestAccuracy)
        {
            (best, bestAccuracy) = (t, counts.Accuracy);
        }
    }

    Console.WriteLine($"best threshold on the out-of-fold probabilities: {best:F2} -> {Score(heldOut, heldOutLabels, best)}");
}

if (options.Out is { } outPath)
{
    // Each epoch's weights are kept beside the output (OUT.epochN), in case the run is stopped before the end.
    using CrossEncoderModel final = trainer.Fit(WithOrders(Enumerable.Range(0, n)), (epoch, m) =>
    {
        using var stream = File.Create($"{outPath}.epoch{epoch}");
        CrossEncoderWeights.Write(stream, m.Export(transposed));
    });
    using (var stream = File.Create(outPath))
    {
        CrossEncoderWeights.Write(stream, final.Export(transposed));
    }

    Console.WriteLine($"wrote {outPath} ({new FileInfo(outPath).Length:N0} bytes)");
}

Console.WriteLine($"total {watch.Elapsed.TotalMinutes:F1} min");

static float[][] FrozenOutputs(TrainOptions options, Dictionary<string, TensorProto> weights, HashSet<string> transposed, CrossEncoderInput[] encoded, int firstTrained)
{
    var hidden = new float[encoded.Length][];
    using var frozen = new FrozenEncoder(firstTrained, weights, transposed);
    using var noGrad = torch.no_grad();
    int[] order = [.. Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Ids.Length)];
    for (int start = 0; start < order.Length; start += 64)
    {
        using var scope = torch.NewDisposeScope();
        int[] batch = order[start..Math.Min(order.Length, start + 64)];
        (Tensor ids, Tensor types, Tensor mask, int tokens) = Batches.Inputs(encoded, batch);
        float[] output = frozen.forward(ids, types, mask).data<float>().ToArray();
        for (int b = 0; b < batch.Length; b++)
        {
            int length = encoded[batch[b]].Ids.Length;
            hidden[batch[b]] = output.AsSpan(b * tokens * 384, length * 384).ToArray();
        }
    }

    return hidden;
}

static float[][] ReadCache(string path, CrossEncoderInput[] encoded)
{
    using var reader = new BinaryReader(File.OpenRead(path));
    var hidden = new float[encoded.Length][];
    for (int i = 0; i < encoded.Length; i++)
    {
        hidden[i] = new float[encoded[i].Ids.Length * 384];
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(hidden[i].AsSpan()));
    }

    return hidden;
}

static uint Hash(int i, int seed) => (uint)((i * 2654435761L) ^ (seed * 40503L)) * 2246822519u;

static BinaryCounts Counts(float[] p, bool[] truth, float threshold)
{
    BinaryCounts counts = default;
    for (int i = 0; i < p.Length; i++)
    {
        counts = counts.Add(p[i] >= threshold, truth[i]);
    }

    return counts;
}

static string Score(float[] p, bool[] truth, float threshold)
{
    BinaryCounts c = Counts(p, truth, threshold);
    return string.Create(CultureInfo.InvariantCulture, $"accuracy {c.Accuracy:F3} F1 {c.F1:F3} (n={p.Length})");
}
