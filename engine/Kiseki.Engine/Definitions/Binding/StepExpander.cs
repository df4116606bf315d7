using System.Text.Json.Nodes;
using Kiseki.Engine.Hashing;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// Finds cycles among declared steps, expands matrices into instances and orders them topologically.
/// Fan-out rule: a step that reads outputs of expanded steps is expanded too, one instance per consistent
/// combination of its producers' matrix values (a natural join: producers sharing a matrix name are paired by
/// equal values, unrelated names multiply); its own matrix then multiplies those instances.
/// </summary>
internal sealed class StepExpander(IReadOnlyList<StepDraft> steps, IReadOnlyDictionary<string, StepDraft> byId, DiagnosticBag bag)
{
    /// <summary>
    /// Instances per declared step in topological order; null when cycles or conflicts were reported, or when
    /// <paramref name="orderOnly"/> asks only for the cycle check (after other errors).
    /// </summary>
    public IReadOnlyList<StepInstance>? Expand(bool orderOnly = false)
    {
        var order = DeclaredOrder();
        if (order is null || orderOnly)
        {
            return null;
        }

        var instances = new Dictionary<string, List<StepInstance>>(StringComparer.Ordinal);
        var failed = false;
        foreach (var step in order)
        {
            var expanded = ExpandStep(step, instances);
            if (expanded is null)
            {
                failed = true;
                expanded = [];
            }

            instances[step.Id] = expanded;
        }

        return failed ? null : [.. order.SelectMany(s => instances[s.Id])];
    }

    /// <summary>Turns ordered instances into bound steps (instances are already in topological order).</summary>
    public static IReadOnlyList<BoundStep> CreateBoundSteps(IReadOnlyList<StepInstance> instances, ulong rootSeed)
    {
        var byDeclared = instances.GroupBy(i => i.Draft.Id).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var result = new List<BoundStep>(instances.Count);
        foreach (var instance in instances)
        {
            var draft = instance.Draft;
            var method = draft.Method!;
            var values = new Dictionary<string, object?>(draft.Parameters, StringComparer.Ordinal);
            var assignment = instance.Assignment.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            foreach (var dimension in draft.Matrix)
            {
                var chosen = CanonicalJson.ToText(assignment[dimension.Name]);
                values[dimension.Name] = dimension.Values.First(v => CanonicalJson.ToText(v.Json) == chosen).Value;
            }

            var inputs = new Dictionary<string, InputBinding>(StringComparer.Ordinal);
            var dependencies = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (port, reference, _) in draft.Inputs)
            {
                if (reference.Kind == ReferenceKind.Input)
                {
                    inputs[port] = new ExternalInputBinding(reference.Name);
                    continue;
                }

                var producer = reference.Instance is { } selected
                    ? byDeclared[reference.Name].First(p => p.Id == selected)
                    : Match(byDeclared[reference.Name], assignment);
                inputs[port] = new StepOutputBinding(producer.Id, reference.Port!);
                dependencies.Add(producer.Id);
            }

            var matrixValues = instance.Assignment.ToDictionary(a => a.Key, a => a.Value?.DeepClone(), StringComparer.Ordinal);
            result.Add(new BoundStep(
                instance.Id, draft.Id, matrixValues, method,
                draft.Command is null ? method.CreateParameters(values) : draft.CommandParameters.DeepClone(), inputs, [.. dependencies],
                StepSeeds.Derive(rootSeed, instance.Id), draft.Resources!, draft.Location, draft.Command, draft.Evaluate));
        }

        return result;
    }

    /// <summary>The producer instance whose matrix values agree with the consumer's.</summary>
    public static StepInstance Match(IReadOnlyList<StepInstance> producers, IReadOnlyDictionary<string, JsonNode?> assignment)
        => producers.First(p => p.Assignment.All(a =>
            assignment.TryGetValue(a.Key, out var v) && CanonicalJson.ToText(v) == CanonicalJson.ToText(a.Value)));

    private List<StepInstance>? ExpandStep(StepDraft step, Dictionary<string, List<StepInstance>> done)
    {
        // Natural join of the producers' assignments, producers in input order.
        foreach (var (_, reference, location) in step.Inputs.Where(i => i.Reference.Instance is not null))
        {
            var candidates = done[reference.Name];
            if (candidates.All(c => c.Id != reference.Instance))
            {
                bag.Error(DiagnosticCodes.UnknownStep, location,
                    $"{reference.Text}: step '{reference.Name}' has no instance '{reference.Instance}'",
                    $"its instances are {string.Join(", ", candidates.Select(c => c.Id))}");
                return null;
            }
        }

        var partial = new List<List<KeyValuePair<string, JsonNode?>>> { new() };
        foreach (var upstream in step.FanOutUpstream)
        {
            var producers = done[upstream];
            if (producers.Count == 0 || producers[0].Assignment.Count == 0)
            {
                continue;
            }

            var next = new List<List<KeyValuePair<string, JsonNode?>>>();
            foreach (var left in partial)
            {
                foreach (var producer in producers)
                {
                    if (Consistent(left, producer.Assignment))
                    {
                        next.Add([.. left, .. producer.Assignment.Where(a => left.All(l => l.Key != a.Key))]);
                    }
                }
            }

            if (next.Count == 0)
            {
                bag.Error(DiagnosticCodes.MatrixConflict, step.Location,
                    $"step '{step.Id}' reads expanded steps whose matrix values never agree (at '{upstream}')",
                    "give steps that are read together the same matrix values");
                return null;
            }

            partial = next;
        }

        var inherited = partial[0].Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var dimension in step.Matrix.Where(d => inherited.Contains(d.Name)))
        {
            bag.Error(DiagnosticCodes.MatrixConflict, step.Location,
                $"step '{step.Id}' has its own matrix '{dimension.Name}' but also inherits '{dimension.Name}' from the steps it reads",
                "rename the sweep or drop it from this step: it already runs once per upstream value");
            return null;
        }

        foreach (var dimension in step.Matrix)
        {
            partial = [.. partial.SelectMany(p => dimension.Values.Select(v =>
                new List<KeyValuePair<string, JsonNode?>>([.. p, KeyValuePair.Create(dimension.Name, v.Json)])))];
        }

        if (partial.Count > DefinitionBinder.MaxInstancesPerStep)
        {
            bag.Error(DiagnosticCodes.TooManyInstances, step.Location,
                $"step '{step.Id}' expands to {partial.Count} instances, more than {DefinitionBinder.MaxInstancesPerStep}",
                "sweep fewer values or split the sweep");
            return null;
        }

        return [.. partial.Select((assignment, i) => new StepInstance(step, i, InstanceId(step.Id, assignment), assignment))];
    }

    private static bool Consistent(List<KeyValuePair<string, JsonNode?>> left, IReadOnlyList<KeyValuePair<string, JsonNode?>> right)
        => right.All(r => left.All(l => l.Key != r.Key || CanonicalJson.ToText(l.Value) == CanonicalJson.ToText(r.Value)));

    /// <summary><c>sweep</c>, <c>sweep[components=2]</c>, <c>sweep[a=1,b=x]</c>.</summary>
    public static string InstanceId(string id, IReadOnlyList<KeyValuePair<string, JsonNode?>> assignment)
        => assignment.Count == 0 ? id : $"{id}[{string.Join(",", assignment.Select(a => $"{a.Key}={ScalarValues.Format(a.Value)}"))}]";

    /// <summary>Declared steps in topological order (declaration order breaks ties); null after reporting cycles.</summary>
    private List<StepDraft>? DeclaredOrder()
    {
        var consumers = steps.ToDictionary(s => s.Id, _ => new List<StepDraft>(), StringComparer.Ordinal);
        var pending = steps.ToDictionary(s => s.Id, s => s.Upstream.Count(byId.ContainsKey), StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var upstream in step.Upstream.Where(byId.ContainsKey))
            {
                consumers[upstream].Add(step);
            }
        }

        var ready = new SortedSet<int>(steps.Where(s => pending[s.Id] == 0).Select(s => s.Index));
        var order = new List<StepDraft>(steps.Count);
        while (ready.Count > 0)
        {
            var step = steps[ready.Min];
            ready.Remove(ready.Min);
            order.Add(step);
            foreach (var consumer in consumers[step.Id])
            {
                if (--pending[consumer.Id] == 0)
                {
                    ready.Add(consumer.Index);
                }
            }
        }

        if (order.Count == steps.Count)
        {
            return order;
        }

        ReportCycles(order.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        return null;
    }

    private void ReportCycles(HashSet<string> acyclic)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in steps.Where(s => !acyclic.Contains(s.Id) && !reported.Contains(s.Id)))
        {
            var cycle = FindCycle(start);
            if (cycle is null || cycle.Any(reported.Contains))
            {
                continue;
            }

            reported.UnionWith(cycle);
            var first = byId[cycle[0]];
            bag.Error(DiagnosticCodes.Cycle, first.Location,
                $"steps form a cycle: {string.Join(" -> ", cycle.Append(cycle[0]))}",
                "each arrow reads from the next step; remove one of these references");
        }
    }

    /// <summary>The shortest path of "reads from" edges from <paramref name="start"/> back to itself, rotated to start at the earliest-declared step.</summary>
    private List<string>? FindCycle(StepDraft start)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start.Id);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in byId[current].Upstream.Where(byId.ContainsKey))
            {
                if (next == start.Id)
                {
                    var path = new List<string> { current };
                    while (path[^1] != start.Id)
                    {
                        path.Add(previous[path[^1]]);
                    }

                    path.Reverse();
                    var rotate = path.IndexOf(path.MinBy(id => byId[id].Index)!);
                    return [.. path.Skip(rotate), .. path.Take(rotate)];
                }

                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }
}
