using System.Collections.Concurrent;

namespace NearDup.Candidates;

/// <summary>
/// Bands b and rows r of MinHash LSH for a Jaccard threshold: the (b, r) with <c>b * r &lt;= k</c> that minimises
/// <c>wFP * ∫[0,t] P(s) ds + wFN * ∫[t,1] (1 - P(s)) ds</c>, <c>P(s) = 1 - (1 - s^r)^b</c>, scanning b then r
/// ascending and keeping the first strict minimum, as datasketch's <c>_optimal_param</c> (lsh.py) does.
/// </summary>
internal static class LshParameters
{
    private static readonly ConcurrentDictionary<(double, int, double, double), (int, int)> Cache = new();

    // QUADPACK's 15-point Kronrod nodes (positive half) and weights, with the embedded 7-point Gauss weights.
    private static readonly double[] Xk =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ];

    private static readonly double[] Wk =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    private static readonly double[] Wg =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ];

    public static (int Bands, int Rows) Optimal(double threshold, int numPermutations, double falsePositiveWeight, double falseNegativeWeight) =>
        Cache.GetOrAdd((threshold, numPermutations, falsePositiveWeight, falseNegativeWeight), static key =>
        {
            (double t, int k, double wfp, double wfn) = key;
            double minError = double.PositiveInfinity;
            (int, int) best = (0, 0);
            for (int b = 1; b <= k; b++)
            {
                for (int r = 1; r <= k / b; r++)
                {
                    double fp = Integrate(s => 1 - Math.Pow(1 - Math.Pow(s, r), b), 0, t);
                    double fn = Integrate(s => Math.Pow(1 - Math.Pow(s, r), b), t, 1);
                    double error = (fp * wfp) + (fn * wfn);
                    if (error < minError)
                    {
                        minError = error;
                        best = (b, r);
                    }
                }
            }

            return best;
        });

    /// <summary>Adaptive Gauss-Kronrod (7/15) quadrature to an absolute error of about 1e-13.</summary>
    internal static double Integrate(Func<double, double> f, double a, double b)
    {
        if (b <= a)
        {
            return 0;
        }

        return Adaptive(f, a, b, 1e-13, 0);
    }

    internal static double Kronrod15(Func<double, double> f, double a, double b, out double error)
    {
        double half = (b - a) / 2;
        double center = (a + b) / 2;
        double fc = f(center);
        double kronrod = fc * Wk[7];
        double gauss = fc * Wg[3];
        for (int i = 0; i < 7; i++)
        {
            double dx = half * Xk[i];
            double sum = f(center - dx) + f(center + dx);
            kronrod += Wk[i] * sum;
            if (i % 2 == 1)
            {
                gauss += Wg[i / 2] * sum;
            }
        }

        error = Math.Abs((kronrod - gauss) * half);
        return kronrod * half;
    }

    private static double Adaptive(Func<double, double> f, double a, double b, double tolerance, int depth)
    {
        double whole = Kronrod15(f, a, b, out double error);
        if (error <= tolerance || depth >= 40)
        {
            return whole;
        }

        double mid = (a + b) / 2;
        return Adaptive(f, a, mid, tolerance / 2, depth + 1) + Adaptive(f, mid, b, tolerance / 2, depth + 1);
    }
}
