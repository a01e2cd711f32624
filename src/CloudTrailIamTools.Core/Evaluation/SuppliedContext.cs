using System;
using System.Collections;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// A request's context as the batch reader builds it: the engine's own table of keys to values (case-insensitive
    /// keys), seen from outside as the plain dictionary of string lists that EvaluationRequest.Context exposes.
    /// The engine uses the table as it is instead of building a second one for every line.
    /// </summary>
    internal sealed class SuppliedContext : IReadOnlyDictionary<string, IReadOnlyList<string>>
    {
        public SuppliedContext(Dictionary<string, ContextValue> table)
        {
            Table = table;
        }

        /// <summary>The engine's table; callers never change it.</summary>
        public Dictionary<string, ContextValue> Table { get; }

        public int Count => Table.Count;

        public IEnumerable<string> Keys => Table.Keys;

        IEnumerable<IReadOnlyList<string>> IReadOnlyDictionary<string, IReadOnlyList<string>>.Values
        {
            get
            {
                foreach (ContextValue value in Table.Values)
                {
                    yield return value.Values;
                }
            }
        }

        public IReadOnlyList<string> this[string key] => Table[key].Values;

        public bool ContainsKey(string key) => Table.ContainsKey(key);

        public bool TryGetValue(string key, out IReadOnlyList<string> value)
        {
            if (Table.TryGetValue(key, out ContextValue? found))
            {
                value = found.Values;
                return true;
            }

            value = Array.Empty<string>();
            return false;
        }

        public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator()
        {
            foreach (KeyValuePair<string, ContextValue> pair in Table)
            {
                yield return new KeyValuePair<string, IReadOnlyList<string>>(pair.Key, pair.Value.Values);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
