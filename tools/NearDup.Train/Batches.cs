using NearDup.Semantic.MiniLM;
using static TorchSharp.torch;

namespace NearDup.Train;

/// <summary>Padded batch tensors.</summary>
internal static class Batches
{
    /// <summary>Ids, token types and the additive mask [batch, 1, 1, tokens] of the pairs, padded to the longest.</summary>
    public static (Tensor Ids, Tensor Types, Tensor Mask, int Tokens) Inputs(CrossEncoderInput[] encoded, int[] batch)
    {
        int tokens = batch.Max(i => encoded[i].Ids.Length);
        var ids = new long[batch.Length * tokens];
        var types = new long[batch.Length * tokens];
        for (int b = 0; b < batch.Length; b++)
        {
            CrossEncoderInput input = encoded[batch[b]];
            for (int t = 0; t < input.Ids.Length; t++)
            {
                ids[(b * tokens) + t] = input.Ids[t];
                types[(b * tokens) + t] = t >= input.SecondStart ? 1 : 0;
            }
        }

        return (tensor(ids, [batch.Length, tokens]), tensor(types, [batch.Length, tokens]), Mask(encoded, batch, tokens), tokens);
    }

    /// <summary>The frozen layers' cached output of the pairs, padded, with the additive mask and the two sentences' segments.</summary>
    public static (Tensor Hidden, Tensor Mask, Tensor Segments) Hidden(CrossEncoderInput[] encoded, float[][] hidden, int[] batch)
    {
        int tokens = batch.Max(i => encoded[i].Ids.Length);
        var values = new float[batch.Length * tokens * 384];
        var segments = new float[batch.Length * 2 * tokens];
        for (int b = 0; b < batch.Length; b++)
        {
            hidden[batch[b]].CopyTo(values, b * tokens * 384);
            CrossEncoderInput input = encoded[batch[b]];
            segments.AsSpan(b * 2 * tokens, input.SecondStart).Fill(1);
            segments.AsSpan((((b * 2) + 1) * tokens) + input.SecondStart, input.Ids.Length - input.SecondStart).Fill(1);
        }

        return (tensor(values, [batch.Length, tokens, 384]), Mask(encoded, batch, tokens), tensor(segments, [batch.Length, 2, tokens]));
    }

    private static Tensor Mask(CrossEncoderInput[] encoded, int[] batch, int tokens)
    {
        var mask = new float[batch.Length * tokens];
        for (int b = 0; b < batch.Length; b++)
        {
            mask.AsSpan((b * tokens) + encoded[batch[b]].Ids.Length, tokens - encoded[batch[b]].Ids.Length).Fill(-10000f);
        }

        return tensor(mask, [batch.Length, 1, 1, tokens]);
    }
}
