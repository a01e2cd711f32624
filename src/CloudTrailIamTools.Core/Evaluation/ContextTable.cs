using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// The keys a request supplies, with their values; keys compare without regard to case, and a key given again
    /// replaces the value but keeps its first spelling (as a case-insensitive dictionary does). A request carries
    /// about ten keys, so two arrays searched in order cost less to build and to read than a hash table built for
    /// every line.
    /// </summary>
    internal sealed class ContextTable
    {
        public static readonly ContextTable Empty = new ContextTable(0);

        private string[] keys;
        private ContextValue[] values;

        public ContextTable(int capacity)
        {
            keys = capacity == 0 ? Array.Empty<string>() : new string[capacity];
            values = capacity == 0 ? Array.Empty<ContextValue>() : new ContextValue[capacity];
        }

        public int Count { get; private set; }

        public string KeyAt(int index) => keys[index];

        public ContextValue ValueAt(int index) => values[index];

        public void Set(string key, ContextValue value)
        {
            int index = IndexOf(key);
            if (index >= 0)
            {
                values[index] = value;
                return;
            }

            if (Count == keys.Length)
            {
                int size = Math.Max(8, Count * 2);
                Array.Resize(ref keys, size);
                Array.Resize(ref values, size);
            }

            keys[Count] = key;
            values[Count] = value;
            Count++;
        }

        public bool TryGetValue(string key, out ContextValue? value)
        {
            int index = IndexOf(key);
            value = index >= 0 ? values[index] : null;
            return index >= 0;
        }

        private int IndexOf(string key)
        {
            for (int i = 0; i < Count; i++)
            {
                string candidate = keys[i];
                if (ReferenceEquals(candidate, key) || (candidate.Length == key.Length && string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase)))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
