using System;
using System.Collections.Generic;
using System.Text;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Turns text that arrives line by line (a file read line by line, standard input, a pipeline of strings, a native
    /// command's error stream) into one input per message. A line continues the message before it, unless it is
    /// blank (which ends the message) or opens a new one (a recognised start such as "User:", "An error occurred (",
    /// "operation error ", an exception or cmdlet label) after a message that is already complete. A JSON value
    /// (a pretty-printed event or log) is one input however many lines it spans. Blank lines produce nothing.
    /// </summary>
    public sealed class AccessErrorLineJoiner
    {
        private static readonly IReadOnlyList<string> None = Array.Empty<string>();

        private static readonly string[] Openings =
        {
            "An error occurred (", "User: ", "operation error ", "Error: ", "Error creating ", "error creating ", "Resource handler returned message",
            "API: ", "Access Denied", "AccessDenied", "Amazon.", "com.amazonaws.", "software.amazon.", "botocore.", "Traceback (", "<?xml", "<Error",
            "Encoded authorization failure message", "You are not authorized", "Not authorized to perform", "UnauthorizedOperation", "\u2577", "[", "aws: [ERROR]", "aws: error",
        };

        private static readonly string[] CorePhrases =
        {
            "is not authorized to ", "access denied", "not authorized", "Exception", "UnauthorizedOperation", "do not have permission",
            "Encoded authorization failure message", "Forbidden", "Insufficient permissions", "Incorrect S3 bucket policy",
        };

        private readonly StringBuilder pending = new StringBuilder();
        private bool pendingHasCore;
        private string lastLine = string.Empty;
        private bool pendingIsJson;
        private int jsonDepth;
        private bool jsonInString;
        private bool jsonEscaped;

        /// <summary>Adds one line (without its line break); returns the inputs this line completed, in order.</summary>
        public IReadOnlyList<string> Add(string? line)
        {
            List<string>? completed = null;
            AddLine(line ?? string.Empty, ref completed);
            return completed ?? None;
        }

        /// <summary>The input still being gathered when the text ends, or null when there is none.</summary>
        public string? Complete()
        {
            string? last = pending.Length == 0 ? null : pending.ToString();
            Reset();
            return last is null || last.Trim().Length == 0 ? null : last;
        }

        /// <summary>Splits a whole text into its inputs, as if it had arrived line by line.</summary>
        public static IReadOnlyList<string> Split(string text)
        {
            var joiner = new AccessErrorLineJoiner();
            var inputs = new List<string>();
            foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
            {
                inputs.AddRange(joiner.Add(line));
            }

            if (joiner.Complete() is string last)
            {
                inputs.Add(last);
            }

            return inputs;
        }

        private void AddLine(string line, ref List<string>? completed)
        {
            if (pendingIsJson)
            {
                ContinueJson(line, ref completed);
                return;
            }

            string trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                Emit(ref completed);
                return;
            }

            if (pending.Length > 0 && IsOpening(trimmed) && IsComplete())
            {
                Emit(ref completed);
            }

            if (pending.Length == 0 && (trimmed[0] == '{' || (trimmed[0] == '[' && (trimmed.Length == 1 || trimmed[1] == '{' || trimmed[1] == '[' || char.IsWhiteSpace(trimmed[1])))))
            {
                pendingIsJson = true;
                ContinueJson(line, ref completed);
                return;
            }

            if (pending.Length > 0)
            {
                pending.Append('\n');
            }

            pending.Append(line);
            pendingHasCore = pendingHasCore || HasCorePhrase(line);
            lastLine = trimmed;
        }

        /// <summary>Follows the JSON value's nesting, strings and escapes included; at its end the value is one input and the rest of the line starts anew.</summary>
        private void ContinueJson(string line, ref List<string>? completed)
        {
            if (pending.Length > 0)
            {
                pending.Append('\n');
            }

            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                pending.Append(c);
                if (jsonInString)
                {
                    if (jsonEscaped)
                    {
                        jsonEscaped = false;
                    }
                    else if (c == '\\')
                    {
                        jsonEscaped = true;
                    }
                    else if (c == '"')
                    {
                        jsonInString = false;
                    }

                    continue;
                }

                if (c == '"')
                {
                    jsonInString = true;
                }
                else if (c == '{' || c == '[')
                {
                    jsonDepth++;
                }
                else if ((c == '}' || c == ']') && --jsonDepth <= 0)
                {
                    Emit(ref completed);
                    string rest = line.Substring(i + 1);
                    if (rest.Trim().Length > 0)
                    {
                        AddLine(rest, ref completed);
                    }

                    return;
                }
            }
        }

        private void Emit(ref List<string>? completed)
        {
            if (pending.Length > 0)
            {
                string input = pending.ToString();
                if (input.Trim().Length > 0)
                {
                    (completed ??= new List<string>()).Add(input);
                }
            }

            Reset();
        }

        private void Reset()
        {
            pending.Clear();
            pendingHasCore = false;
            lastLine = string.Empty;
            pendingIsJson = false;
            jsonDepth = 0;
            jsonInString = false;
            jsonEscaped = false;
        }

        private static bool IsOpening(string trimmed)
        {
            foreach (string opening in Openings)
            {
                if (trimmed.StartsWith(opening, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (trimmed[0] == '{' || trimmed == "User:")
            {
                return true;
            }

            // "arn:aws:iam::1:user/x is not authorized to ...", "AccessDeniedException: ...", "Get-CTTrail : ...".
            if (trimmed.StartsWith("arn:", StringComparison.Ordinal) && trimmed.IndexOf(" is not authorized to ", StringComparison.Ordinal) > 0)
            {
                return true;
            }

            int colon = trimmed.IndexOf(':');
            if (colon <= 0 || colon > 128)
            {
                return false;
            }

            string label = trimmed.Substring(0, colon).TrimEnd();
            return label.IndexOf(' ') < 0 && (label.EndsWith("Exception", StringComparison.Ordinal) || AccessDeniedMessageParser.IsCmdletName(label));
        }

        /// <summary>A message is complete once it holds what a denial says and does not end mid-phrase ("perform:", "User:", "with").</summary>
        private bool IsComplete() =>
            pendingHasCore &&
            !lastLine.EndsWith(":", StringComparison.Ordinal) &&
            !lastLine.EndsWith(" with", StringComparison.Ordinal) &&
            !lastLine.EndsWith(" is not authorized to", StringComparison.Ordinal);

        private static bool HasCorePhrase(string line)
        {
            foreach (string phrase in CorePhrases)
            {
                if (line.IndexOf(phrase, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
