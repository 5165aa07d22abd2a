using System.Text.Json;
using System.Text.Json.Nodes;

namespace NearDup.Evaluation;

/// <summary>
/// Multinomial logistic regression from <see cref="ReuseFeatures"/> to the four <see cref="ReuseLevel"/>s: features
/// standardised by the training mean and deviation, one weight vector per level, an L2 penalty on the weights.
/// </summary>
/// <remarks>
/// <see cref="Default"/> is the model <see cref="Fit"/> makes of the 57 visible Clough and Stevenson answers, shipped as
/// <c>Models/reuse-level.json</c> (written by <c>neardup eval clough-stevenson --save-model FILE</c>); the fitting
/// procedure is scored leave-one-person-out, and that cross-validated figure is the honest one. Nothing is fitted at
/// run time. Thread-safe: immutable once built.
/// </remarks>
public sealed class ReuseLevelModel : IReuseRule
{
    /// <summary>
    /// L2 penalty of <see cref="Fit"/> by default, on standardised features: 0.003. Chosen with
    /// <see cref="DefaultFeatures"/> by leave-one-person-out CV on the visible answers among {0.003, 0.01, 0.03, 0.1}
    /// and three feature sets; the choice made inside each outer fold (nested CV) scores 0.754 on the four levels.
    /// </summary>
    public const double DefaultPenalty = 0.003;

    private const int Levels = 4;
    private const string ResourceName = "NearDup.Evaluation.Models.reuse-level.json";

    private static readonly Lazy<ReuseLevelModel> Shipped = new(LoadShipped);

    private readonly ReuseFeature[] features;
    private readonly double[] mean;
    private readonly double[] scale;

    // weights[level * (features + 1) + f], the bias last in each row.
    private readonly double[] weights;

    private ReuseLevelModel(ReuseFeature[] features, double[] mean, double[] scale, double[] weights)
    {
        this.features = features;
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
    }

    /// <summary>
    /// The features <see cref="Fit"/> reads by default: coverage, longest passage, and containment of 1-, 3- and
    /// 5-grams. Adding the sentence cosines, edited and verbatim shares, order and loose coverage scored lower in
    /// cross-validation (0.68–0.74 on the four levels): with 57 answers, fewer weights generalise better.
    /// </summary>
    public static IReadOnlyList<ReuseFeature> DefaultFeatures { get; } =
    [
        ReuseFeature.Coverage, ReuseFeature.Containment1, ReuseFeature.Containment3, ReuseFeature.Containment5,
        ReuseFeature.LongestPassageShare,
    ];

    /// <summary>The shipped model, fitted on the visible Clough and Stevenson answers.</summary>
    public static ReuseLevelModel Default => Shipped.Value;

    /// <summary>The features the model reads, in order.</summary>
    public IReadOnlyList<ReuseFeature> Features => features;

    /// <summary>The probability of each level, indexed by <see cref="ReuseLevel"/>.</summary>
    public double[] Probabilities(ReuseFeatures values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var x = new double[features.Length];
        for (int f = 0; f < features.Length; f++)
        {
            x[f] = (values[features[f]] - mean[f]) / scale[f];
        }

        var p = new double[Levels];
        Softmax(x, weights, p);
        return p;
    }

    /// <summary>The most probable level.</summary>
    public ReuseLevel Classify(ReuseFeatures values)
    {
        var p = Probabilities(values);
        int best = 0;
        for (int l = 1; l < Levels; l++)
        {
            best = p[l] > p[best] ? l : best;
        }

        return (ReuseLevel)best;
    }

    /// <summary>Whether the text reuses its source: the three reuse levels together are more probable than none.</summary>
    public bool IsReuse(ReuseFeatures values) => Probabilities(values)[(int)ReuseLevel.None] < 0.5;

    /// <summary>
    /// Fits the model to labelled examples by gradient descent (Nesterov momentum, a fixed number of steps, so the
    /// result is deterministic) on the penalised log-likelihood, which is convex.
    /// </summary>
    /// <param name="examples">The examples' features.</param>
    /// <param name="levels">Their levels.</param>
    /// <param name="use">The features to read; default <see cref="DefaultFeatures"/>.</param>
    /// <param name="penalty">L2 penalty per example on the standardised weights (not the biases).</param>
    public static ReuseLevelModel Fit(
        IReadOnlyList<ReuseFeatures> examples, IReadOnlyList<ReuseLevel> levels, IReadOnlyList<ReuseFeature>? use = null, double penalty = DefaultPenalty)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentOutOfRangeException.ThrowIfNegative(penalty);
        if (examples.Count != levels.Count || examples.Count < 2)
        {
            throw new ArgumentException("Need at least two examples, one level per feature set.", nameof(levels));
        }

        var chosen = (use ?? DefaultFeatures).ToArray();
        int n = examples.Count, d = chosen.Length, row = d + 1;
        var mean = new double[d];
        var scale = new double[d];
        var x = new double[n][];
        for (int f = 0; f < d; f++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < n; i++)
            {
                double v = examples[i][chosen[f]];
                sum += v;
                squares += v * v;
            }

            mean[f] = sum / n;
            scale[f] = Math.Max(1e-6, Math.Sqrt(Math.Max(0, (squares / n) - (mean[f] * mean[f]))));
        }

        for (int i = 0; i < n; i++)
        {
            x[i] = new double[d];
            for (int f = 0; f < d; f++)
            {
                x[i][f] = (examples[i][chosen[f]] - mean[f]) / scale[f];
            }
        }

        var w = new double[Levels * row];
        var velocity = new double[w.Length];
        var lookahead = new double[w.Length];
        var gradient = new double[w.Length];
        var p = new double[Levels];
        const int Steps = 2000;
        const double Rate = 0.2, Momentum = 0.9;
        for (int step = 0; step < Steps; step++)
        {
            for (int k = 0; k < w.Length; k++)
            {
                lookahead[k] = w[k] + (Momentum * velocity[k]);
            }

            Array.Clear(gradient);
            for (int i = 0; i < n; i++)
            {
                Softmax(x[i], lookahead, p);
                for (int l = 0; l < Levels; l++)
                {
                    double error = p[l] - ((int)levels[i] == l ? 1 : 0);
                    for (int f = 0; f < d; f++)
                    {
                        gradient[(l * row) + f] += error * x[i][f];
                    }

                    gradient[(l * row) + d] += error;
                }
            }

            for (int l = 0; l < Levels; l++)
            {
                for (int f = 0; f < d; f++)
                {
                    gradient[(l * row) + f] = (gradient[(l * row) + f] / n) + (penalty * lookahead[(l * row) + f]);
                }

                gradient[(l * row) + d] /= n;
            }

            for (int k = 0; k < w.Length; k++)
            {
                velocity[k] = (Momentum * velocity[k]) - (Rate * gradient[k]);
                w[k] += velocity[k];
            }
        }

        return new ReuseLevelModel(chosen, mean, scale, w);
    }

    /// <summary>The model as JSON: features, standardisation and weights (the bias last in each level's row).</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["model"] = "multinomial logistic regression over standardised ReuseFeatures",
            ["features"] = new JsonArray([.. features.Select(f => (JsonNode)f.ToString())]),
            ["mean"] = Numbers(mean),
            ["scale"] = Numbers(scale),
        };
        var rows = new JsonObject();
        int row = features.Length + 1;
        for (int l = 0; l < Levels; l++)
        {
            rows[((ReuseLevel)l).ToString()] = Numbers(weights.AsSpan(l * row, row).ToArray());
        }

        root["weights"] = rows;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a model written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not such a model.</exception>
    public static ReuseLevelModel FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("Not a reuse-level model: the JSON is null.");
            var chosen = Member(root, "features").AsArray().Select(f => Enum.Parse<ReuseFeature>(f?.GetValue<string>() ?? "")).ToArray();
            var mean = NumbersOf(root, "mean");
            var scale = NumbersOf(root, "scale");
            var rows = Member(root, "weights").AsObject();
            var weights = new List<double>();
            for (int l = 0; l < Levels; l++)
            {
                var r = NumbersOf(rows, ((ReuseLevel)l).ToString());
                if (r.Length != chosen.Length + 1)
                {
                    throw new FormatException($"weights of {(ReuseLevel)l}: expected {chosen.Length + 1} numbers, found {r.Length}.");
                }

                weights.AddRange(r);
            }

            if (mean.Length != chosen.Length || scale.Length != chosen.Length)
            {
                throw new FormatException("mean and scale need one number per feature.");
            }

            return new ReuseLevelModel(chosen, mean, scale, [.. weights]);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException("Not a reuse-level model: " + e.Message, e);
        }
    }

    // Missing members are named here rather than left to a null dereference: on a machine where ONNX Runtime has
    // used AMX on the thread, the runtime's handler for a hardware null fault overflows its signal stack and the
    // process dies (docs/PERFORMANCE.md, "Session 17: a crash on AMX machines").
    private static JsonNode Member(JsonObject parent, string name) =>
        parent[name] ?? throw new FormatException($"Not a reuse-level model: no \"{name}\".");

    private static double[] NumbersOf(JsonObject parent, string name) =>
        [.. Member(parent, name).AsArray().Select(v => v?.GetValue<double>() ?? throw new FormatException($"Not a reuse-level model: a null in \"{name}\"."))];

    private static JsonArray Numbers(double[] values) =>
        new([.. values.Select(v => (JsonNode)Math.Round(v, 6))]);

    private static void Softmax(double[] x, double[] weights, double[] p)
    {
        int d = x.Length, row = d + 1;
        double max = double.NegativeInfinity;
        for (int l = 0; l < Levels; l++)
        {
            double z = weights[(l * row) + d];
            for (int f = 0; f < d; f++)
            {
                z += weights[(l * row) + f] * x[f];
            }

            p[l] = z;
            max = Math.Max(max, z);
        }

        double total = 0;
        for (int l = 0; l < Levels; l++)
        {
            p[l] = Math.Exp(p[l] - max);
            total += p[l];
        }

        for (int l = 0; l < Levels; l++)
        {
            p[l] /= total;
        }
    }

    private static ReuseLevelModel LoadShipped()
    {
        using var stream = typeof(ReuseLevelModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The shipped reuse-level model ({ResourceName}) is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }
}
