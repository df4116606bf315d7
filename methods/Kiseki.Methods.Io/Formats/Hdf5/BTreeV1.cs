namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// Walks a version 1 B-tree (<c>TREE</c>) of group nodes (type 0) or raw-data chunks (type 1). Every node is read
/// after its entry count is checked against the file; each level must be one below its parent's, a node address is
/// visited at most once (no cycles), and the number of nodes and leaf entries is capped.
/// </summary>
internal static class BTreeV1
{
    private const int MaxLevel = 64;

    /// <summary>
    /// Calls <paramref name="leaf"/> for every leaf entry with the entry's left key (a view of <paramref name="keySize"/>
    /// bytes) and child address, in key order. Stops with an error after <paramref name="maxEntries"/> entries.
    /// </summary>
    public static void Walk(Hdf5Source source, ulong rootAddress, int nodeType, int keySize, long maxEntries, long from,
                            Action<Hdf5Block, ulong> leaf)
    {
        var visited = new HashSet<long>();
        long entries = 0;
        var stack = new Stack<(ulong Address, int Level, long From)>();
        stack.Push((rootAddress, -1, from));
        while (stack.Count > 0)
        {
            var (address, expectedLevel, parent) = stack.Pop();
            var at = source.Absolute(address, "B-tree node", parent);
            if (!visited.Add(at))
            {
                throw source.Error(at, "B-tree node is reached twice (a cycle or a shared node)");
            }

            var head = source.BlockUpTo(at, 8 + (2 * source.OffsetSize), "B-tree node header", parent);
            head.Signature("TREE");
            var type = head.U8("B-tree node type");
            var level = head.U8("B-tree node level");
            var used = head.U16("B-tree entries used");
            if (type != nodeType)
            {
                throw source.Error(at + 4, $"B-tree node type {type}; expected {nodeType}");
            }

            if (level > MaxLevel || (expectedLevel >= 0 && level != expectedLevel))
            {
                throw source.Error(at + 5, $"B-tree node level {level}; expected {(expectedLevel >= 0 ? expectedLevel : "at most " + MaxLevel)}");
            }

            var bodySize = ((long)(used + 1) * keySize) + ((long)used * source.OffsetSize);
            var body = source.Block(head.Here + (2 * source.OffsetSize), (ulong)bodySize, "B-tree node entries", at);
            var children = new List<(Hdf5Block Key, ulong Child)>(used);
            for (var i = 0; i < used; i++)
            {
                var key = body.Slice(keySize, "B-tree key");
                children.Add((key, body.Address("B-tree child address")));
            }

            if (level == 0)
            {
                entries += used;
                if (entries > maxEntries)
                {
                    throw source.Error(at, $"B-tree holds more than {maxEntries} entries");
                }

                foreach (var (key, child) in children)
                {
                    leaf(key, child);
                }
            }
            else
            {
                if (visited.Count + stack.Count + used > maxEntries + 1024)
                {
                    throw source.Error(at, $"B-tree has more nodes than its {maxEntries} entries allow");
                }

                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push((children[i].Child, level - 1, at));
                }
            }
        }
    }
}
