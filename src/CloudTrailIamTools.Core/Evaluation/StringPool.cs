using System;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Hands out one string (and one single-value context value) per distinct short text read from batch lines: actions,
    /// principals, resources and context keys and values repeat from line to line, and allocating them anew for
    /// every line made garbage collection the largest cost of a batch. A fixed table whose slots are overwritten,
    /// so memory stays bounded on endless streams of distinct values. Not thread-safe (one per reader).
    /// </summary>
    internal sealed class StringPool
    {
        private const int Slots = 1 << 14;
        private const int MaxLength = 256;

        private readonly Entry[] entries = new Entry[Slots];

        public string Get(ReadOnlySpan<char> text) => Find(text).Text;

        /// <summary>The text and its invariant upper case (an action, compared upper-cased with policies' patterns).</summary>
        public string Get(ReadOnlySpan<char> text, out string upper)
        {
            Entry entry = Find(text);
            upper = entry.Upper;
            return entry.Text;
        }

        /// <summary>
        /// The text as a one-value context value, shared by every line holding it: its parsed readings are the same
        /// for every line, and nothing writes to its values.
        /// </summary>
        public ContextValue GetContextValue(ReadOnlySpan<char> text) => Find(text).ContextValue;

        private Entry Find(ReadOnlySpan<char> text)
        {
            if (text.Length > MaxLength)
            {
                string unpooled = text.ToString();
                return new Entry(unpooled);
            }

            ulong hash = TextHash.Of(text);
            int slot = (int)(hash & (Slots - 1));
            Entry? entry = entries[slot];
            if (entry is not null && text.SequenceEqual(entry.Text.AsSpan()))
            {
                return entry;
            }

            entry = new Entry(text.ToString());
            entries[slot] = entry;
            return entry;
        }

        private sealed class Entry
        {
            private ContextValue? contextValue;
            private string? upper;

            public Entry(string text)
            {
                Text = text;
            }

            public string Text { get; }

            public ContextValue ContextValue => contextValue ??= new ContextValue(new[] { Text });

            public string Upper => upper ??= Text.ToUpperInvariant();
        }
    }
}
