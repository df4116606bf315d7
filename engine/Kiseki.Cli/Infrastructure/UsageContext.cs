using Kiseki.Engine.Definitions.Binding;

namespace Kiseki.Cli.Infrastructure;

/// <summary>The command line being run and the verb table: what an error message needs to name the verb and its options.</summary>
internal sealed class UsageContext(IReadOnlyList<string> args, VerbTable verbs)
{
    /// <summary>True when <c>--json</c> was given: errors are then printed as one JSON document too.</summary>
    public bool Json { get; } = args.TakeWhile(a => a != "--").Contains("--json");

    /// <summary>The verb the command line names (<c>methods describe</c>), or null.</summary>
    public string? Verb => verbs.Match(args);

    /// <summary>The first option token the named verb does not know (<c>--sett</c>), or null.</summary>
    public string? UnknownOption()
    {
        if (Verb is not { } verb)
        {
            return null;
        }

        var known = verbs.OptionsOf(verb);
        foreach (var arg in args.TakeWhile(a => a != "--"))
        {
            if (arg.Length < 2 || arg[0] != '-' || double.TryParse(arg, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            var name = arg.Split('=', 2)[0];
            if (!known.Contains(name, StringComparer.Ordinal) && arg != "-h")
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>"unknown option '--sett' for 'kiseki run'; did you mean '--set'?" or null when every option is known.</summary>
    public string? UnknownOptionMessage()
    {
        if (UnknownOption() is not { } option || Verb is not { } verb)
        {
            return null;
        }

        var candidates = verbs.OptionsOf(verb).Where(o => o.StartsWith("--", StringComparison.Ordinal)).ToList();
        var suggestion = DidYouMean.Suggest(option.TrimStart('-'), candidates.Select(c => c[2..]));
        var hint = suggestion is not null ? $"did you mean '--{suggestion}'?" : $"see 'kiseki {verb} --help'";
        return $"unknown option '{option}' for 'kiseki {verb}'; {hint}";
    }
}
