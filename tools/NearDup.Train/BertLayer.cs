using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NearDup.Train;

/// <summary>One BERT encoder layer (Devlin et al. 2019) as all-MiniLM-L6-v2 has it: 12 heads of 32, GELU (erf) FFN of 1536, post-LayerNorm.</summary>
internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private const int Hidden = 384;
    private const int Heads = 12;
    private const int HeadSize = Hidden / Heads;
    private readonly Linear query = nn.Linear(Hidden, Hidden);
    private readonly Linear key = nn.Linear(Hidden, Hidden);
    private readonly Linear value = nn.Linear(Hidden, Hidden);
    private readonly Linear attentionOutput = nn.Linear(Hidden, Hidden);
    private readonly LayerNorm attentionNorm = nn.LayerNorm(Hidden, 1e-12);
    private readonly Linear intermediate = nn.Linear(Hidden, 4 * Hidden);
    private readonly Linear output = nn.Linear(4 * Hidden, Hidden);
    private readonly LayerNorm outputNorm = nn.LayerNorm(Hidden, 1e-12);
    private readonly Dropout dropout = nn.Dropout(0.1);

    public BertLayer(string name)
        : base(name) => RegisterComponents();

    /// <summary>The layer's linear and LayerNorm parameters by their PyTorch suffix (<c>attention.self.query</c>).</summary>
    public IEnumerable<(string Suffix, nn.Module Module)> Parts() =>
    [
        ("attention.self.query", query), ("attention.self.key", key), ("attention.self.value", value),
        ("attention.output.dense", attentionOutput), ("attention.output.LayerNorm", attentionNorm),
        ("intermediate.dense", intermediate), ("output.dense", output), ("output.LayerNorm", outputNorm),
    ];

    /// <param name="x">[batch, tokens, 384].</param>
    /// <param name="additiveMask">[batch, 1, 1, tokens]: 0 on tokens, -10000 on padding.</param>
    public override Tensor forward(Tensor x, Tensor additiveMask)
    {
        long batch = x.shape[0], tokens = x.shape[1];
        Tensor q = query.forward(x).view(batch, tokens, Heads, HeadSize).transpose(1, 2);
        Tensor k = key.forward(x).view(batch, tokens, Heads, HeadSize).transpose(1, 2);
        Tensor v = value.forward(x).view(batch, tokens, Heads, HeadSize).transpose(1, 2);
        Tensor scores = q.matmul(k.transpose(-1, -2)).div(Math.Sqrt(HeadSize)).add(additiveMask);
        Tensor context = dropout.forward(scores.softmax(-1)).matmul(v).transpose(1, 2).contiguous().view(batch, tokens, Hidden);
        x = attentionNorm.forward(dropout.forward(attentionOutput.forward(context)).add(x));
        Tensor h = nn.functional.gelu(intermediate.forward(x));
        return outputNorm.forward(dropout.forward(output.forward(h)).add(x));
    }
}
