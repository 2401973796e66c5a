namespace Rempart.Core.Interdependencies;

/// <summary>The outcome of one cascade: when each site failed (infinity: it did not) and which supplier brought it down.</summary>
public sealed class CascadeResult
{
    internal CascadeResult(double[] failureTime, int[] cause, int[] order)
    {
        FailureTimeArray = failureTime;
        CauseArray = cause;
        OrderArray = order;
    }

    internal double[] FailureTimeArray { get; }

    internal int[] CauseArray { get; }

    internal int[] OrderArray { get; }

    /// <summary>Hours after the initial event at which each site fails; positive infinity when it does not.</summary>
    public ReadOnlySpan<double> FailureTime => FailureTimeArray;

    /// <summary>For each failed site, the supplier whose failure completed the condition (-1: failed at the start, or did not fail).</summary>
    public ReadOnlySpan<int> Cause => CauseArray;

    /// <summary>The failed sites in order of failure (time, then site index).</summary>
    public ReadOnlySpan<int> Order => OrderArray;

    public bool Failed(int site) => !double.IsPositiveInfinity(FailureTimeArray[site]);
}

/// <summary>
/// Cascades of failures over the dependencies, respecting redundancy and time to impact.
/// <para>Rule: a dependent fails as soon as one of its redundancy groups is down; a group is down when k of its
/// suppliers have failed (a dependency without a group is its own group with k = 1). When the k-th supplier of a
/// group fails at time t, the dependent fails at t plus the hours of that supplier's dependency; if several
/// suppliers of the group fail at that same time t, the shortest of their hours counts. A dependent fails at the
/// earliest time any of its groups gives. Sites are processed in order of failure time (a Dijkstra-like event
/// queue on hours), so a site's time is final when it is taken from the queue.</para>
/// </summary>
public static class Cascade
{
    /// <summary>Deterministic cascade: every dependency propagates.</summary>
    public static CascadeResult Run(DependencyGraph graph, IEnumerable<int> initiallyFailed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(initiallyFailed);
        var work = new Workspace(graph);
        var order = new List<int>();
        work.Run(initiallyFailed, null, order);
        var cause = new int[graph.SiteCount];
        Array.Fill(cause, -1);
        foreach (var v in order)
        {
            cause[v] = work.Cause[v];
        }

        return new CascadeResult((double[])work.Time.Clone(), cause, [.. order]);
    }

    /// <summary>One run's state, reused between Monte Carlo runs (only what a run touched is reset).</summary>
    internal sealed class Workspace
    {
        private readonly DependencyGraph _graph;
        private readonly int[] _groupCount;
        private readonly double[] _groupMet;
        private readonly List<int> _touchedGroups = [];
        private readonly PriorityQueue<(int Site, int Cause), (double Time, int Site)> _queue = new();

        public Workspace(DependencyGraph graph)
        {
            _graph = graph;
            Time = new double[graph.SiteCount];
            Array.Fill(Time, double.PositiveInfinity);
            Cause = new int[graph.SiteCount];
            _groupCount = new int[graph.RedundancyGroupCount];
            _groupMet = new double[graph.RedundancyGroupCount];
        }

        public double[] Time { get; }

        public int[] Cause { get; }

        /// <summary>Runs one cascade; <paramref name="propagates"/> says whether a slot's dependency carries the failure in this run (null: all do). Failed sites are appended to <paramref name="failed"/> in order.</summary>
        public void Run(IEnumerable<int> initiallyFailed, Func<int, bool>? propagates, List<int> failed)
        {
            var offsets = _graph.OffsetArray;
            var targets = _graph.TargetArray;
            var groups = _graph.GroupArray;
            var groupK = _graph.GroupK;
            foreach (var s in initiallyFailed)
            {
                if ((uint)s >= (uint)_graph.SiteCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(initiallyFailed), $"Site {s} is not in the graph.");
                }

                _queue.Enqueue((s, -1), (0, s));
            }

            while (_queue.TryDequeue(out var item, out var key))
            {
                var v = item.Site;
                if (!double.IsPositiveInfinity(Time[v]))
                {
                    continue;
                }

                var t = key.Time;
                Time[v] = t;
                Cause[v] = item.Cause;
                failed.Add(v);
                for (var e = offsets[v]; e < offsets[v + 1]; e++)
                {
                    var d = targets[e];
                    if (!double.IsPositiveInfinity(Time[d]) || (propagates is not null && !propagates(e)))
                    {
                        continue;
                    }

                    var g = groups is null ? -1 : groups[e];
                    if (g >= 0)
                    {
                        var c = ++_groupCount[g];
                        if (c == 1)
                        {
                            _touchedGroups.Add(g);
                        }

                        if (c == groupK[g])
                        {
                            _groupMet[g] = t;
                        }
                        else if (c < groupK[g] || _groupMet[g] != t)
                        {
                            // Not yet k failed, or the group went down earlier and that time already counted.
                            continue;
                        }
                    }

                    var at = t + _graph.Hours(e);
                    _queue.Enqueue((d, v), (at, d));
                }
            }

            foreach (var g in _touchedGroups)
            {
                _groupCount[g] = 0;
            }

            _touchedGroups.Clear();
        }

        /// <summary>Puts the failed sites back to "not failed".</summary>
        public void Reset(List<int> failed)
        {
            foreach (var v in failed)
            {
                Time[v] = double.PositiveInfinity;
            }

            failed.Clear();
        }
    }
}
