using System.Diagnostics;
using System.Text.Json;
using Kiseki.Cli;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Schema;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Cli;

/// <summary>
/// Workflows are standard YAML that other tools read (checked with PyYAML and the JSON schema), the schema lists this
/// build's methods, the store is found by one rule, and piped output is never wrapped.
/// </summary>
public sealed class StandardFilesTests
{
    private static string Root => SharedData.RepositoryRoot;

    private static IEnumerable<string> ShippedWorkflows()
        => Directory.GetFiles(Path.Combine(Root, "workflows"), "*.yaml").Order(StringComparer.Ordinal);

    [Fact]
    public void Schema_IsGeneratedFromTheCatalog()
    {
        using var harness = new EngineHarness();
        var file = File.ReadAllText(Path.Combine(Root, "workflows", WorkflowSchema.RelativePath)).Replace("\r\n", "\n");

        Assert.True(WorkflowSchema.Generate(harness.Catalog) == file,
            "workflows/schema/kiseki-workflow.v1.json is stale: run `kiseki schema --out workflows/schema/kiseki-workflow.v1.json`");
        using var schema = JsonDocument.Parse(file);
        var methods = schema.RootElement.GetProperty("$defs").GetProperty("method").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(harness.Catalog.Methods.Count, methods.Count);
        var so = schema.RootElement.GetProperty("$defs").GetProperty("methodParams").GetProperty("spectral.nmf-so@1").GetProperty("properties");
        Assert.Equal("integer", so.GetProperty("components").GetProperty("anyOf")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void ShippedWorkflows_NameTheSchemaOnTheirFirstLine()
    {
        foreach (var path in ShippedWorkflows())
        {
            Assert.Equal(WorkflowSchema.ModelineToken + WorkflowSchema.RelativePath, File.ReadLines(path).First());
        }
    }

    [SkippableFact]
    public void ShippedWorkflowsAndReadme_ReadByPyYamlAndValidByTheSchema()
    {
        var python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), "/usr/bin/python3 is absent: the check with an independent YAML parser is skipped.");
        using var directory = new TempDirectory();
        var readmeYaml = ReadmeBlocks("yaml").Select((block, i) => directory.Combine($"readme-{i}.yaml")).ToList();
        foreach (var (block, path) in ReadmeBlocks("yaml").Zip(readmeYaml))
        {
            File.WriteAllText(path, block);
        }

        var script = directory.Combine("check.py");
        File.WriteAllText(script, CheckScript);
        var (code, output) = Process(python, Root, [script, Path.Combine(Root, "workflows", WorkflowSchema.RelativePath), .. ShippedWorkflows(), "--", .. readmeYaml]);

        Skip.If(code == 3, $"PyYAML or jsonschema is not installed for {python} (apt-get install python3-yaml python3-jsonschema): {output}");
        Assert.True(code == 0, output);
        Assert.Contains("6 workflows valid", output.Replace(ShippedWorkflows().Count() + " workflows", "6 workflows"));
        Assert.Contains("refused: bad parameter", output);
    }

    [Fact]
    public void OldUnquotedForm_ExplainsTheFix()
    {
        var text = "kiseki: 1\nsteps:\n  b:\n    method: core.sum@1\n    inputs: { a: ${one.outputs.value} }\n";

        var error = Assert.Throws<WorkflowException>(() => YamlWorkflowReader.Parse(text, "wf.yaml"));

        var d = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnquotedFlowReference, d.Code);
        Assert.Equal(new SourceLocation("wf.yaml", 5, 18), d.Location);
        Assert.Contains("write \"${one.outputs.value}\" in double quotes", d.Hint);
    }

    [Fact]
    public void Store_FoundFromTheCurrentFolderUpwards_AndPrintedByRun()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("workflows", "sub"));
        File.WriteAllText(directory.Combine("workflows", "small.yaml"), EngineHarness.SmallWorkflow);

        var (code, text) = Kiseki(directory.Path, "run", "workflows/small.yaml");
        Assert.True(code == 0, text);
        Assert.Contains($"store: {directory.Combine(".kiseki")}", text);
        Assert.False(Directory.Exists(directory.Combine("workflows", ".kiseki")));

        var (logCode, log) = Kiseki(directory.Combine("workflows", "sub"), "log", "--json");
        Assert.True(logCode == 0, log);
        using var runs = JsonDocument.Parse(log);
        Assert.Equal("small", runs.RootElement[0].GetProperty("workflow").GetString());
    }

    [Fact]
    public void PipedOutput_IsNeverWrapped()
    {
        using var harness = new EngineHarness();
        var method = harness.Catalog.Methods.Single(m => m.Reference.ToString() == "spectral.nmf-so@1");
        Assert.True(method.Remarks.Length > 200 && !method.Remarks.Contains('\n'));

        var (code, text) = Kiseki(harness.Directory, "methods", "describe", "spectral.nmf-so@1");
        var (jsonCode, json) = Kiseki(harness.Directory, "methods", "describe", "spectral.nmf-so@1", "--json");

        Assert.Equal(0, code);
        Assert.Contains(method.Remarks, text);
        Assert.Equal(0, jsonCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(method.Remarks, document.RootElement.GetProperty("remarks").GetString());
    }

    internal static IEnumerable<string> ReadmeBlocks(string language)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        List<string>? block = null;
        foreach (var line in lines)
        {
            if (block is null && line == "```" + language)
            {
                block = [];
            }
            else if (block is not null && line == "```")
            {
                yield return string.Join('\n', block) + "\n";
                block = null;
            }
            else
            {
                block?.Add(line);
            }
        }
    }

    internal static (int Code, string Output) Kiseki(string workingDirectory, params string[] args)
        => Process("dotnet", workingDirectory, [typeof(KisekiApp).Assembly.Location, .. args]);

    private static (int Code, string Output) Process(string program, string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("KISEKI_STORE");
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private const string CheckScript = """
        import sys
        try:
            import yaml, json, jsonschema
        except ImportError as e:
            print(e); sys.exit(3)
        split = sys.argv.index("--")
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        problems = 0
        for path in sys.argv[2:split]:
            for e in validator.iter_errors(yaml.safe_load(open(path))):
                problems += 1
                print(f"{path}: {'/'.join(map(str, e.path))}: {e.message[:300]}")
        print(f"{split - 2} workflows valid" if problems == 0 else f"{problems} problem(s)")
        for path in sys.argv[split + 1:]:
            yaml.safe_load(open(path))
        bad = {"kiseki": 1, "steps": {"a": {"method": "spectral.nmf-so@1", "params": {"components": "five"}}}}
        if list(validator.iter_errors(bad)):
            print("refused: bad parameter")
        else:
            problems += 1
        sys.exit(1 if problems else 0)
        """;
}
