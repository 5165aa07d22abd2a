using System.Text;
using BenchmarkDotNet.Attributes;
using NearDup.Semantic.MiniLM;
using MlBertOptions = Microsoft.ML.Tokenizers.BertOptions;
using MlBertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;

namespace NearDup.Benchmarks;

/// <summary>
/// NearDup's hand-written WordPiece tokenizer against the ones on NuGet (Microsoft.ML.Tokenizers' BertTokenizer,
/// FastBertTokenizer), all over MiniLM's vocabulary: the time to tokenize MRPC's sentences. <see cref="Check"/>
/// (<c>dotnet run -c Release --project bench/NearDup.Benchmarks -- wordpiece-check</c>) compares the token ids.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class WordPieceBench
{
    /// <summary>Hand-picked cases beyond MRPC: accents, CJK, punctuation, long words, marks, symbols, controls.</summary>
    public static readonly string[] Hard =
    [
        "Café déjà vu: naïve coöperation in São Paulo, Zürich and Kraków.",
        "Ångström, Øresund, Æsir, Œuvre, Straße, İstanbul, ﬁnance, ǅemal.",
        "e\u0301te\u0301 (combining acute) and A\u030A (combining ring).",
        "北京欢迎你 and 東京 and 서울특별시 and ひらがな カタカナ.",
        "Prices rose 3.5% (year-on-year); \"quotes\", 'single', «guillemets», „German“ — dashes – and … ellipses!?",
        "URLs like https://example.com/a_b?c=d&e=f#g and e-mail first.last@example.org.",
        "Antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis supercalifragilisticexpialidocious.",
        new string('a', 99) + " " + new string('b', 100) + " " + new string('c', 101),
        "Emoji 😀👍🏽 and symbols © ® ™ € £ ¥ ± × ÷ ° § ¶ • † ‡.",
        "Greek Αθήνα, Cyrillic Москва, Arabic القاهرة, Hebrew ירושלים, Devanagari नई दिल्ली, Thai กรุงเทพ.",
        "Tabs\tand\nnewlines\r\nand\u00A0no-break\u2009thin\u200Bzero-width\u00ADsoft-hyphen\u0007bell.",
        "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ①②③ and ½ ¼ and ² ³ and ℃ ℉ and Ⅻ.",
        "[CLS] [SEP] [UNK] [MASK] ## ##s don't won't it's rock'n'roll O'Neill",
        "",
    ];

    private string[] sentences = [];
    private WordPieceTokenizer nearDup = null!;
    private MlBertTokenizer ml = null!;
    private FastBertTokenizer.BertTokenizer fast = null!;
    private readonly int[] ids = new int[MaxTokens];
    private readonly long[] longIds = new long[MaxTokens + 2];
    private readonly long[] mask = new long[MaxTokens + 2];

    private const int MaxTokens = 512;

    [Params("NearDup", "Microsoft.ML.Tokenizers", "FastBertTokenizer")]
    public string Library { get; set; } = "NearDup";

    [GlobalSetup]
    public void Setup()
    {
        sentences = Sentences(4_000);
        (nearDup, ml, fast) = Create();
    }

    /// <summary>Tokenizes every sentence once; returns the number of ids.</summary>
    [Benchmark]
    public long TokenizeSentences()
    {
        long total = 0;
        switch (Library)
        {
            case "NearDup":
                foreach (string s in sentences)
                {
                    total += nearDup.Encode(s, ids, MaxTokens);
                }

                break;
            case "Microsoft.ML.Tokenizers":
                foreach (string s in sentences)
                {
                    total += ml.EncodeToIds(s, MaxTokens, addSpecialTokens: false, out _, out _).Count;
                }

                break;
            default:
                foreach (string s in sentences)
                {
                    total += fast.Encode(s, longIds, mask, padTo: null) - 2;
                }

                break;
        }

        return total;
    }

    /// <summary>
    /// Tokenizes all MRPC sentences and <see cref="Hard"/> with the three and prints, per library, how many differ
    /// from NearDup's ids, with the first few differences.
    /// </summary>
    public static void Check()
    {
        (WordPieceTokenizer nearDup, MlBertTokenizer ml, FastBertTokenizer.BertTokenizer fast) = Create();
        string[] all = [.. Sentences(int.MaxValue), .. Hard];
        int mlDiffer = 0;
        int mlDifferWithoutDollar = 0;
        int fastDiffer = 0;
        var ids = new int[MaxTokens];
        var longIds = new long[MaxTokens + 2];
        var mask = new long[MaxTokens + 2];
        foreach (string s in all)
        {
            int[] ours = ids[..nearDup.Encode(s, ids, MaxTokens)];
            int[] theirs = [.. ml.EncodeToIds(s, MaxTokens, addSpecialTokens: false, out _, out _)];
            if (!ours.AsSpan().SequenceEqual(theirs))
            {
                // Microsoft.ML.Tokenizers 2.0.1 drops '$', which BERT splits off as punctuation: count the rest apart.
                if (!s.Contains('$', StringComparison.Ordinal) && mlDifferWithoutDollar++ < 4)
                {
                    Report("Microsoft.ML.Tokenizers", s, ours, theirs, nearDup);
                }

                if (mlDiffer++ < 2)
                {
                    Report("Microsoft.ML.Tokenizers", s, ours, theirs, nearDup);
                }
            }

            int n = fast.Encode(s, longIds, mask, padTo: null);
            int[] fastIds = [.. longIds.AsSpan(1, Math.Max(0, n - 2)).ToArray().Select(x => (int)x)];
            if (!ours.AsSpan().SequenceEqual(fastIds))
            {
                if (fastDiffer++ < 8)
                {
                    Report("FastBertTokenizer", s, ours, fastIds, nearDup);
                }
            }
        }

        Console.WriteLine($"{all.Length} texts ({all.Length - Hard.Length} MRPC sentences, {Hard.Length} hand-picked): Microsoft.ML.Tokenizers differs on {mlDiffer} ({mlDifferWithoutDollar} without a '$'), FastBertTokenizer on {fastDiffer}.");
    }

    private static void Report(string library, string text, int[] ours, int[] theirs, WordPieceTokenizer tokenizer)
    {
        int at = 0;
        while (at < ours.Length && at < theirs.Length && ours[at] == theirs[at])
        {
            at++;
        }

        string Near(int[] list) => string.Join(' ', list.Skip(Math.Max(0, at - 2)).Take(6).Select(tokenizer.Token));
        Console.WriteLine($"{library} differs at token {at} of \"{(text.Length > 80 ? text[..80] + "…" : text)}\":");
        Console.WriteLine($"  NearDup: {Near(ours)}");
        Console.WriteLine($"  {library}: {Near(theirs)}");
    }

    private static (WordPieceTokenizer, MlBertTokenizer, FastBertTokenizer.BertTokenizer) Create()
    {
        IReadOnlyList<string> vocabulary = MiniLmModel.Vocabulary;
        string lines = string.Join('\n', vocabulary) + "\n";
        // all-MiniLM-L6-v2's tokenizer_config: do_lower_case, strip_accents unset (so stripped), CJK split.
        var ml = MlBertTokenizer.Create(new MemoryStream(Encoding.UTF8.GetBytes(lines)), new MlBertOptions
        {
            LowerCaseBeforeTokenization = true,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
            RemoveNonSpacingMarks = true,
            SplitOnSpecialTokens = false,
        });
        var fast = new FastBertTokenizer.BertTokenizer();
        fast.LoadVocabulary(new StringReader(lines), convertInputToLowercase: true);
        return (new WordPieceTokenizer(vocabulary), ml, fast);
    }

    private static string[] Sentences(int count)
    {
        string mrpc = Path.Combine(SemanticBenchData.SharedDirectory("eval"), "mrpc", "msr_paraphrase_train.txt");
        var list = new List<string>();
        foreach ((_, string a, string b) in NearDup.Evaluation.MrpcEvaluator.Read(mrpc))
        {
            if (list.Count >= count)
            {
                break;
            }

            list.Add(a);
            list.Add(b);
        }

        return [.. list];
    }
}
