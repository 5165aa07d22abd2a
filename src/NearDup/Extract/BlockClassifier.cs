using System.Globalization;

namespace NearDup.Extract;

/// <summary>
/// Keeps or drops each candidate block of the article container: a logistic regression over the block's features
/// (<see cref="FeatureNames"/>: the rules' verdict and scores, link density, length, kind, tag, position, the class
/// and id words of its ancestors), as boilerpipe, Dragnet and Web2Text learn theirs. Trained on labelled pages by
/// <c>bench/NearDup.ExtractionEval train</c>, shipped as <c>Extract/block-classifier.txt</c>; nothing is trained at
/// extraction time. Immutable and thread-safe.
/// </summary>
internal sealed class BlockClassifier
{
    /// <summary>
    /// Generic words of class and id names (no site's own), each a feature when the block's owner or an ancestor up
    /// to the candidates' scope has a class/id word starting with it (<c>comments</c>, <c>post-meta</c>).
    /// </summary>
    public static readonly string[] ClassWords =
    [
        "content", "article", "body", "text", "post", "entry", "story", "main", "comment", "related", "share",
        "social", "meta", "author", "date", "caption", "credit", "footer", "header", "title", "summary", "intro",
        "lead", "quote", "figure", "image", "photo", "video", "embed", "promo", "bio", "note", "list", "card",
        "teaser", "link", "button", "info", "widget", "sidebar",
    ];

    /// <summary>Tags on the path from the block up to the candidates' scope, each a feature (<c>path_li</c>).</summary>
    public static readonly string[] PathTags =
    [
        "li", "table", "figure", "blockquote", "section", "header", "footer", "aside", "a", "h2", "h3", "h4", "dl", "center", "font", "b", "strong", "em", "small", "pre",
    ];

    /// <summary>The features, in order (see <c>PageModel.Reclassify</c>).</summary>
    public static readonly string[] FeatureNames =
    [
        "rule_keep", "rejected", "log_length", "link_density", "good_share", "bad_share", "ends_sentence",
        "position", "considered", "after_cut", "furniture",
        "kind_text", "kind_paragraph", "kind_heading", "kind_list_item", "kind_quote", "kind_preformatted", "kind_cell", "kind_caption",
        "tag_h1", "tag_p", "tag_div", "tag_span",
        "hint_positive", "hint_strong_positive", "hint_negative", "hint_label",
        "in_container", "digit_share", "short", "previous_keep", "next_keep", "text_share", "good_before",
        "previous_link_density", "next_link_density", "previous_log_length", "next_log_length", "mean_word_length", "previous_rejected", "next_rejected",
        "depth_below_container", "window_link_density", "owner_text_share", "owner_link_density",
        .. ClassWords.Select(w => "class_" + w),
        .. PathTags.Select(t => "path_" + t),
    ];

    /// <summary>Index of the first class-word feature; the path tags follow the class words.</summary>
    public static readonly int ClassWordsAt = Array.IndexOf(FeatureNames, "class_" + ClassWords[0]);

    private const string ResourceName = "NearDup.Extract.block-classifier.txt";

    private static readonly Lazy<BlockClassifier?> ShippedModel = new(Load);

    private readonly double[] weights;

    /// <summary>Weights in <see cref="FeatureNames"/> order, then the bias; a block is kept from <paramref name="threshold"/>.</summary>
    public BlockClassifier(double[] weights, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != FeatureNames.Length + 1)
        {
            throw new ArgumentException($"Expected {FeatureNames.Length + 1} weights (one per feature, then the bias).", nameof(weights));
        }

        this.weights = weights;
        Threshold = threshold;
    }

    /// <summary>The shipped model, or null when none ships (the rules decide alone).</summary>
    public static BlockClassifier? Shipped => ShippedModel.Value;

    /// <summary>Probability from which a block is kept.</summary>
    public double Threshold { get; }

    /// <summary>The same weights, keeping blocks from another probability.</summary>
    public BlockClassifier WithThreshold(double threshold) => new(weights, threshold);

    /// <summary>The probability that the block belongs to the article.</summary>
    public double Probability(ReadOnlySpan<double> features)
    {
        double z = weights[^1];
        for (int f = 0; f < features.Length; f++)
        {
            z += weights[f] * features[f];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Whether the block belongs to the article.</summary>
    public bool Keep(ReadOnlySpan<double> features) => Probability(features) >= Threshold;

    /// <summary>
    /// Fits the weights by gradient descent with Nesterov momentum (a fixed number of steps: deterministic) on the
    /// L2-penalised log-likelihood, which is convex.
    /// </summary>
    public static BlockClassifier Fit(IReadOnlyList<double[]> examples, IReadOnlyList<bool> labels, double penalty = 1e-4, int steps = 400)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(labels);
        int n = examples.Count, d = FeatureNames.Length;
        var w = new double[d + 1];
        var velocity = new double[d + 1];
        var ahead = new double[d + 1];
        var gradient = new double[d + 1];
        const double Rate = 0.5, Momentum = 0.9;
        for (int step = 0; step < steps; step++)
        {
            for (int k = 0; k <= d; k++)
            {
                ahead[k] = w[k] + (Momentum * velocity[k]);
            }

            Array.Clear(gradient);
            for (int i = 0; i < n; i++)
            {
                double[] x = examples[i];
                double z = ahead[d];
                for (int f = 0; f < d; f++)
                {
                    z += ahead[f] * x[f];
                }

                double error = (1 / (1 + Math.Exp(-z))) - (labels[i] ? 1 : 0);
                for (int f = 0; f < d; f++)
                {
                    gradient[f] += error * x[f];
                }

                gradient[d] += error;
            }

            for (int k = 0; k <= d; k++)
            {
                gradient[k] = (gradient[k] / n) + (k < d ? penalty * ahead[k] : 0);
                velocity[k] = (Momentum * velocity[k]) - (Rate * gradient[k]);
                w[k] += velocity[k];
            }
        }

        return new BlockClassifier(w);
    }

    /// <summary>The model as text: one <c>name weight</c> line per feature, then <c>bias</c> and <c>threshold</c>.</summary>
    public string Write()
    {
        var lines = new List<string> { "# NearDup block classifier: logistic regression, written by bench/NearDup.ExtractionEval train" };
        for (int f = 0; f < FeatureNames.Length; f++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{FeatureNames[f]} {weights[f]:R}"));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"bias {weights[^1]:R}"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"threshold {Threshold:R}"));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">A line is not <c>name number</c> or a feature is missing.</exception>
    public static BlockClassifier Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                throw new FormatException($"block classifier: expected 'name number', found '{line}'");
            }

            values[parts[0]] = v;
        }

        var weights = new double[FeatureNames.Length + 1];
        for (int f = 0; f <= FeatureNames.Length; f++)
        {
            string name = f < FeatureNames.Length ? FeatureNames[f] : "bias";
            weights[f] = values.TryGetValue(name, out double v) ? v : throw new FormatException($"block classifier: no weight for '{name}'");
        }

        return new BlockClassifier(weights, values.GetValueOrDefault("threshold", 0.5));
    }

    private static BlockClassifier? Load()
    {
        using Stream? stream = typeof(BlockClassifier).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return Read(reader.ReadToEnd());
    }
}
