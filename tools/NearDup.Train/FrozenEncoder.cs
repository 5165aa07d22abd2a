using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NearDup.Train;

/// <summary>
/// MiniLM's embeddings and lower layers as shipped, run once per pair (inference mode, no gradient). With no frozen
/// layer the embeddings' LayerNorm is trained too, so the output is the sum of the three embeddings before it.
/// </summary>
internal sealed class FrozenEncoder : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private const int Hidden = 384;
    private readonly Embedding words = nn.Embedding(30522, Hidden);
    private readonly Embedding positions = nn.Embedding(512, Hidden);
    private readonly Embedding types = nn.Embedding(2, Hidden);
    private readonly LayerNorm norm = nn.LayerNorm(Hidden, 1e-12);
    private readonly ModuleList<BertLayer> layers = new();

    public FrozenEncoder(int layerCount, Dictionary<string, TensorProto> weights, HashSet<string> transposed)
        : base("frozen")
    {
        for (int i = 0; i < layerCount; i++)
        {
            layers.Add(new BertLayer($"layer{i}"));
        }

        RegisterComponents();
        using var noGrad = torch.no_grad();
        words.weight!.copy_(WeightsIo.ToTensor(weights["embeddings.word_embeddings.weight"], false));
        positions.weight!.copy_(WeightsIo.ToTensor(weights["embeddings.position_embeddings.weight"], false));
        types.weight!.copy_(WeightsIo.ToTensor(weights["embeddings.token_type_embeddings.weight"], false));
        norm.weight!.copy_(WeightsIo.ToTensor(weights["embeddings.LayerNorm.weight"], false));
        norm.bias!.copy_(WeightsIo.ToTensor(weights["embeddings.LayerNorm.bias"], false));
        for (int i = 0; i < layerCount; i++)
        {
            foreach ((string suffix, nn.Module module) in layers[i].Parts())
            {
                string name = $"encoder.layer.{i}.{suffix}";
                (Tensor weight, Tensor bias) = CrossEncoderModel.Parameters(module);
                weight.copy_(WeightsIo.ToTensor(weights[name + ".weight"], transposed.Contains(name + ".weight")));
                bias.copy_(WeightsIo.ToTensor(weights[name + ".bias"], false));
            }
        }

        foreach (Parameter p in parameters())
        {
            p.requires_grad = false;
        }

        eval();
    }

    /// <summary>Hidden states [batch, tokens, 384] after the frozen layers (before the embeddings' LayerNorm when there is none).</summary>
    public override Tensor forward(Tensor ids, Tensor typeIds, Tensor additiveMask)
    {
        Tensor position = torch.arange(ids.shape[1], dtype: ScalarType.Int64).unsqueeze(0);
        Tensor x = words.forward(ids).add(types.forward(typeIds)).add(positions.forward(position));
        if (layers.Count == 0)
        {
            return x;
        }

        x = norm.forward(x);
        foreach (BertLayer layer in layers)
        {
            x = layer.forward(x, additiveMask);
        }

        return x;
    }
}
