using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kiseki.Engine.Definitions.Yaml;

/// <summary>Turns parser events into a <see cref="YamlNode"/> tree, enforcing the reader's limits.</summary>
internal sealed class YamlTreeBuilder(string fileName, DiagnosticBag bag)
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";
    private int _nodes;
    private int _aliases;

    /// <summary>Where the last event started: the position reported when the parser fails without one.</summary>
    public Mark LastMark { get; private set; } = Mark.Empty;

    public YamlNode? Build(IParser parser)
    {
        Expect<StreamStart>(parser);
        YamlNode? root = null;
        var documents = 0;
        while (Next(parser) is DocumentStart start)
        {
            documents++;
            if (documents > 1)
            {
                bag.Error(DiagnosticCodes.MultipleDocuments, At(start.Start), "a workflow file holds exactly one YAML document",
                    "remove the '---' separator and everything after it, or split the file");
                throw new StopReadingException();
            }

            var first = Next(parser);
            if (first is DocumentEnd)
            {
                continue;
            }

            root = Node(first, parser, 0);
            Expect<DocumentEnd>(parser);
        }

        return root;
    }

    private YamlNode Node(ParsingEvent current, IParser parser, int depth)
    {
        if (++_nodes > YamlWorkflowReader.MaxNodes)
        {
            bag.Error(DiagnosticCodes.TooManyNodes, At(current.Start),
                $"the document has more than {YamlWorkflowReader.MaxNodes} nodes", "split the workflow or generate fewer steps");
            throw new StopReadingException();
        }

        switch (current)
        {
            case Scalar scalar:
                return Scalar(scalar);
            case MappingStart mapping:
                CheckDepth(mapping, depth);
                CheckTag(mapping.Tag, mapping.Start, "map");
                return Mapping(mapping, parser, depth + 1);
            case SequenceStart sequence:
                CheckDepth(sequence, depth);
                CheckTag(sequence.Tag, sequence.Start, "seq");
                return Sequence(sequence, parser, depth + 1);
            case AnchorAlias alias:
                bag.Error(DiagnosticCodes.AliasNotSupported, At(alias.Start),
                    $"aliases (*{alias.Value}) are not supported in workflows", "write the value out in full");
                if (++_aliases >= 20)
                {
                    throw new StopReadingException();
                }

                return new YamlScalar("", false, At(alias.Start));
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private YamlScalar Scalar(Scalar scalar)
    {
        if (scalar.Value.Length > YamlWorkflowReader.MaxScalarLength)
        {
            bag.Error(DiagnosticCodes.ScalarTooLong, At(scalar.Start),
                $"a scalar of {scalar.Value.Length} characters exceeds the limit of {YamlWorkflowReader.MaxScalarLength}",
                "keep data out of the workflow: reference it under 'inputs:'");
            throw new StopReadingException();
        }

        var isString = CheckTag(scalar.Tag, scalar.Start, "str", "int", "float", "bool", "null");
        return new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain && !isString, At(scalar.Start));
    }

    private YamlMapping Mapping(MappingStart start, IParser parser, int depth)
    {
        var entries = new List<YamlMappingEntry>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        ParsingEvent current;
        while ((current = Next(parser)) is not MappingEnd)
        {
            var key = Node(current, parser, depth);
            var value = Node(Next(parser), parser, depth);
            if (key is not YamlScalar scalarKey)
            {
                bag.Error(DiagnosticCodes.ComplexKey, key.Location, $"a {key.ShapeName} cannot be a mapping key",
                    "keys are plain names such as 'method' or a step id");
                continue;
            }

            if (seen.TryGetValue(scalarKey.Value, out var first))
            {
                bag.Error(DiagnosticCodes.DuplicateKey, scalarKey.Location,
                    $"duplicate key '{scalarKey.Value}' (first defined at line {first.Location.Line})",
                    "each key may appear once in a mapping; rename or merge the two entries");
                continue;
            }

            seen.Add(scalarKey.Value, scalarKey);
            entries.Add(new YamlMappingEntry(scalarKey, value));
        }

        return new YamlMapping(entries, At(start.Start));
    }

    private YamlSequence Sequence(SequenceStart start, IParser parser, int depth)
    {
        var items = new List<YamlNode>();
        ParsingEvent current;
        while ((current = Next(parser)) is not SequenceEnd)
        {
            items.Add(Node(current, parser, depth));
        }

        return new YamlSequence(items, At(start.Start));
    }

    private void CheckDepth(ParsingEvent start, int depth)
    {
        if (depth + 1 > YamlWorkflowReader.MaxDepth)
        {
            bag.Error(DiagnosticCodes.NestingTooDeep, At(start.Start),
                $"nesting deeper than {YamlWorkflowReader.MaxDepth} levels", "workflows need only a few levels of nesting");
            throw new StopReadingException();
        }
    }

    /// <summary>Accepts the core-schema tags given; returns true for an explicit <c>!!str</c>.</summary>
    private bool CheckTag(TagName tag, Mark start, params string[] allowed)
    {
        if (tag.IsEmpty || tag.IsNonSpecific)
        {
            return false;
        }

        var value = tag.Value;
        if (value.StartsWith(CoreTagPrefix, StringComparison.Ordinal) && allowed.Contains(value[CoreTagPrefix.Length..]))
        {
            return value == CoreTagPrefix + "str";
        }

        bag.Error(DiagnosticCodes.TagNotSupported, At(start), $"YAML tag '{value}' is not supported here",
            "remove the tag; quote a value to make it a string");
        return false;
    }

    private ParsingEvent Next(IParser parser)
    {
        if (!parser.MoveNext())
        {
            throw new YamlException(LastMark, LastMark, "unexpected end of the YAML stream");
        }

        LastMark = parser.Current!.Start;
        return parser.Current;
    }

    private void Expect<T>(IParser parser)
        where T : ParsingEvent
    {
        var current = Next(parser);
        if (current is not T)
        {
            throw new YamlException(current.Start, current.End, $"expected {typeof(T).Name}, found {current.GetType().Name}");
        }
    }

    private SourceLocation At(Mark mark)
        => new(fileName, YamlWorkflowReader.ToInt(mark.Line), YamlWorkflowReader.ToInt(mark.Column));
}
