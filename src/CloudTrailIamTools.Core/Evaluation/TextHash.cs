using System;
using System.Runtime.InteropServices;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>A fast 64-bit hash of text for the batch's caches (not for anything an attacker could aim at).</summary>
    internal static class TextHash
    {
        /// <summary>FNV-style, four characters a step: a character at a time, hashing was most of a lookup.</summary>
        public static ulong Of(ReadOnlySpan<char> text)
        {
            ulong hash = 14695981039346656037UL ^ (ulong)text.Length;
            ReadOnlySpan<ulong> blocks = MemoryMarshal.Cast<char, ulong>(text);
            foreach (ulong block in blocks)
            {
                hash = (hash ^ block) * 1099511628211UL;
                hash ^= hash >> 29;
            }

            for (int i = blocks.Length * 4; i < text.Length; i++)
            {
                hash = (hash ^ text[i]) * 1099511628211UL;
            }

            return hash ^ (hash >> 32); // the high bits reach the low ones, which pick a table slot
        }
    }
}
