using NearDup.Semantic.MiniLM;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace NearDup.Train;

/// <summary>Fits <see cref="CrossEncoderModel"/>: AdamW, linear warm-up over the first 10 % of steps then linear decay, binary cross-entropy.</summary>
internal sealed class Trainer(
    TrainOptions options, Dictionary<string, TensorProto> weights, HashSet<string> transposed,
    CrossEncoderInput[] encoded, float[][] hidden, bool[] labels, int firstTrained)
{
    /// <param name="train">Indices of the pairs (and orders) to fit.</param>
    /// <param name="afterEpoch">Called after each epoch with its number (from 1) and the model in eval mode: partial figures or weights when a run is cut short.</param>
    public CrossEncoderModel Fit(int[] train, Action<int, CrossEncoderModel>? afterEpoch = null)
    {
        var model = new CrossEncoderModel(firstTrained, 6);
        model.Load(weights, transposed);
        model.train();
        var optimizer = torch.optim.AdamW(model.LayerParameters(), options.LearningRate, weight_decay: 0.01);
        var headOptimizer = torch.optim.AdamW(model.HeadParameters(), options.LearningRate * options.HeadRateFactor, weight_decay: 0.01);
        var random = new Random(options.Seed);
        int stepsPerEpoch = (train.Length + options.BatchSize - 1) / options.BatchSize;
        int totalSteps = stepsPerEpoch * options.Epochs;
        int warmup = Math.Max(1, totalSteps / 10);
        int step = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            int[] order = [.. train];
            random.Shuffle(order);
            int chunk = options.BatchSize * 8; // batches of similar length within shuffled chunks: less padding
            for (int c = 0; c < order.Length; c += chunk)
            {
                Array.Sort(order, c, Math.Min(chunk, order.Length - c), Comparer<int>.Create((x, y) => encoded[x].Ids.Length.CompareTo(encoded[y].Ids.Length)));
            }
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                int[] batch = order[start..Math.Min(order.Length, start + options.BatchSize)];
                double rate = options.LearningRate * (step < warmup ? (step + 1.0) / warmup : Math.Max(0, (totalSteps - step) / (double)(totalSteps - warmup)));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                foreach (var group in headOptimizer.ParamGroups)
                {
                    group.LearningRate = rate * options.HeadRateFactor;
                }

                (Tensor h, Tensor mask, Tensor segments) = Batches.Hidden(encoded, hidden, batch);
                Tensor target = tensor([.. batch.Select(i => labels[i] ? 1f : 0f)]);
                Tensor loss = nn.functional.binary_cross_entropy_with_logits(model.forward(h, mask, segments), target);
                optimizer.zero_grad();
                headOptimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                optimizer.step();
                headOptimizer.step();
                lossSum += loss.item<float>() * batch.Length;
                step++;
            }

            Console.WriteLine($"  epoch {epoch + 1}: loss {lossSum / order.Length:F4} ({DateTime.UtcNow:HH:mm} UTC)");
            if (afterEpoch is not null)
            {
                model.eval();
                afterEpoch(epoch + 1, model);
                model.train();
            }
        }

        model.eval();
        return model;
    }

    public float[] Predict(CrossEncoderModel model, int[] pairs)
    {
        model.eval();
        var p = new float[pairs.Length];
        using var noGrad = torch.no_grad();
        for (int start = 0; start < pairs.Length; start += 64)
        {
            using var scope = torch.NewDisposeScope();
            int[] batch = pairs[start..Math.Min(pairs.Length, start + 64)];
            (Tensor h, Tensor mask, Tensor segments) = Batches.Hidden(encoded, hidden, batch);
            float[] logits = model.forward(h, mask, segments).sigmoid().data<float>().ToArray();
            logits.CopyTo(p, start);
        }

        return p;
    }
}
