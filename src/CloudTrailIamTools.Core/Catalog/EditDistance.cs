using System;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>Levenshtein distance ignoring case, with two rows of memory; used only on the rare "did you mean" path.</summary>
    internal static class EditDistance
    {
        public static int Compute(string a, string b)
        {
            if (a.Length == 0)
            {
                return b.Length;
            }

            if (b.Length == 0)
            {
                return a.Length;
            }

            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                char ca = char.ToUpperInvariant(a[i - 1]);
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = ca == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                int[] swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
