using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>A policy as the user gave it, turned into JSON text: named by its file when it came from one.</summary>
    internal sealed class PolicySource
    {
        public PolicySource(string json, string? fileName, string label, object target)
        {
            Json = json;
            FileName = fileName;
            Label = label;
            Target = target;
        }

        public string Json { get; }

        /// <summary>The file it was read from; becomes the policy's name, so matched statements and errors name the file.</summary>
        public string? FileName { get; }

        /// <summary>Where it was given (PolicyDocument[1]); names it in errors when there is no file.</summary>
        public string Label { get; }

        /// <summary>What the user passed, for ErrorRecord targets.</summary>
        public object Target { get; }

        public PolicyDocument Parse(PolicyCache cache) => cache.GetOrParse(Json, FileName, FileName ?? Label);
    }

    /// <summary>
    /// Reads -PolicyDocument and its siblings: JSON text, a path to a JSON file, a hashtable, or an object
    /// (ConvertFrom-Json output); -ServiceControlPolicy levels; and -Context hashtables.
    /// </summary>
    internal static class PolicyInput
    {
        /// <param name="resolvePath">Turns a PowerShell path into a file-system path.</param>
        public static PolicySource Read(object value, string label, Func<string, string> resolvePath)
        {
            object item = Unwrap(value) ?? throw new InvalidInputException(label + " is null; give JSON text, a path or a hashtable.", label);
            if (item is string text)
            {
                string trimmed = text.Trim();
                if (trimmed.StartsWith("{", StringComparison.Ordinal))
                {
                    return new PolicySource(trimmed, null, label, value);
                }

                if (trimmed.Length == 0)
                {
                    throw new InvalidInputException(label + " is empty; give JSON text, a path or a hashtable.", label);
                }

                string path = resolvePath(trimmed);
                try
                {
                    return new PolicySource(File.ReadAllText(path), path, label, value);
                }
                catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException || failure is ArgumentException || failure is NotSupportedException)
                {
                    throw new InvalidInputException(label + ": cannot read policy file '" + path + "': " + failure.Message, path, failure);
                }
            }

            if (item is FileSystemInfo file)
            {
                return Read(file.FullName, label, resolvePath);
            }

            // Hashtables, ordered dictionaries and ConvertFrom-Json objects.
            return new PolicySource(PSObjectJson.Write(value), null, label, value);
        }

        /// <summary>
        /// SCP levels, root first: each element is one level, either one policy or an array of the policies attached there.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<PolicySource>> ReadLevels(IReadOnlyList<object> levels, string label, Func<string, string> resolvePath)
        {
            var result = new List<IReadOnlyList<PolicySource>>(levels.Count);
            for (int i = 0; i < levels.Count; i++)
            {
                string levelLabel = label + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                object? level = Unwrap(levels[i]);
                if (level is IEnumerable sequence && level is not string && level is not IDictionary)
                {
                    var policies = new List<PolicySource>();
                    int j = 0;
                    foreach (object? policy in sequence)
                    {
                        policies.Add(Read(policy!, levelLabel + "[" + j.ToString(CultureInfo.InvariantCulture) + "]", resolvePath));
                        j++;
                    }

                    result.Add(policies);
                }
                else
                {
                    result.Add(new[] { Read(levels[i], levelLabel, resolvePath) });
                }
            }

            return result;
        }

        /// <summary>Reads and parses one policy parameter; any problem is a PolicyInputException carrying what the user gave.</summary>
        public static SuppliedPolicy Parse(object value, string label, Func<string, string> resolvePath, PolicyCache cache) =>
            Parse(Checked(() => Read(value, label, resolvePath), value), cache);

        /// <summary>Reads and parses -ServiceControlPolicy levels, root first.</summary>
        public static IReadOnlyList<IReadOnlyList<PolicyDocument>> ParseLevels(object[]? levels, string label, Func<string, string> resolvePath, PolicyCache cache)
        {
            if (levels is null || levels.Length == 0)
            {
                return Array.Empty<IReadOnlyList<PolicyDocument>>();
            }

            IReadOnlyList<IReadOnlyList<PolicySource>> sources = Checked(() => ReadLevels(levels, label, resolvePath), levels);
            return sources.Select(level => (IReadOnlyList<PolicyDocument>)level.Select(source => Parse(source, cache).Document).ToArray()).ToArray();
        }

        private static SuppliedPolicy Parse(PolicySource source, PolicyCache cache)
        {
            try
            {
                return SuppliedPolicy.Parse(source.Json, source.FileName, source.FileName ?? source.Label, cache);
            }
            catch (PolicyFormatException bad)
            {
                throw new PolicyInputException(bad, source.Target);
            }
        }

        private static T Checked<T>(Func<T> read, object target)
        {
            try
            {
                return read();
            }
            catch (CloudTrailIamToolsException failure)
            {
                throw new PolicyInputException(failure, target);
            }
        }

        /// <summary>A -Context hashtable: each key's value is one value or an array of values (multi-valued keys).</summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<string>>? ReadContext(IDictionary? context)
        {
            if (context is null || context.Count == 0)
            {
                return null;
            }

            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in context)
            {
                string key = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty;
                if (key.Length == 0)
                {
                    throw new InvalidInputException("-Context has an empty key.", "Context");
                }

                object? value = Unwrap(entry.Value);
                var values = new List<string>();
                if (value is IEnumerable sequence && value is not string)
                {
                    foreach (object? item in sequence)
                    {
                        values.Add(Scalar(item, key));
                    }
                }
                else
                {
                    values.Add(Scalar(value, key));
                }

                result[key] = values.ToArray();
            }

            return result;
        }

        private static string Scalar(object? value, string key) => Unwrap(value) switch
        {
            null => throw new InvalidInputException("-Context key '" + key + "' has a null value.", "Context." + key),
            bool flag => flag ? "true" : "false",
            DateTime time => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            DateTimeOffset time => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            object other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        private static object? Unwrap(object? value) => value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
    }
}
