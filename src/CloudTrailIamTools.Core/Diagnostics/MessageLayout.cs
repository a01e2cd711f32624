using System;
using System.Collections.Generic;
using System.Text;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Undoes what terminals, consoles, e-mail and tools do to a message's layout: their decorations (PowerShell's
    /// position and error-view lines, Terraform's box and source lines, stack traces, e-mail quoting) are dropped,
    /// lines are joined, every run of whitespace becomes one space, and a token broken by a wrap is rejoined where
    /// that is unambiguous. Linear in the input's length.
    /// </summary>
    internal static class MessageLayout
    {
        private const StringComparison Ordinal = StringComparison.Ordinal;

        /// <summary>The message on one line, with single spaces.</summary>
        public static string Flatten(string text)
        {
            if (IsPlainLine(text))
            {
                return text;
            }

            List<string> lines = MeaningfulLines(text);
            if (lines.Count == 0)
            {
                return string.Empty;
            }

            var builder = new StringBuilder(text.Length);
            bool fixedWidth = IsFixedWidthWrap(lines);
            for (int i = 0; i < lines.Count; i++)
            {
                string line = fixedWidth ? lines[i] : lines[i].Trim();
                if (builder.Length > 0 && !fixedWidth)
                {
                    AppendSeparator(builder, line);
                }

                AppendCollapsed(builder, line);
            }

            return builder.ToString().Trim();
        }

        /// <summary>True when nothing needs doing: one line, single ASCII spaces, no leading or trailing space.</summary>
        private static bool IsPlainLine(string text)
        {
            bool previousSpace = true;
            foreach (char c in text)
            {
                if (c == ' ')
                {
                    if (previousSpace)
                    {
                        return false;
                    }

                    previousSpace = true;
                }
                else if (c < ' ' || c == '\u00A0' || (c > '\u007F' && char.IsWhiteSpace(c)))
                {
                    return false;
                }
                else
                {
                    previousSpace = false;
                }
            }

            return !previousSpace || text.Length == 0;
        }

        /// <summary>The lines that carry the message, decorations removed; a blank line is kept as an empty entry only between text.</summary>
        private static List<string> MeaningfulLines(string text)
        {
            string[] raw = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            bool emailQuoted = true;
            bool any = false;
            foreach (string line in raw)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                any = true;
                if (!line.TrimStart().StartsWith(">", Ordinal))
                {
                    emailQuoted = false;
                    break;
                }
            }

            emailQuoted &= any;
            bool pythonTraceback = text.TrimStart().StartsWith("Traceback (most recent call last):", Ordinal);
            var lines = new List<string>(raw.Length);
            foreach (string original in raw)
            {
                string line = original;
                if (emailQuoted)
                {
                    line = line.TrimStart().Substring(1);
                    line = line.StartsWith(" ", Ordinal) ? line.Substring(1) : line;
                }

                line = StripBox(line);
                string trimmed = line.Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (IsPowerShellPosition(trimmed))
                {
                    break; // "At line:1 char:1" and what follows (the echoed command, CategoryInfo) are not the message
                }

                if (IsDecoration(trimmed) || (pythonTraceback && (char.IsWhiteSpace(line[0]) || trimmed.StartsWith("Traceback (", Ordinal))))
                {
                    continue;
                }

                lines.Add(line.TrimEnd());
            }

            return lines;
        }

        /// <summary>Terraform's "│ " frame and PowerShell 7's "     | " error-view gutter.</summary>
        private static string StripBox(string line)
        {
            int i = 0;
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }

            if (i < line.Length && (line[i] == '\u2502' || line[i] == '|'))
            {
                string rest = line.Substring(i + 1);
                return rest.StartsWith(" ", Ordinal) ? rest.Substring(1) : rest;
            }

            return line;
        }

        private static bool IsPowerShellPosition(string trimmed) =>
            trimmed.StartsWith("At line:", Ordinal) ||
            (trimmed.StartsWith("At ", Ordinal) && trimmed.IndexOf(" char:", Ordinal) > 0) ||
            trimmed.StartsWith("+ CategoryInfo", Ordinal) ||
            trimmed.StartsWith("+ FullyQualifiedErrorId", Ordinal);

        /// <summary>Lines that tools add around a message and that never belong to it.</summary>
        private static bool IsDecoration(string trimmed)
        {
            char first = trimmed[0];
            if (first == '\u2577' || first == '\u2575' || first == '\u2502')
            {
                return true; // Terraform's ╷ ╵ │
            }

            if (trimmed.StartsWith("```", Ordinal))
            {
                return true; // a Markdown code fence around a pasted message
            }

            if (trimmed == "Line |" || trimmed.StartsWith("~", Ordinal) && trimmed.Trim('~').Length == 0)
            {
                return true; // PowerShell 7's error view
            }

            if (char.IsDigit(first))
            {
                // PowerShell 7 echoes the command as "   3 |  command"; Terraform quotes source as "  12: resource ...".
                int i = 0;
                while (i < trimmed.Length && char.IsDigit(trimmed[i]))
                {
                    i++;
                }

                if (i + 1 < trimmed.Length && ((trimmed[i] == ' ' && trimmed[i + 1] == '|') || (trimmed[i] == ':' && trimmed[i + 1] == ' ' && i <= 5)))
                {
                    return true;
                }
            }

            // Stack frames: Java "at com.x.Y.m(Y.java:1)", .NET "at Ns.Type.Method(Args) in file:line 1", and .NET's " ---> " inner exceptions.
            if (trimmed.StartsWith("at ", Ordinal) && trimmed.IndexOf('(') > 0 && FirstWordAfterAt(trimmed).IndexOf('.') > 0)
            {
                return true;
            }

            if (trimmed.StartsWith("--->", Ordinal) || trimmed.StartsWith("--- End of", Ordinal) || (trimmed.StartsWith("... ", Ordinal) && trimmed.EndsWith(" more", Ordinal)))
            {
                return true;
            }

            // Terraform: "with aws_cloudtrail.main," and "on main.tf line 12, in resource ...".
            if (trimmed.StartsWith("with ", Ordinal) && trimmed.EndsWith(",", Ordinal) && trimmed.IndexOf(' ', 5) < 0 && trimmed.IndexOf('.') > 0)
            {
                return true;
            }

            return trimmed.StartsWith("on ", Ordinal) && trimmed.IndexOf(" line ", Ordinal) > 0 && trimmed.IndexOf(".tf", Ordinal) > 0;
        }

        private static string FirstWordAfterAt(string trimmed)
        {
            int end = trimmed.IndexOf(' ', 3);
            return end < 0 ? trimmed.Substring(3) : trimmed.Substring(3, end - 3);
        }

        /// <summary>A terminal that wraps at a fixed width cuts anywhere, even inside words: such lines are concatenated as they are.</summary>
        private static bool IsFixedWidthWrap(List<string> lines)
        {
            if (lines.Count < 3)
            {
                return false;
            }

            int width = lines[0].Length;
            if (width < 40)
            {
                return false;
            }

            for (int i = 1; i < lines.Count - 1; i++)
            {
                if (lines[i].Length != width)
                {
                    return false;
                }
            }

            return lines[lines.Count - 1].Length <= width;
        }

        /// <summary>Longer tokens are never rejoined: the look-back stays bounded, so many wrapped lines stay linear.</summary>
        private const int MaxRejoinedToken = 256;

        /// <summary>Between two lines: nothing where a wrap broke a token it is safe to rejoin, else one space.</summary>
        private static void AppendSeparator(StringBuilder builder, string next)
        {
            int end = builder.Length;
            int start = end;
            int limit = Math.Max(0, end - MaxRejoinedToken - 1);
            while (start > limit && builder[start - 1] != ' ')
            {
                start--;
            }

            if (next.Length == 0 || char.IsWhiteSpace(next[0]) || (start == limit && limit > 0))
            {
                builder.Append(' ');
                return;
            }

            string token = builder.ToString(start, end - start);

            if (token.Length > 1 && token[token.Length - 1] == '-' && (token.IndexOf(':') > 0 || token.IndexOf('/') > 0))
            {
                // Browsers and consoles break after a hyphen. Actions have none, so there the hyphen was added by the wrap.
                if (LooksLikeAction(token.Substring(0, token.Length - 1)))
                {
                    builder.Length--;
                }

                return;
            }

            if (token.StartsWith("arn:", Ordinal) && IsTokenChar(next[0]) &&
                (CountColons(token) < 5 || token[token.Length - 1] == '/' || token[token.Length - 1] == ':'))
            {
                return; // an ARN has five colons and does not end in '/' or ':'; otherwise the wrap fell inside it
            }

            if (token.Length > 1 && token[token.Length - 1] == ':' && IsServicePrefix(token, token.Length - 1) && PrecededBy(builder, start, "perform: "))
            {
                return; // "perform: cloudtrail:" + "GetTrailStatus"
            }

            builder.Append(' ');
        }

        private static void AppendCollapsed(StringBuilder builder, string line)
        {
            bool space = builder.Length > 0 && builder[builder.Length - 1] == ' ';
            foreach (char c in line)
            {
                if (char.IsWhiteSpace(c) || c == '\u00A0')
                {
                    if (!space)
                    {
                        builder.Append(' ');
                        space = true;
                    }
                }
                else
                {
                    builder.Append(c);
                    space = false;
                }
            }
        }

        private static bool LooksLikeAction(string token)
        {
            int colon = token.IndexOf(':');
            if (colon <= 0 || token.IndexOf('/') >= 0 || token.IndexOf(':', colon + 1) >= 0 || !IsServicePrefix(token, colon))
            {
                return false;
            }

            for (int i = colon + 1; i < token.Length; i++)
            {
                if (!char.IsLetterOrDigit(token[i]))
                {
                    return false;
                }
            }

            return colon < token.Length - 1;
        }

        private static bool IsServicePrefix(string token, int length)
        {
            for (int i = 0; i < length; i++)
            {
                char c = token[i];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                {
                    return false;
                }
            }

            return length > 0;
        }

        private static bool PrecededBy(StringBuilder builder, int tokenStart, string text)
        {
            int start = tokenStart - text.Length;
            if (start < 0)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (char.ToLowerInvariant(builder[start + i]) != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int CountColons(string token)
        {
            int count = 0;
            foreach (char c in token)
            {
                count += c == ':' ? 1 : 0;
            }

            return count;
        }

        private static bool IsTokenChar(char c) => char.IsLetterOrDigit(c) || c == ':' || c == '/' || c == '-' || c == '_' || c == '*';
    }
}
