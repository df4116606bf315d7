using System.Globalization;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>Reports an NMF fit's progress to the step: restarts done and the objective each one reached.</summary>
internal static class NmfProgress
{
    public static Action<int, double> Reporter(MethodContext context, int restarts)
        => (restart, objective) => context.Progress.Report(new StepProgress(
            (restart + 1.0) / Math.Max(1, restarts),
            string.Create(CultureInfo.InvariantCulture, $"restart {restart + 1}/{restarts}, objective {objective:G6}")));
}
