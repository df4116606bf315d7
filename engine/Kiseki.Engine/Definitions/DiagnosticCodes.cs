namespace Kiseki.Engine.Definitions;

/// <summary>
/// The stable codes of workflow diagnostics (documented in <c>docs/diagnostics.md</c>). A code never changes meaning;
/// retired codes are not reused. 01xx reading, 02xx document structure, 03xx workflow parameters and overrides,
/// 04xx external inputs, 05xx steps and references, 06xx method parameters, 07xx matrix, 08xx publish, 09xx resources, 10xx command steps.
/// </summary>
public static class DiagnosticCodes
{
    public const string YamlSyntax = "KSK0100";
    public const string DuplicateKey = "KSK0101";
    public const string TabIndentation = "KSK0102";
    public const string FileUnreadable = "KSK0103";
    public const string FileTooLarge = "KSK0104";
    public const string NestingTooDeep = "KSK0105";
    public const string AliasNotSupported = "KSK0106";
    public const string ScalarTooLong = "KSK0107";
    public const string TooManyNodes = "KSK0108";
    public const string MultipleDocuments = "KSK0109";
    public const string ComplexKey = "KSK0110";
    public const string TagNotSupported = "KSK0111";
    public const string UnquotedFlowReference = "KSK0113";

    public const string RootNotMapping = "KSK0200";
    public const string UnknownKey = "KSK0201";
    public const string MissingKey = "KSK0202";
    public const string UnsupportedSchema = "KSK0203";
    public const string WrongShape = "KSK0204";
    public const string InvalidName = "KSK0205";
    public const string InvalidSeed = "KSK0206";

    public const string InvalidWorkflowParameter = "KSK0301";
    public const string UnknownOverride = "KSK0302";
    public const string MalformedOverride = "KSK0303";
    public const string UnknownParameterReference = "KSK0304";

    public const string MissingInputPath = "KSK0401";
    public const string InvalidSha256 = "KSK0402";
    public const string InvalidUrl = "KSK0403";
    public const string UnknownInputReference = "KSK0404";

    public const string InvalidStepId = "KSK0501";
    public const string NoSteps = "KSK0502";
    public const string MalformedMethod = "KSK0503";
    public const string UnknownMethod = "KSK0504";
    public const string UnknownMethodVersion = "KSK0505";
    public const string UnknownInputPort = "KSK0506";
    public const string MissingInputPort = "KSK0507";
    public const string MalformedReference = "KSK0508";
    public const string UnknownStep = "KSK0509";
    public const string UnknownOutput = "KSK0510";
    public const string KindMismatch = "KSK0511";
    public const string Cycle = "KSK0512";

    public const string UnknownParameter = "KSK0601";
    public const string ParameterType = "KSK0602";
    public const string ParameterRange = "KSK0603";
    public const string InvalidChoice = "KSK0604";
    public const string MissingParameter = "KSK0605";
    public const string ParameterInMatrixAndParams = "KSK0606";

    public const string InvalidMatrix = "KSK0701";
    public const string TooManyInstances = "KSK0702";
    public const string DuplicateMatrixValue = "KSK0703";
    public const string MatrixConflict = "KSK0704";

    public const string PublishNotStepOutput = "KSK0801";
    public const string InvalidPublishName = "KSK0802";

    public const string InvalidCpus = "KSK0901";
    public const string InvalidMemory = "KSK0902";
    public const string InvalidTime = "KSK0903";

    public const string CommandAndMethod = "KSK1001";
    public const string InvalidCommand = "KSK1002";
    public const string UnknownPlaceholder = "KSK1003";
    public const string InvalidOutputPath = "KSK1004";
    public const string InvalidSource = "KSK1005";
    public const string ExecutableNotFound = "KSK1006";
    public const string ProbeFailed = "KSK1007";
    public const string ContainerUnresolved = "KSK1008";
    public const string InvalidTimeout = "KSK1009";
    public const string InvalidTolerance = "KSK1010";
    public const string CommandMatrix = "KSK1011";

    public const string EvaluateMissing = "KSK1101";
    public const string EvaluateNotSupported = "KSK1102";
    public const string InvalidOnFailure = "KSK1103";
    public const string EvaluatorKind = "KSK1104";
    public const string EvaluatorValue = "KSK1105";

    /// <summary>Every code defined above, in code order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(DiagnosticCodes).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)];
}
