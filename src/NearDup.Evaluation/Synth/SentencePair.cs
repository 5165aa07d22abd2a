namespace NearDup.Evaluation.Synth;

/// <summary>Two sentences labelled paraphrase or not (a row of MRPC), from which article pairs are built.</summary>
/// <param name="A">The first sentence.</param>
/// <param name="B">The second sentence: a paraphrase of <paramref name="A"/> when <paramref name="Paraphrase"/>, else lexically close but saying something else.</param>
/// <param name="Paraphrase">The label.</param>
public sealed record SentencePair(string A, string B, bool Paraphrase);
