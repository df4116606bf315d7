using System.Diagnostics;

namespace Kiseki.Provenance.Tests.Support;

/// <summary>Names shared by the child process and the tests, and a launcher for the child.</summary>
internal static class ChildWork
{
    public const int SharedCount = 50;

    public static string RunId(string label) => Records.RunId(label.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0xFFFF, Records.Epoch.AddSeconds(label.Length));

    public static string ExecutionLabel(string label, int index) => label + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string SharedLabel(int index) => "shared/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts this test assembly as a child process running <c>ChildProcess.Program</c>.</summary>
    public static Process Start(params string[] arguments)
    {
        var assembly = typeof(ChildWork).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the child process");
    }

    /// <summary>Waits for the child to print <c>ready</c>.</summary>
    public static void WaitReady(Process child)
    {
        var line = child.StandardOutput.ReadLine();
        if (line != "ready")
        {
            throw new InvalidOperationException("child did not start: " + line + child.StandardError.ReadToEnd());
        }
    }

    /// <summary>Waits for the child to exit and fails with its error output when it did not succeed.</summary>
    public static void WaitSuccess(Process child)
    {
        var error = child.StandardError.ReadToEndAsync();
        child.StandardOutput.ReadToEnd();
        if (!child.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException("child process did not finish");
        }

        Assert.True(child.ExitCode == 0, "child failed: " + error.Result);
    }
}
