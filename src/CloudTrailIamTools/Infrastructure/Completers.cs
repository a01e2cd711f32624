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

    /// <summary>Completes AWS Region names from the SDK AWS.Tools.Common loaded (the same list AWS.Tools completes).</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Complete(wordToComplete).Select(r => new CompletionResult(r.SystemName, r.SystemName, CompletionResultType.ParameterValue, r.DisplayName));

        public static IEnumerable<Amazon.RegionEndpoint> Complete(string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Amazon.RegionEndpoint.EnumerableAllRegions
                .Where(r => r.SystemName.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.SystemName, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Completes profile names from the shared credentials and config files (AWS_SHARED_CREDENTIALS_FILE and
    /// AWS_CONFIG_FILE honoured) and the SDK store, or from the file -ProfileLocation names.
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? location = fakeBoundParameters?["ProfileLocation"] as string;
            return Complete(wordToComplete, location).Select(name => new CompletionResult(QuoteIfNeeded(name), name, CompletionResultType.ParameterValue, name));
        }

        public static IEnumerable<string> Complete(string? wordToComplete, string? profileLocation)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            IEnumerable<string> names;
            try
            {
                // The variable is read on every completion: the SDK fixes its default path when first used in the process.
                string? location = profileLocation ?? NullIfEmpty(Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"));
                names = new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain(location).ListProfiles().Select(p => p.Name);
            }
            catch (Exception failure) when (failure is System.IO.IOException || failure is UnauthorizedAccessException || failure is ArgumentException)
            {
                // An unreadable file completes nothing; the command itself reports the problem when it runs.
                return Array.Empty<string>();
            }

            return names.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static string QuoteIfNeeded(string name) => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
    }
}
