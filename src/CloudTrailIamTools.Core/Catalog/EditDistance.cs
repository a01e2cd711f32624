using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// Levenshtein distance ignoring case, with two reusable rows and an early exit once the distance must exceed
    /// a limit; used only on the "did you mean" path.
    /// </summary>
    internal sealed class EditDistance
    {
        private int[] previous = new int[64];
        private int[] current = new int[64];

        /// <summary>The distance, or any value above <paramref name="limit"/> once it is certain to exceed it.</summary>
        public int Compute(string a, string b, int limit = int.MaxValue)
        {
            if (Math.Abs(a.Length - b.Length) > limit)
            {
                return limit + 1;
            }

            if (a.Length == 0 || b.Length == 0)
            {
                return Math.Max(a.Length, b.Length);
            }

            if (previous.Length <= b.Length)
            {
                previous = new int[b.Length + 1];
                current = new int[b.Length + 1];
            }

            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                int rowMinimum = i;
                char ca = char.ToUpperInvariant(a[i - 1]);
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = ca == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                    int value = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                    current[j] = value;
                    rowMinimum = Math.Min(rowMinimum, value);
                }

                if (rowMinimum > limit)
                {
                    return limit + 1; // every later row is at least this large
                }

                int[] swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }

    /// <summary>Keeps the <c>capacity</c> nearest actions seen, ordered by distance then full name.</summary>
    internal sealed class NearestActions
    {
        private readonly int capacity;
        private readonly EditDistance distance = new EditDistance();
        private readonly List<(int Distance, ActionInfo Action)> best;

        public NearestActions(int capacity)
        {
            this.capacity = capacity;
            best = new List<(int Distance, ActionInfo Action)>(capacity + 1);
        }

        public int Count => best.Count;

        public void Consider(string query, string candidateText, ActionInfo candidate)
        {
            int limit = best.Count < capacity ? int.MaxValue - 1 : best[best.Count - 1].Distance;
            int d = distance.Compute(query, candidateText, limit);
            if (d > limit)
            {
                return;
            }

            int at = best.Count;
            while (at > 0 && Compare(d, candidate, best[at - 1]) < 0)
            {
                at--;
            }

            if (at >= capacity)
            {
                return;
            }

            best.Insert(at, (d, candidate));
            if (best.Count > capacity)
            {
                best.RemoveAt(best.Count - 1);
            }
        }

        public void CopyTo(List<ActionInfo> target)
        {
            foreach (var (_, action) in best)
            {
                target.Add(action);
            }
        }

        private static int Compare(int d, ActionInfo action, (int Distance, ActionInfo Action) other)
        {
            int byDistance = d.CompareTo(other.Distance);
            return byDistance != 0 ? byDistance : string.CompareOrdinal(action.FullName, other.Action.FullName);
        }
    }
}
