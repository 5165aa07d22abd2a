namespace NearDup.Evaluation.Synth;

/// <summary>
/// Builds article pairs from labelled sentence pairs: an original is a run of first sentences; its rewrite is the
/// run of their paraphrases (label 1); a hard negative is the run of second sentences of pairs labelled 0 (lexically
/// close, different meaning). Each sentence is used once, so articles share no sentence and can be split into folds
/// freely.
/// </summary>
public static class ParaphraseArticles
{
    /// <summary>Sentences per article. Default of <see cref="Build"/>: 6, a short news item.</summary>
    public const int DefaultSentences = 6;

    /// <summary>
    /// Rewrites first, then hard negatives, each in the order of <paramref name="pairs"/>; a pair with a sentence
    /// seen before (MRPC repeats some) is skipped.
    /// </summary>
    public static List<ArticlePair> Build(IReadOnlyList<SentencePair> pairs, int sentencesPerArticle = DefaultSentences)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(sentencesPerArticle, 1);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var fresh = new List<SentencePair>(pairs.Count);
        foreach (var pair in pairs)
        {
            if (!used.Contains(pair.A) && !used.Contains(pair.B) && pair.A != pair.B)
            {
                used.Add(pair.A);
                used.Add(pair.B);
                fresh.Add(pair);
            }
        }

        var articles = new List<ArticlePair>();
        foreach (bool label in (ReadOnlySpan<bool>)[true, false])
        {
            var run = new List<SentencePair>(sentencesPerArticle);
            foreach (var pair in fresh)
            {
                if (pair.Paraphrase != label)
                {
                    continue;
                }

                run.Add(pair);
                if (run.Count == sentencesPerArticle)
                {
                    articles.Add(new ArticlePair(Text(run, original: true), Text(run, original: false), label));
                    run.Clear();
                }
            }
        }

        return articles;
    }

    // One sentence per paragraph, as news is laid out.
    private static string Text(List<SentencePair> run, bool original)
    {
        var sentences = new string[run.Count];
        for (int i = 0; i < run.Count; i++)
        {
            sentences[i] = (original ? run[i].A : run[i].B).Trim();
        }

        return string.Join("\n\n", sentences);
    }
}
