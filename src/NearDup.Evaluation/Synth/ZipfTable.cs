namespace NearDup.Evaluation.Synth;

/// <summary>Words drawn with Zipf–Mandelbrot frequencies: weight of rank r is 1 / (r + q)^s.</summary>
internal sealed class ZipfTable
{
    private readonly double[] _cdf;

    public ZipfTable(string[] words, double exponent = 1.0, double offset = 2.7)
    {
        Words = words;
        _cdf = new double[words.Length];
        double total = 0;
        for (int r = 0; r < words.Length; r++)
        {
            total += 1.0 / Math.Pow(r + 1 + offset, exponent);
            _cdf[r] = total;
        }

        for (int r = 0; r < _cdf.Length; r++)
        {
            _cdf[r] /= total;
        }
    }

    public string[] Words { get; }

    public string Sample(ref Rng rng) => Words[SampleRank(ref rng)];

    public int SampleRank(ref Rng rng)
    {
        int index = Array.BinarySearch(_cdf, rng.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cdf.Length - 1);
    }
}
