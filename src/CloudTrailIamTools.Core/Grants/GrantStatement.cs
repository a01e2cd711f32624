using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>One Allow statement a grant writes: its actions on its resources, with an optional Condition block.</summary>
    public sealed class GrantStatement
    {
        public GrantStatement(string sid, IReadOnlyList<string> actions, IReadOnlyList<string> resources, string? condition = null)
        {
            if (actions is null || actions.Count == 0)
            {
                throw new ArgumentException("A statement needs at least one action.", nameof(actions));
            }

            if (resources is null || resources.Count == 0)
            {
                throw new ArgumentException("A statement needs at least one resource.", nameof(resources));
            }

            Sid = sid;
            Actions = actions.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            Resources = resources.Distinct(StringComparer.Ordinal).ToArray();
            Condition = condition;
        }

        /// <summary>Letters and digits only, as IAM requires.</summary>
        public string Sid { get; }

        public IReadOnlyList<string> Actions { get; }

        public IReadOnlyList<string> Resources { get; }

        /// <summary>The Condition block as JSON object text, or null.</summary>
        [System.Text.Json.Serialization.JsonConverter(typeof(Serialization.RawJsonStringConverter))]
        public string? Condition { get; }

        public override string ToString() => string.Join(",", Actions) + " on " + string.Join(",", Resources);
    }
}
