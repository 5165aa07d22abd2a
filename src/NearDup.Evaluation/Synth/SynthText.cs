using System.Text;

namespace NearDup.Evaluation.Synth;

/// <summary>One sentence of a synthetic text: its words (punctuation attached) and the base sentence it came from.</summary>
internal sealed class SynthSentence(int source, List<string> words)
{
    /// <summary>The <see cref="Source"/> of new text.</summary>
    public const int New = -1;

    /// <summary>The <see cref="Source"/> of a spliced teaser line, rendered on its own line.</summary>
    public const int Furniture = -2;

    /// <summary>Index of the base sentence this one copies, or -1 for new text.</summary>
    public int Source { get; } = source;

    public List<string> Words { get; } = words;

    public SynthSentence Clone() => new(Source, [.. Words]);
}

/// <summary>A synthetic text before rendering: a headline and paragraphs of sentences.</summary>
internal sealed class SynthText(string headline, List<List<SynthSentence>> paragraphs)
{
    public string Headline { get; set; } = headline;

    public List<List<SynthSentence>> Paragraphs { get; } = paragraphs;

    public SynthText Clone()
    {
        var paragraphs = new List<List<SynthSentence>>(Paragraphs.Count);
        foreach (var paragraph in Paragraphs)
        {
            var copy = new List<SynthSentence>(paragraph.Count);
            foreach (var sentence in paragraph)
            {
                copy.Add(sentence.Clone());
            }

            paragraphs.Add(copy);
        }

        return new SynthText(Headline, paragraphs);
    }

    /// <summary>Headline, blank line, paragraphs separated by blank lines.</summary>
    public string Render(StringBuilder builder)
    {
        builder.Clear();
        builder.Append(Headline);
        foreach (var paragraph in Paragraphs)
        {
            builder.Append("\n\n");
            for (int s = 0; s < paragraph.Count; s++)
            {
                if (s > 0)
                {
                    builder.Append(paragraph[s].Words.Count == 0 ? "" : paragraph[s].Source == SynthSentence.Furniture ? "\n" : " ");
                }

                var words = paragraph[s].Words;
                for (int w = 0; w < words.Count; w++)
                {
                    if (w > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(words[w]);
                }
            }
        }

        return builder.ToString();
    }
}
