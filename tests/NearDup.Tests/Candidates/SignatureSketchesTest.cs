using NearDup.Candidates;
using NearDup.Fingerprint;

namespace NearDup.Tests.Candidates;

public class SignatureSketchesTest
{
    [Fact]
    public void UpperBound_IsNeverBelow_TheSignaturesJaccard()
    {
        var random = new Random(7);
        var sketches = new SignatureSketches(128);
        var signatures = new List<uint[]>();
        for (int d = 0; d < 40; d++)
        {
            // Signatures agreeing on a share of positions, the others random (some equal in their low byte only).
            var signature = new uint[128];
            for (int i = 0; i < signature.Length; i++)
            {
                signature[i] = random.Next(4) == 0 ? (uint)i : (uint)random.Next();
            }

            signatures.Add(signature);
            sketches.Add(signature);
        }

        for (int a = 0; a < signatures.Count; a++)
        {
            for (int b = 0; b < signatures.Count; b++)
            {
                Assert.True(sketches.UpperBound(a, b) >= MinHash.Jaccard(signatures[a], signatures[b]));
            }

            Assert.Equal(1.0, sketches.UpperBound(a, a));
        }
    }
}
