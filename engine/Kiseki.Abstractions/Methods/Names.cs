using System.Reflection;
using System.Text;

namespace Kiseki.Abstractions.Methods;

/// <summary>How C# names are written in workflow YAML.</summary>
public static class Names
{
    /// <summary><c>MaxIterations</c> → <c>max_iterations</c>; <c>Beta2</c> → <c>beta2</c>.</summary>
    public static string ToSnakeCase(string name) => Separate(name, '_');

    /// <summary><c>PerovskiteProton</c> → <c>perovskite-proton</c>.</summary>
    public static string ToKebabCase(string name) => Separate(name, '-');

    /// <summary>The YAML name of a parameter or port property.</summary>
    public static string Of(PropertyInfo property)
        => property.GetCustomAttribute<YamlNameAttribute>()?.Name ?? ToSnakeCase(property.Name);

    /// <summary>The YAML name of an enum value.</summary>
    public static string OfChoice(Enum value)
    {
        var field = value.GetType().GetField(value.ToString());
        return field?.GetCustomAttribute<ChoiceNameAttribute>()?.Name ?? ToKebabCase(value.ToString());
    }

    private static string Separate(string name, char separator)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (char.IsUpper(ch))
            {
                var previousLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (previousLower || nextLower)
                {
                    builder.Append(separator);
                }

                builder.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }
}
