using FsCheck.Xunit;
using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Tests.Fingerprint;

public class WinnowerTest
{
    private static readonly FingerprintOptions Options = new();

    [Property(MaxTest = 200)]
    public bool SharedRun_OfGuaranteeLength_SharesAFingerprint(int seed)
    {
        var random = new Random(seed);
        int run = Options.GuaranteeThreshold;
        string[] shared = RandomText.Words(random, run);
        string a = string.Join(' ', [.. RandomText.Words(random, random.Next(0, 200)), .. shared, .. RandomText.Words(random, random.Next(0, 200))]);
        string b = string.Join(' ', [.. RandomText.Words(random, random.Next(0, 200)), .. shared, .. RandomText.Words(random, random.Next(0, 200))]);
        return Select(a).Overlaps(Select(b));
    }

    [Fact]
    public void Selection_IsInIncreasingPosition_AndCoversEveryWindow()
    {
        ulong[] hashes = ShinglerTest.Shingles(Tokenizer.Tokenize(RandomText.Text(new Random(1), 400)), 5);
        var selected = new WinnowFingerprint[Winnower.MaxCount(hashes.Length, 6)];
        int n = Winnower.Select(hashes, 6, selected);
        for (int i = 1; i < n; i++)
        {
            Assert.True(selected[i].Position > selected[i - 1].Position);
            Assert.True(selected[i].Position - selected[i - 1].Position <= 6, "a window without a fingerprint");
        }

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(hashes[selected[i].Position], selected[i].Hash);
        }

        // Expected density 2 / (w + 1).
        Assert.InRange((double)n / hashes.Length, 0.2, 0.4);
    }

    [Fact]
    public void Ties_KeepThePreviousSelection()
    {
        // Robust winnowing: a run of equal minima is re-selected only when the kept one leaves the window (7 windows, 3 fingerprints).
        ulong[] hashes = [9, 1, 1, 1, 1, 1, 1, 1, 9];
        var selected = new WinnowFingerprint[8];
        int n = Winnower.Select(hashes, 3, selected);
        Assert.Equal([new WinnowFingerprint(1, 2), new WinnowFingerprint(1, 5), new WinnowFingerprint(1, 7)], selected[..n]);
    }

    [Fact]
    public void FewerHashesThanWindow_SelectsTheMinimum()
    {
        var selected = new WinnowFingerprint[1];
        Assert.Equal(1, Winnower.Select([7, 3, 5], 6, selected));
        Assert.Equal(new WinnowFingerprint(3, 1), selected[0]);
        Assert.Equal(0, Winnower.Select([], 6, selected));
    }

    [Fact]
    public void Selection_IsTheRobustScans_WithManyTies()
    {
        // The four-window blocks (AVX2) against the plain scan, on hashes from a handful of values (ties everywhere),
        // on uniform ones, and on windows up to past the blocks' widest.
        var random = new Random(7);
        for (int trial = 0; trial < 4000; trial++)
        {
            int length = random.Next(1, 120);
            int window = random.Next(1, 20);
            int values = trial % 3 == 0 ? int.MaxValue : random.Next(1, 8);
            ulong[] hashes = [.. Enumerable.Range(0, length).Select(_ => values == int.MaxValue ? (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63) : (ulong)random.Next(values) << 62)];
            var selected = new WinnowFingerprint[Winnower.MaxCount(length, window)];
            int n = Winnower.Select(hashes, window, selected);
            Assert.Equal(Scan(hashes, window), selected[..n]);
        }

        static List<WinnowFingerprint> Scan(ulong[] hashes, int window)
        {
            var selected = new List<WinnowFingerprint>();
            int w = Math.Min(window, hashes.Length);
            int minPos = -1;
            for (int right = w - 1; right < hashes.Length; right++)
            {
                int left = right - w + 1;
                if (minPos < left)
                {
                    minPos = left;
                    for (int j = left + 1; j <= right; j++)
                    {
                        minPos = hashes[j] <= hashes[minPos] ? j : minPos;
                    }

                    selected.Add(new WinnowFingerprint(hashes[minPos], minPos));
                }
                else if (hashes[right] < hashes[minPos])
                {
                    minPos = right;
                    selected.Add(new WinnowFingerprint(hashes[minPos], minPos));
                }
            }

            return selected;
        }
    }

    private static HashSet<ulong> Select(string text)
    {
        ulong[] hashes = ShinglerTest.Shingles(Tokenizer.Tokenize(text), Options.ShingleSize);
        var selected = new WinnowFingerprint[Winnower.MaxCount(hashes.Length, Options.WinnowWindow)];
        int n = Winnower.Select(hashes, Options.WinnowWindow, selected);
        return [.. selected[..n].Select(f => f.Hash)];
    }
}
