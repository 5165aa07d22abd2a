using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace NearDup.Relate;

/// <summary>
/// The stable snake_case names that reports write for kinds (<see cref="RelationKind"/>, <see cref="Direction"/>,
/// <see cref="Align.PassageKind"/>, <see cref="Pipeline.FurnitureKind"/>). Each name is written once, on the enum
/// member as its <see cref="JsonStringEnumMemberNameAttribute"/>, so JSON serialization, the reports and parsing
/// agree by construction.
/// </summary>
internal static class WireNames
{
    /// <summary>The wire name of <paramref name="value"/>; no allocation after the first call for a type.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a named member.</exception>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        string[] names = Names<TEnum>.ByValue;
        int index = Unsafe.As<TEnum, int>(ref value);
        return (uint)index < (uint)names.Length
            ? names[index]
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(TEnum).Name}.");
    }

    /// <summary>Parses a name as written by <see cref="Of{TEnum}(TEnum)"/> (ordinal, case-sensitive).</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        string[] names = Names<TEnum>.ByValue;
        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(name, names[i], StringComparison.Ordinal))
            {
                value = Unsafe.As<int, TEnum>(ref i);
                return true;
            }
        }

        value = default;
        return false;
    }

    // Names indexed by value: the kinds are int enums numbered 0, 1, 2... (checked here, once per type).
    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly string[] ByValue = Build();

        private static string[] Build()
        {
            if (Enum.GetUnderlyingType(typeof(TEnum)) != typeof(int))
            {
                throw new InvalidOperationException($"{typeof(TEnum).Name} is not an int enum.");
            }

            var fields = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static);
            var names = new string[fields.Length];
            foreach (var field in fields)
            {
                int index = (int)field.GetRawConstantValue()!;
                string? name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name;
                if ((uint)index >= (uint)names.Length || name is null || names[index] is not null)
                {
                    throw new InvalidOperationException($"{typeof(TEnum).Name}.{field.Name} needs a wire name and values 0..{names.Length - 1}.");
                }

                names[index] = name;
            }

            return names;
        }
    }
}
