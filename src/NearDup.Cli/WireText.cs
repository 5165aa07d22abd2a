using System.Text;
using NearDup.Relate;

namespace NearDup.Cli;

/// <summary>Enum values as the JSON report spells them (<c>NearExact</c> is <c>near_exact</c>), for the commands' own output.</summary>
internal static class WireText
{
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        string name = value.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>The direction read with the two sides swapped.</summary>
    public static Direction Flip(Direction direction) => direction switch
    {
        Direction.AInsideB => Direction.BInsideA,
        Direction.BInsideA => Direction.AInsideB,
        Direction.AFromB => Direction.BFromA,
        Direction.BFromA => Direction.AFromB,
        _ => Direction.None,
    };
}
