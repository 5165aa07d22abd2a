namespace NearDup.Semantic.MiniLM;

/// <summary>
/// One sentence pair as BERT reads it: <c>[CLS] a [SEP] b [SEP]</c>, token type 0 up to the first [SEP] and 1
/// after it. The longer sentence is cut first when the pair exceeds the budget (HuggingFace's longest_first).
/// </summary>
/// <param name="Ids">Word-piece ids, [CLS] and both [SEP]s included.</param>
/// <param name="SecondStart">Index of the first token of type 1.</param>
internal readonly record struct CrossEncoderInput(int[] Ids, int SecondStart)
{
    public static CrossEncoderInput Encode(WordPieceTokenizer tokenizer, string a, string b, int maxTokens)
    {
        int budget = maxTokens - 3;
        var first = new int[budget];
        var second = new int[budget];
        int na = tokenizer.Encode(a ?? string.Empty, first, budget);
        int nb = tokenizer.Encode(b ?? string.Empty, second, budget);
        while (na + nb > budget)
        {
            if (na >= nb)
            {
                na--;
            }
            else
            {
                nb--;
            }
        }

        var ids = new int[na + nb + 3];
        ids[0] = tokenizer.ClassificationId;
        first.AsSpan(0, na).CopyTo(ids.AsSpan(1));
        ids[na + 1] = tokenizer.SeparatorId;
        second.AsSpan(0, nb).CopyTo(ids.AsSpan(na + 2));
        ids[^1] = tokenizer.SeparatorId;
        return new CrossEncoderInput(ids, na + 2);
    }
}
