using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// Shortens a statement's action list to fit IAM's size quotas without granting anything new: service:Verb* replaces
    /// a run of actions only when every catalog action the pattern matches is already in the statement.
    /// </summary>
    internal static class ActionCompactor
    {
        public static IReadOnlyList<GrantStatement> Compact(IReadOnlyList<GrantStatement> statements) =>
            statements.Select(s => new GrantStatement(s.Sid, CompactActions(s.Actions), s.Resources, s.Condition)).ToList();

        private static IReadOnlyList<string> CompactActions(IReadOnlyList<string> actions)
        {
            var wanted = new HashSet<string>(actions, StringComparer.OrdinalIgnoreCase);
            var result = new List<string>();
            var covered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string action in actions)
            {
                if (covered.Contains(action))
                {
                    continue;
                }

                string? pattern = VerbPattern(action);
                IReadOnlyList<ActionInfo> matches = pattern is null ? Array.Empty<ActionInfo>() : IamCatalog.Default.MatchActions(pattern);
                if (matches.Count > 1 && matches.All(m => wanted.Contains(m.FullName)))
                {
                    result.Add(pattern!);
                    covered.UnionWith(matches.Select(m => m.FullName));
                }
                else
                {
                    result.Add(action);
                    covered.Add(action);
                }
            }

            return result;
        }

        /// <summary>config:GetResourceConfigHistory -> config:Get*; null when the action has no leading verb.</summary>
        private static string? VerbPattern(string action)
        {
            int colon = action.IndexOf(':');
            if (colon <= 0 || colon + 1 >= action.Length || !char.IsUpper(action[colon + 1]))
            {
                return null;
            }

            int end = colon + 2;
            while (end < action.Length && char.IsLower(action[end]))
            {
                end++;
            }

            return action.Substring(0, end) + "*";
        }
    }
}
