using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Tests.Definitions;

/// <summary><c>publish:</c> entries that select one matrix instance publish that instance only.</summary>
public sealed class PublishSelectorTests
{
    private const string Sweep = """
        kiseki: 1
        steps:
          src:
            method: front.source@1
          sweep:
            method: front.scale@1
            inputs: { data: "${src.outputs.data}" }
            matrix: { components: [2, 3, 4] }
        publish:
          last: ${sweep[components=4].outputs.result}
          all: ${sweep.outputs.result}
        """;

    [Fact]
    public void Bind_PublishWithInstanceSelector_PublishesThatInstanceUnderTheNameAsWritten()
    {
        var definition = Front.Bind(Sweep);

        var last = Assert.Single(definition.Publish, p => p.Name.StartsWith("last", StringComparison.Ordinal));
        Assert.Equal("last", last.Name);
        Assert.Equal("sweep[components=4]", last.StepId);
        Assert.Equal(3, definition.Publish.Count(p => p.Name.StartsWith("all", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bind_PublishSelectingAnInstanceThatDoesNotExist_IsADiagnostic()
    {
        var diagnostic = Front.Single(DiagnosticCodes.UnknownStep, Sweep.Replace("components=4", "components=9", StringComparison.Ordinal));

        Assert.Contains("sweep[components=9]", diagnostic.Message);
    }
}
