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
        public SuppliedContext(ContextTable table)
        {
            Table = table;
        }

        /// <summary>The engine's table; callers never change it.</summary>
        public ContextTable Table { get; }

        public int Count => Table.Count;

        public IEnumerable<string> Keys
        {
            get
            {
                for (int i = 0; i < Table.Count; i++)
                {
                    yield return Table.KeyAt(i);
                }
            }
        }

        public IEnumerable<IReadOnlyList<string>> Values
        {
            get
            {
                for (int i = 0; i < Table.Count; i++)
                {
                    yield return Table.ValueAt(i).Values;
                }
            }
        }

        public IReadOnlyList<string> this[string key] =>
            Table.TryGetValue(key, out ContextValue? value) ? value!.Values : throw new KeyNotFoundException("The context has no key '" + key + "'.");

        public bool ContainsKey(string key) => Table.TryGetValue(key, out _);

        public bool TryGetValue(string key, out IReadOnlyList<string> value)
        {
            if (Table.TryGetValue(key, out ContextValue? found))
            {
                value = found!.Values;
                return true;
            }

            value = Array.Empty<string>();
            return false;
        }

        public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator()
        {
            for (int i = 0; i < Table.Count; i++)
            {
                yield return new KeyValuePair<string, IReadOnlyList<string>>(Table.KeyAt(i), Table.ValueAt(i).Values);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
