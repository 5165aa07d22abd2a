namespace NearDup.Evaluation.Synth;

/// <summary>Plans (from the shape) and applies (to the text) the derivations of a base text.</summary>
internal static class Derivations
{
    private static readonly Vocabulary V = Vocabulary.Instance;

    public static MemberPlan Plan(SynthKind kind, SynthStructure shape, Rng rng)
    {
        int n = shape.SentenceCount;
        int paragraphs = shape.ParagraphSizes.Length;
        int[] all = Range(0, n);
        switch (kind)
        {
            case SynthKind.NearExact:
            {
                var edits = new int[n];
                int count = rng.Between(1, 4);
                for (int i = 0; i < count; i++)
                {
                    edits[rng.Next(n)]++;
                }

                return new MemberPlan { Kind = kind, Kept = all, Edits = edits };
            }

            case SynthKind.Edited:
            {
                // 5-10% of the words, two to four at a time in chosen sentences, as an editor works: the other
                // sentences stay verbatim.
                var edits = new int[n];
                int words = shape.Words(all);
                int budget = (int)Math.Round(words * (0.05 + 0.05 * rng.NextDouble()));
                int touched = 0;
                while (budget > 0)
                {
                    int s = rng.Next(n);
                    if (edits[s] == 0 && touched >= (n + 1) / 2)
                    {
                        continue;
                    }

                    touched += edits[s] == 0 ? 1 : 0;
                    int e = Math.Min(budget, rng.Between(2, 4));
                    edits[s] += e;
                    budget -= e;
                }

                return new MemberPlan { Kind = kind, Kept = all, Edits = edits };
            }

            case SynthKind.Trimmed:
            {
                int most = Math.Max(1, paragraphs / 4);
                int dropFirst = paragraphs >= 3 ? rng.Between(0, Math.Min(2, most)) : 0;
                int dropLast = paragraphs >= 2 ? rng.Between(0, Math.Min(2, most)) : 0;
                if (dropFirst + dropLast == 0 && paragraphs >= 2)
                {
                    dropLast = 1;
                }

                int start = shape.ParagraphStarts[dropFirst];
                int end = shape.ParagraphStarts[paragraphs - dropLast];
                return new MemberPlan { Kind = kind, Kept = Range(start, end), DropFirst = dropFirst, DropLast = dropLast };
            }

            case SynthKind.Excerpt:
            {
                int length = Math.Clamp((int)Math.Round(n * (0.2 + 0.2 * rng.NextDouble())), 2, n);
                int start = rng.Between(0, n - length);
                return new MemberPlan { Kind = kind, Kept = Range(start, start + length), ExcerptStart = start, ExcerptEnd = start + length };
            }

            case SynthKind.Shuffled:
            {
                int[] order = Range(0, paragraphs);
                if (paragraphs >= 2)
                {
                    do
                    {
                        rng.Shuffle(order);
                    }
                    while (IsIdentity(order));
                }

                return new MemberPlan { Kind = kind, Kept = all, ParagraphOrder = order };
            }

            case SynthKind.Furniture:
                return new MemberPlan
                {
                    Kind = kind,
                    Kept = all,
                    FurnitureAt = rng.Between(1, paragraphs),
                    FurnitureLines = rng.Between(3, 6),
                };

            default:
                return new MemberPlan { Kind = SynthKind.Exact, Kept = all };
        }
    }

    /// <summary>The derived text; <paramref name="host"/> makes the new text an excerpt goes into.</summary>
    public static SynthText Apply(SynthText source, MemberPlan plan, Rng rng, Func<SynthText> host, IReadOnlyList<string> teasers)
    {
        var text = source.Clone();
        switch (plan.Kind)
        {
            case SynthKind.NearExact:
            case SynthKind.Edited:
                foreach (var paragraph in text.Paragraphs)
                {
                    foreach (var sentence in paragraph)
                    {
                        int edits = plan.Edits![sentence.Source];
                        for (int e = 0; e < edits; e++)
                        {
                            Edit(sentence.Words, ref rng);
                        }
                    }
                }

                return text;

            case SynthKind.Trimmed:
                text.Paragraphs.RemoveRange(text.Paragraphs.Count - plan.DropLast, plan.DropLast);
                text.Paragraphs.RemoveRange(0, plan.DropFirst);
                text.Headline = Prose.Headline(ref rng);
                return text;

            case SynthKind.Excerpt:
            {
                var into = host();
                var block = new List<List<SynthSentence>>();
                int lastParagraph = -1;
                int sentence = 0;
                for (int p = 0; p < text.Paragraphs.Count; p++)
                {
                    foreach (var s in text.Paragraphs[p])
                    {
                        if (sentence >= plan.ExcerptStart && sentence < plan.ExcerptEnd)
                        {
                            if (p != lastParagraph)
                            {
                                block.Add([]);
                                lastParagraph = p;
                            }

                            block[^1].Add(s);
                        }

                        sentence++;
                    }
                }

                into.Paragraphs.InsertRange(rng.Between(1, into.Paragraphs.Count), block);
                return into;
            }

            case SynthKind.Shuffled:
            {
                var paragraphs = new List<List<SynthSentence>>(text.Paragraphs);
                for (int i = 0; i < paragraphs.Count; i++)
                {
                    text.Paragraphs[i] = paragraphs[plan.ParagraphOrder![i]];
                }

                return text;
            }

            case SynthKind.Furniture:
            {
                var block = new List<SynthSentence>(plan.FurnitureLines + 1)
                {
                    new(SynthSentence.Furniture, [.. rng.Pick(Lexicon.TeaserHeaders).Split(' ')]),
                };
                for (int i = 0; i < plan.FurnitureLines; i++)
                {
                    block.Add(new SynthSentence(SynthSentence.Furniture, [.. rng.Pick(teasers).Split(' ')]));
                }

                text.Paragraphs.Insert(Math.Min(plan.FurnitureAt, text.Paragraphs.Count), block);
                return text;
            }

            default:
                return text;
        }
    }

    /// <summary>One word edit away from the sentence's first and last word: substitute, insert or delete.</summary>
    private static void Edit(List<string> words, ref Rng rng)
    {
        if (words.Count < 4)
        {
            words.Insert(words.Count - 1, V.Adverbs.Sample(ref rng));
            return;
        }

        int at = rng.Between(1, words.Count - 2);
        double r = rng.NextDouble();
        if (r < 0.55)
        {
            string old = words[at];
            string replacement;
            do
            {
                replacement = rng.Next(3) switch
                {
                    0 => V.Nouns.Sample(ref rng),
                    1 => V.Adjectives.Sample(ref rng),
                    _ => V.Verbs.Sample(ref rng),
                };
            }
            while (replacement == old);

            // Keep the punctuation the word carried.
            int keep = old.Length;
            while (keep > 0 && !char.IsLetterOrDigit(old[keep - 1]))
            {
                keep--;
            }

            words[at] = replacement + old[keep..];
        }
        else if (r < 0.8 || words.Count < 8)
        {
            words.Insert(at, rng.Chance(0.5) ? V.Adjectives.Sample(ref rng) : V.Adverbs.Sample(ref rng));
        }
        else
        {
            words.RemoveAt(at);
        }
    }

    private static int[] Range(int start, int end)
    {
        var range = new int[end - start];
        for (int i = 0; i < range.Length; i++)
        {
            range[i] = start + i;
        }

        return range;
    }

    private static bool IsIdentity(int[] order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            if (order[i] != i)
            {
                return false;
            }
        }

        return true;
    }
}
