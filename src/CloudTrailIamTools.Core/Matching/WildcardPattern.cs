using System;

namespace CloudTrailIamTools.Core.Matching
{
    /// <summary>
    /// IAM-style glob matching: '*' matches any run of characters (including none), '?' exactly one.
    /// Greedy two-pointer algorithm with a single backtrack point, so time is O(pattern x text) at worst
    /// and linear in practice; no regular expressions, no exponential blow-up.
    /// </summary>
    public static class WildcardPattern
    {
        public static bool IsMatch(string pattern, string text, bool ignoreCase)
        {
            if (pattern is null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            return IsMatch(pattern.AsSpan(), text.AsSpan(), ignoreCase);
        }

        public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase)
        {
            int p = 0;
            int t = 0;
            int starPattern = -1;
            int starText = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    starPattern = p++;
                    starText = t;
                }
                else if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], text[t], ignoreCase)))
                {
                    p++;
                    t++;
                }
                else if (starPattern >= 0)
                {
                    p = starPattern + 1;
                    t = ++starText;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        /// <summary>True when the text holds a wildcard character, so exact lookups cannot be used.</summary>
        public static bool HasWildcard(string text) => text.IndexOf('*') >= 0 || text.IndexOf('?') >= 0;

        private static bool CharEquals(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
