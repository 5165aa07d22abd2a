using System.Globalization;

namespace NearDup.Evaluation.Synth;

/// <summary>
/// Writes news-like prose from a <see cref="SynthStructure"/>: a class-based grammar (noun phrase, verb, prepositional
/// phrase, clauses joined by conjunctions) over Zipfian word tables, with names, places, numbers, datelines,
/// quotes, attributions, common news phrases and a little boilerplate.
/// </summary>
/// <remarks>
/// Each document has its own cast (people, places, organisations, topic nouns) that recurs through it, as a story's
/// entities do. With a few thousand words drawn independently, two unrelated texts share a 20-word run with
/// negligible probability; what they share is short phrases and boilerplate sentences under 15 words.
/// </remarks>
internal sealed class Prose
{
    private static readonly Vocabulary V = Vocabulary.Instance;

    private readonly string[] _people;
    private readonly string[] _surnames;
    private readonly string[] _places;
    private readonly string[] _organizations;
    private readonly string[] _topic;
    private Rng _rng;

    private Prose(Rng rng)
    {
        _rng = rng;
        int people = _rng.Between(2, 4);
        _people = new string[people];
        _surnames = new string[people];
        for (int i = 0; i < people; i++)
        {
            _surnames[i] = V.Surnames.Sample(ref _rng);
            _people[i] = V.FirstNames.Sample(ref _rng) + " " + _surnames[i];
        }

        _places = [V.Places.Sample(ref _rng), V.Places.Sample(ref _rng)];
        _organizations = [_places[_rng.Next(2)] + " " + _rng.Pick(Lexicon.OrganizationKinds), "the " + _rng.Pick(Lexicon.OrganizationKinds)];
        _topic = new string[8];
        for (int i = 0; i < _topic.Length; i++)
        {
            _topic[i] = V.Nouns.Words[Math.Min(V.Nouns.Words.Length - 1, 40 + V.Nouns.SampleRank(ref _rng) * 3)];
        }

        Outlet = _rng.Pick(Lexicon.Outlets);
    }

    public string Outlet { get; }

    /// <summary>A new text of the given shape; sentence i of the shape has Source i (or <see cref="SynthSentence.New"/> when <paramref name="asNew"/>).</summary>
    public static SynthText Write(Rng rng, SynthStructure structure, bool asNew = false)
    {
        var prose = new Prose(rng);
        return prose.Text(structure, asNew);
    }

    /// <summary>A title-case headline of 5 to 10 words.</summary>
    public static string Headline(ref Rng rng)
    {
        var prose = new Prose(rng);
        string headline = prose.MakeHeadline();
        rng = prose._rng;
        return headline;
    }

    /// <summary>A short teaser line (4 to 7 words) as page furniture shows them.</summary>
    public static string Teaser(ref Rng rng)
    {
        var words = new List<string>(8);
        int target = rng.Between(4, 7);
        words.Add(rng.Chance(0.5) ? V.Surnames.Sample(ref rng) : V.Places.Sample(ref rng));
        while (words.Count < target)
        {
            words.Add(TitleCase((words.Count % 3) switch
            {
                1 => V.Verbs.Sample(ref rng),
                2 => V.Adjectives.Sample(ref rng),
                _ => V.Nouns.Sample(ref rng),
            }));
        }

        return string.Join(' ', words);
    }

    private SynthText Text(SynthStructure structure, bool asNew)
    {
        var paragraphs = new List<List<SynthSentence>>(structure.ParagraphSizes.Length);
        int boilerplateLeft = _rng.Chance(0.4) ? _rng.Between(1, 2) : 0;
        int lastBoilerplate = -10;
        for (int p = 0; p < structure.ParagraphSizes.Length; p++)
        {
            var paragraph = new List<SynthSentence>(structure.ParagraphSizes[p]);
            for (int s = structure.ParagraphStarts[p]; s < structure.ParagraphStarts[p + 1]; s++)
            {
                List<string> words;
                if (s > 1 && boilerplateLeft > 0 && s - lastBoilerplate > 2 && _rng.Chance(0.12))
                {
                    // Boilerplate never sits next to boilerplate: two in a row could make a long run shared by unrelated texts.
                    words = [.. _rng.Pick(Lexicon.BoilerplateSentences).Split(' ')];
                    boilerplateLeft--;
                    lastBoilerplate = s;
                }
                else
                {
                    words = Sentence(structure.SentenceLengths[s]);
                }

                if (s == 0)
                {
                    words.InsertRange(0, Dateline());
                }

                paragraph.Add(new SynthSentence(asNew ? SynthSentence.New : s, words));
            }

            paragraphs.Add(paragraph);
        }

        return new SynthText(MakeHeadline(), paragraphs);
    }

    private string[] Dateline() =>
        [_places[0].ToUpperInvariant() + ",", _rng.Pick(Lexicon.Months), _rng.Between(1, 28).ToString(CultureInfo.InvariantCulture), "(" + Outlet + ")", "-"];

    private string MakeHeadline()
    {
        var words = new List<string>(10);
        int target = _rng.Between(5, 10);
        words.Add(_rng.Chance(0.5) ? _surnames[0] : _places[0]);
        while (words.Count < target)
        {
            string word = (words.Count % 4) switch
            {
                1 => _rng.Chance(0.5) ? V.Verbs.Sample(ref _rng) : V.Adjectives.Sample(ref _rng),
                2 => _rng.Chance(0.4) ? _rng.Pick(_topic) : V.Nouns.Sample(ref _rng),
                3 => _rng.Chance(0.5) ? V.Prepositions.Sample(ref _rng) : V.Adjectives.Sample(ref _rng),
                _ => V.Nouns.Sample(ref _rng),
            };
            words.Add(word.Length > 3 ? TitleCase(word) : word);
        }

        if (words[^1].Length <= 3)
        {
            words.Add(_places[1]);
        }

        return string.Join(' ', words);
    }

    private List<string> Sentence(int target)
    {
        var words = new List<string>(target + 8);
        double form = _rng.NextDouble();
        if (form < 0.1)
        {
            // "Clause," Name said.
            Clause(words, target - 3);
            words[0] = "\"" + words[0];
            words[^1] += ",\"";
            words.Add(_rng.Chance(0.7) ? _surnames[_rng.Next(_surnames.Length)] : _people[_rng.Next(_people.Length)]);
            words.Add("said");
        }
        else if (form < 0.3)
        {
            Clause(words, target - 3);
            words[^1] += ",";
            Attribution(words);
        }
        else
        {
            Clause(words, target);
        }

        for (int i = 0; i < words.Count - 1; i++)
        {
            if (words[i] == "a" && IsVowel(words[i + 1][0]))
            {
                words[i] = "an";
            }
        }

        words[0] = Capitalize(words[0]);
        words[^1] += ".";
        return words;
    }

    private void Clause(List<string> words, int target)
    {
        target = Math.Max(target, 4);
        NounPhrase(words);
        VerbPhrase(words);
        while (words.Count < target)
        {
            double r = _rng.NextDouble();
            if (r < 0.35)
            {
                PrepositionalPhrase(words);
            }
            else if (r < 0.6 && target - words.Count > 5)
            {
                if (_rng.Chance(0.3))
                {
                    words[^1] += ",";
                }

                words.Add(V.Conjunctions.Sample(ref _rng));
                NounPhrase(words);
                VerbPhrase(words);
            }
            else if (r < 0.72)
            {
                AddPhrase(words, V.Phrases.Sample(ref _rng));
            }
            else
            {
                words.Add(V.Prepositions.Sample(ref _rng));
                NounPhrase(words);
            }
        }
    }

    private void NounPhrase(List<string> words)
    {
        double r = _rng.NextDouble();
        if (r < 0.12)
        {
            words.Add(_rng.Chance(0.6) ? _surnames[_rng.Next(_surnames.Length)] : _people[_rng.Next(_people.Length)]);
        }
        else if (r < 0.2)
        {
            words.Add(_rng.Chance(0.7) ? _places[_rng.Next(_places.Length)] : V.Places.Sample(ref _rng));
        }
        else if (r < 0.25)
        {
            AddPhrase(words, _organizations[_rng.Next(_organizations.Length)]);
        }
        else if (r < 0.31)
        {
            AddPhrase(words, Number());
            words.Add(V.Nouns.Sample(ref _rng));
        }
        else
        {
            words.Add(V.Determiners.Sample(ref _rng));
            if (_rng.Chance(0.35))
            {
                words.Add(V.Adjectives.Sample(ref _rng));
            }

            words.Add(_rng.Chance(0.3) ? _topic[_rng.Next(_topic.Length)] : V.Nouns.Sample(ref _rng));
            if (_rng.Chance(0.12))
            {
                words.Add("of");
                words.Add(V.Determiners.Words[0]);
                words.Add(V.Nouns.Sample(ref _rng));
            }
        }
    }

    private void VerbPhrase(List<string> words)
    {
        if (_rng.Chance(0.1))
        {
            words.Add(V.Adverbs.Sample(ref _rng));
        }

        words.Add(V.Verbs.Sample(ref _rng));
        NounPhrase(words);
        if (_rng.Chance(0.4))
        {
            PrepositionalPhrase(words);
        }
    }

    private void PrepositionalPhrase(List<string> words)
    {
        double r = _rng.NextDouble();
        if (r < 0.1)
        {
            words.Add("on");
            words.Add(_rng.Pick(Lexicon.Days));
        }
        else if (r < 0.15)
        {
            words.Add("in");
            words.Add(_rng.Pick(Lexicon.Months));
        }
        else
        {
            AddPhrase(words, V.Prepositions.Sample(ref _rng));
            NounPhrase(words);
        }
    }

    private void Attribution(List<string> words)
    {
        switch (_rng.Next(4))
        {
            case 0:
                words.Add(_surnames[_rng.Next(_surnames.Length)]);
                words.Add("said");
                break;
            case 1:
                AddPhrase(words, "the " + V.Nouns.Sample(ref _rng) + " said");
                break;
            case 2:
                AddPhrase(words, V.Phrases.Words[_rng.Next(2)]);
                break;
            default:
                AddPhrase(words, "according to " + _organizations[_rng.Next(_organizations.Length)]);
                break;
        }
    }

    private string Number() => _rng.Next(6) switch
    {
        0 => _rng.Between(2, 99).ToString(CultureInfo.InvariantCulture),
        1 => (_rng.Between(1, 199) / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + " percent of",
        2 => _rng.Between(1, 9).ToString(CultureInfo.InvariantCulture) + "," + _rng.Between(100, 999).ToString(CultureInfo.InvariantCulture),
        3 => "$" + _rng.Between(2, 900).ToString(CultureInfo.InvariantCulture) + " million in",
        4 => "more than " + (_rng.Between(1, 50) * 10).ToString(CultureInfo.InvariantCulture),
        _ => "about " + _rng.Between(2, 40).ToString(CultureInfo.InvariantCulture),
    };

    private static void AddPhrase(List<string> words, string phrase)
    {
        int start = 0;
        for (int i = 0; i <= phrase.Length; i++)
        {
            if (i == phrase.Length || phrase[i] == ' ')
            {
                if (i > start)
                {
                    words.Add(phrase[start..i]);
                }

                start = i + 1;
            }
        }
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string Capitalize(string word) =>
        word.Length == 0 || char.IsUpper(word[0]) || word[0] == '"' && word.Length > 1 && char.IsUpper(word[1])
            ? word
            : word[0] == '"' ? "\"" + char.ToUpperInvariant(word[1]) + word[2..] : char.ToUpperInvariant(word[0]) + word[1..];

    private static string TitleCase(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
