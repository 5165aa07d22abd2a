using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NearDup.Train;

/// <summary>
/// The part of the cross-encoder that is trained: MiniLM's top layers and a linear classifier over the mean token
/// vectors u and v of the two sentences after they have read each other, as [u, v, |u − v|, u ⊙ v] (the features
/// sentence-transformers' bi-encoder training uses, so the head starts from what MiniLM's mean pooling already
/// means). The layers below stay as shipped, so their output is computed once per pair (<see cref="FrozenEncoder"/>);
/// when all six layers train, so does the embeddings' LayerNorm (the word-embedding table stays frozen).
/// </summary>
internal sealed class CrossEncoderModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private const int Hidden = 384;
    private readonly ModuleList<BertLayer> layers = new();
    private readonly Linear classifier = nn.Linear(4 * Hidden, 1);
    private readonly Dropout dropout = nn.Dropout(0.1);
    private readonly LayerNorm? embeddingNorm;

    public CrossEncoderModel(int firstLayer, int layerCount)
        : base("cross_encoder")
    {
        FirstLayer = firstLayer;
        embeddingNorm = firstLayer == 0 ? nn.LayerNorm(Hidden, 1e-12) : null;
        for (int i = firstLayer; i < layerCount; i++)
        {
            layers.Add(new BertLayer($"layer{i}"));
        }

        RegisterComponents();
    }

    public int FirstLayer { get; }

    /// <summary>The fine-tuned layers' parameters (and the embeddings' LayerNorm's when it trains).</summary>
    public IEnumerable<Parameter> LayerParameters() => embeddingNorm is null ? layers.parameters() : embeddingNorm.parameters().Concat(layers.parameters());

    /// <summary>The classifier's parameters: trained from scratch, so at a higher rate.</summary>
    public IEnumerable<Parameter> HeadParameters() => classifier.parameters();

    /// <summary>Logits [batch] from the frozen layers' output [batch, tokens, 384], the additive mask and the segments.</summary>
    /// <param name="segments">[batch, 2, tokens]: 1 on the first sentence's tokens ([CLS] and its [SEP] included), then on the second's.</param>
    public override Tensor forward(Tensor hidden, Tensor additiveMask, Tensor segments)
    {
        if (embeddingNorm is not null)
        {
            hidden = dropout.forward(embeddingNorm.forward(hidden));
        }

        foreach (BertLayer layer in layers)
        {
            hidden = layer.forward(hidden, additiveMask);
        }

        Tensor means = segments.matmul(hidden).div(segments.sum(-1, keepdim: true)); // [batch, 2, 384]
        Tensor u = means.select(1, 0), v = means.select(1, 1);
        Tensor features = torch.cat([u, v, u.sub(v).abs(), u.mul(v)], 1);
        return classifier.forward(dropout.forward(features)).squeeze(-1);
    }

    /// <summary>Every trained tensor by its PyTorch name, with the module that holds it.</summary>
    public IEnumerable<(string Name, nn.Module Module)> NamedParts()
    {
        if (embeddingNorm is not null)
        {
            yield return ("embeddings.LayerNorm", embeddingNorm);
        }

        for (int i = 0; i < layers.Count; i++)
        {
            foreach ((string suffix, nn.Module module) in layers[i].Parts())
            {
                yield return ($"encoder.layer.{FirstLayer + i}.{suffix}", module);
            }
        }

        yield return ("classifier", classifier);
    }

    /// <summary>Loads the shipped weights (the classifier keeps its random start).</summary>
    public void Load(Dictionary<string, TensorProto> weights, HashSet<string> transposed)
    {
        using var noGrad = torch.no_grad();
        foreach ((string name, nn.Module module) in NamedParts())
        {
            if (name == "classifier")
            {
                continue;
            }

            (Tensor weight, Tensor bias) = Parameters(module);
            weight.copy_(WeightsIo.ToTensor(weights[name + ".weight"], transposed.Contains(name + ".weight")));
            bias.copy_(WeightsIo.ToTensor(weights[name + ".bias"], false));
        }
    }

    /// <summary>The trained tensors in the graph's layout (linear weights [in, out] where the graph stores them so).</summary>
    public List<(string Name, long[] Dims, float[] Values)> Export(HashSet<string> transposed)
    {
        var tensors = new List<(string, long[], float[])>();
        foreach ((string name, nn.Module module) in NamedParts())
        {
            (Tensor weight, Tensor bias) = Parameters(module);
            Tensor w = transposed.Contains(name + ".weight") ? weight.t().contiguous() : weight;
            tensors.Add((name + ".weight", w.shape, w.data<float>().ToArray()));
            tensors.Add((name + ".bias", bias.shape, bias.data<float>().ToArray()));
        }

        return tensors;
    }

    internal static (Tensor Weight, Tensor Bias) Parameters(nn.Module module) => module switch
    {
        Linear linear => (linear.weight!, linear.bias!),
        LayerNorm norm => (norm.weight!, norm.bias!),
        _ => throw new InvalidOperationException($"Unexpected module {module.GetType().Name}."),
    };
}
