using System.Runtime.Intrinsics.X86;
using NearDup.Group;

namespace NearDup.Tests.Group;

public class TermVectorsTest
{
    [Fact]
    public void Heaviest32_KeepsTheWindowsWords_InItsOrder_TiesIncluded()
    {
        if (!Avx512F.IsSupported)
        {
            return; // the scalar window is the only one here
        }

        var random = new Random(5);
        var keys = new float[TermVectors.HeaviestAtOnce];
        var expected = new int[TermVectors.HeaviestAtOnce];
        var actual = new int[TermVectors.HeaviestAtOnce];
        for (int trial = 0; trial < 2_000; trial++)
        {
            int length = random.Next(TermVectors.HeaviestAtOnce + 1, 600);
            var row = new float[length];
            bool ties = trial % 2 == 0;
            for (int i = 0; i < length; i++)
            {
                row[i] = ties ? (1 + random.Next(12)) / 16f : (float)random.NextDouble() + 1e-6f; // many equal weights
            }

            int start = random.Next(1_000);
            Assert.Equal(TermVectors.HeaviestAtOnce, TermVectors.HeaviestWindow(row, start, keys, expected));
            TermVectors.Heaviest32(row, start, actual);
            Assert.Equal(expected, actual);
        }
    }
}
