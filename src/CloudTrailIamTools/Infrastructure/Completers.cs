using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>Completes IAM action names (service:Action) from the embedded catalog, CloudTrail first.</summary>
    public sealed class ActionNameCompleter : IArgumentCompleter
    {
        private const int MaxResults = 200;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Complete(wordToComplete).Select(action => new CompletionResult(action, action, CompletionResultType.ParameterValue, action));

        /// <summary>The matching action names: prefix match on "service:Action", or on the action name within cloudtrail.</summary>
        public static IEnumerable<string> Complete(string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            string pattern = word.IndexOf(':') >= 0 ? word + "*" : "cloudtrail:" + word + "*";
            IEnumerable<string> matches = IamCatalog.Default.MatchActions(pattern).Select(a => a.FullName);
            if (word.IndexOf(':') < 0 && word.Length > 0)
            {
                // A bare word may also be a service prefix: "iam" completes to iam:... after CloudTrail's own actions.
                matches = matches.Concat(IamCatalog.Default.MatchActions(word + "*:*").Select(a => a.FullName));
            }

            return matches.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxResults);
        }
    }

    /// <summary>Completes the names of the CloudTrail task scenarios in the catalog.</summary>
    public sealed class ScenarioNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Complete(wordToComplete).Select(s => new CompletionResult(s.Name, s.Name, CompletionResultType.ParameterValue, s.Description));

        public static IEnumerable<ScenarioInfo> Complete(string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return IamCatalog.Default.Scenarios.Where(s => s.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase));
        }
    }
}
