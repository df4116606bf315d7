using System.Reflection;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Infrastructure;

/// <summary>
/// Every verb path of the command line (<c>run</c>, <c>methods describe</c>, …) with its settings type, recorded while
/// the commands are registered, so option errors can name the verb and suggest its closest option.
/// </summary>
public sealed class VerbTable
{
    private readonly Dictionary<string, Type> _settings = new(StringComparer.Ordinal);

    /// <summary>The verb paths, in registration order of first appearance (words separated by one space).</summary>
    public IReadOnlyList<string> Paths => [.. _settings.Keys];

    /// <summary>The settings type a verb binds its options to.</summary>
    public Type SettingsOf(string path) => _settings[path];

    /// <summary>Records <paramref name="path"/> as running <paramref name="commandType"/>.</summary>
    internal void Add(string path, Type commandType) => _settings[path] = SettingsType(commandType);

    /// <summary>Records a branch (<c>snapshot</c>) unless its default command already did.</summary>
    internal void AddBranch(string path, Type settingsType) => _settings.TryAdd(path, settingsType);

    /// <summary>The longest verb path that the leading words of <paramref name="args"/> spell, or null.</summary>
    public string? Match(IReadOnlyList<string> args)
    {
        string? found = null;
        var words = new List<string>();
        foreach (var arg in args)
        {
            if (arg.StartsWith('-'))
            {
                break;
            }

            words.Add(arg);
            var path = string.Join(' ', words);
            if (_settings.ContainsKey(path))
            {
                found = path;
            }
        }

        return found;
    }

    /// <summary>Every option spelling of a verb (<c>--set</c>, <c>-j</c>, <c>--jobs</c>, …) plus <c>--help</c>.</summary>
    public IReadOnlyList<string> OptionsOf(string path)
        => [.. SettingsOf(path).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .Where(o => !o.IsHidden)
            .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)))
            .Append("--help")];

    private static Type SettingsType(Type commandType)
    {
        for (var type = commandType; type is not null; type = type.BaseType)
        {
            var generic = type.GetInterfaces().Concat([type])
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));
            if (generic is not null)
            {
                return generic.GetGenericArguments()[0];
            }
        }

        return typeof(CommandSettings);
    }
}
