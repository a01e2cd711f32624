using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// A read-only hash table keyed case-insensitively (ordinal, upper-case folding) that accepts spans, so
    /// callers holding a slice of a larger message can look a key up without allocating a substring.
    /// </summary>
    internal sealed class CaseInsensitiveLookup<TValue>
        where TValue : class
    {
        private readonly int[] buckets;
        private readonly Entry[] entries;

        /// <summary>Builds the table; on duplicate keys (ignoring case) the first one wins.</summary>
        public CaseInsensitiveLookup(IReadOnlyList<TValue> values, Func<TValue, string> keyOf)
        {
            int size = 1;
            while (size < values.Count * 2)
            {
                size <<= 1;
            }

            buckets = new int[size];
            var table = new Entry[values.Count];
            int count = 0;
            for (int v = 0; v < values.Count; v++)
            {
                TValue value = values[v];
                string key = keyOf(value);
                int hash = Hash(key.AsSpan());
                if (Find(key.AsSpan(), hash, table) >= 0)
                {
                    continue;
                }

                int bucket = hash & (size - 1);
                table[count++] = new Entry(key, value, hash, buckets[bucket] - 1);
                buckets[bucket] = count; // 1-based so that 0 means empty
            }

            if (count < table.Length)
            {
                var trimmed = new Entry[count];
                System.Array.Copy(table, trimmed, count);
                table = trimmed;
            }

            entries = table;
        }

        public int Count => entries.Length;

        public bool TryGetValue(ReadOnlySpan<char> key, out TValue? value)
        {
            int index = Find(key, Hash(key), entries);
            value = index >= 0 ? entries[index].Value : null;
            return index >= 0;
        }

        private int Find(ReadOnlySpan<char> key, int hash, Entry[] table)
        {
            for (int i = buckets[hash & (buckets.Length - 1)] - 1; i >= 0; i = table[i].Next)
            {
                ref readonly Entry entry = ref table[i];
                if (entry.Hash == hash && EqualsIgnoreCase(key, entry.Key.AsSpan()))
                {
                    return i;
                }
            }

            return -1;
        }

        private static int Hash(ReadOnlySpan<char> key)
        {
            // FNV-1a over folded characters.
            uint hash = 2166136261;
            foreach (char c in key)
            {
                hash = (hash ^ Fold(c)) * 16777619;
            }

            return (int)(hash & 0x7FFFFFFF);
        }

        private static bool EqualsIgnoreCase(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i] && Fold(a[i]) != Fold(b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static char Fold(char c)
        {
            if (c < 128)
            {
                return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
            }

            return char.ToUpperInvariant(c);
        }

        private readonly struct Entry
        {
            public Entry(string key, TValue value, int hash, int next)
            {
                Key = key;
                Value = value;
                Hash = hash;
                Next = next;
            }

            public string Key { get; }

            public TValue Value { get; }

            public int Hash { get; }

            public int Next { get; }
        }
    }
}
