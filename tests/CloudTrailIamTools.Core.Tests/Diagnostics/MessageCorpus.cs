using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>
    /// The corpus of access errors as tools print them (Diagnostics/Corpus/*.txt, one file per family). Each entry:
    /// "=== name", then "Field: value" lines, then "---", then the message verbatim up to the next "===".
    /// A field not written is expected absent (null, Unknown, false). In messages {TAB}, {NBSP} and {CR} stand
    /// for those characters, so the files stay readable.
    /// </summary>
    internal static class MessageCorpus
    {
        /// <summary>The fields compared, in report order.</summary>
        public static readonly string[] Fields =
        {
            "Kind", "ErrorCode", "Operation", "PrincipalArn", "Action", "ActionInferred", "Resource", "DenialType", "PolicyType", "PolicyArn", "Encoded",
        };

        public static IReadOnlyList<string> Families { get; } = Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(name => name.StartsWith("Corpus.", StringComparison.Ordinal))
            .Select(name => name.Substring("Corpus.".Length, name.Length - "Corpus.".Length - ".txt".Length))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

        public static IReadOnlyList<CorpusEntry> Load(string family)
        {
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Corpus." + family + ".txt")
                ?? throw new InvalidOperationException("No corpus family " + family);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var entries = new List<CorpusEntry>();
            string? name = null;
            Dictionary<string, string>? expected = null;
            StringBuilder? message = null;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.StartsWith("=== ", StringComparison.Ordinal))
                {
                    Add();
                    name = line.Substring(4).Trim();
                    expected = new Dictionary<string, string>(StringComparer.Ordinal);
                    message = null;
                }
                else if (expected is null)
                {
                    continue; // header comments
                }
                else if (message is null && line == "---")
                {
                    message = new StringBuilder();
                }
                else if (message is null)
                {
                    int colon = line.IndexOf(':');
                    if (colon <= 0 || !Fields.Contains(line.Substring(0, colon)))
                    {
                        throw new InvalidDataException(family + "/" + name + ": bad field line '" + line + "'");
                    }

                    expected[line.Substring(0, colon)] = line.Substring(colon + 1).Trim();
                }
                else
                {
                    message.Append(line).Append('\n');
                }
            }

            Add();
            return entries;

            void Add()
            {
                if (name is null || expected is null || message is null)
                {
                    return;
                }

                string text = message.ToString();
                text = text.EndsWith("\n", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
                text = text.Replace("{TAB}", "\t").Replace("{NBSP}", "\u00A0").Replace("{CR}", "\r");
                if (!expected.ContainsKey("Kind"))
                {
                    throw new InvalidDataException(family + "/" + name + ": every entry states its Kind");
                }

                entries.Add(new CorpusEntry(family, name, text, expected));
            }
        }

        /// <summary>Field name to (expected, actual) for each field that differs.</summary>
        public static IReadOnlyList<string> Mismatches(CorpusEntry entry, AccessErrorDiagnosis d)
        {
            var wrong = new List<string>();
            foreach (string field in Fields)
            {
                entry.Expected.TryGetValue(field, out string? want);
                string? got = Actual(d, field);
                want = Normalize(field, want);
                if (!string.Equals(want, got, StringComparison.Ordinal))
                {
                    wrong.Add(field + ": expected <" + (want ?? "null") + "> got <" + (got ?? "null") + ">");
                }
            }

            return wrong;
        }

        private static string? Normalize(string field, string? value) => field switch
        {
            "DenialType" => value ?? "Unknown",
            "ActionInferred" => value ?? "False",
            _ => value,
        };

        private static string? Actual(AccessErrorDiagnosis d, string field) => field switch
        {
            "Kind" => d.Kind.ToString(),
            "ErrorCode" => d.ErrorCode,
            "Operation" => d.Operation,
            "PrincipalArn" => d.PrincipalArn,
            "Action" => d.Action,
            "ActionInferred" => d.ActionInferred ? "True" : "False",
            "Resource" => d.Resource,
            "DenialType" => d.DenialType.ToString(),
            "PolicyType" => d.PolicyType?.ToString(),
            "PolicyArn" => d.PolicyArn,
            "Encoded" => d.EncodedMessage,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }

    internal sealed class CorpusEntry
    {
        public CorpusEntry(string family, string name, string text, IReadOnlyDictionary<string, string> expected)
        {
            Family = family;
            Name = name;
            Text = text;
            Expected = expected;
        }

        public string Family { get; }

        public string Name { get; }

        public string Text { get; }

        public IReadOnlyDictionary<string, string> Expected { get; }
    }
}
