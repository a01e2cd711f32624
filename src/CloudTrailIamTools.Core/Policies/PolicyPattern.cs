using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Matching;

namespace CloudTrailIamTools.Core.Policies
{
    /// <summary>Supplies policy variable values during evaluation and learns which keys were missing.</summary>
    internal interface IPolicyVariableSource
    {
        /// <summary>The single value of a context key; false when absent or multi-valued (AWS substitutes neither).</summary>
        bool TryGetVariable(string key, out string value);

        /// <summary>Notes a context key that a variable or condition needed and the request lacked.</summary>
        void ReportMissing(string key);

        /// <summary>Notes a variable without a value or default, whose entry therefore matched in neither polarity.</summary>
        void ReportUnresolved(string key);
    }

    /// <summary>
    /// A resource pattern or condition value compiled once: literal text with IAM wildcards, optionally with
    /// policy variables (${aws:username}, ${aws:PrincipalTag/x, 'default'}) and the escapes ${*}, ${?}, ${$}.
    /// Text produced by a variable or an escape is literal: its '*' and '?' never act as wildcards.
    /// </summary>
    internal sealed class PolicyPattern
    {
        private readonly Part[]? parts;

        private PolicyPattern(string text, Part[]? parts)
        {
            Text = text;
            this.parts = parts;
            IsAny = parts is null && text == "*";
            HasWildcard = parts is null && WildcardPattern.HasWildcard(text);
        }

        /// <summary>The value as written in the policy.</summary>
        public string Text { get; }

        public bool IsAny { get; }

        public bool HasWildcard { get; }

        public bool HasVariables => parts is not null;

        /// <summary>The context keys the variables read, for reporting.</summary>
        public IEnumerable<string> VariableKeys
        {
            get
            {
                if (parts is null)
                {
                    yield break;
                }

                foreach (Part part in parts)
                {
                    if (part.Key is not null)
                    {
                        yield return part.Key;
                    }
                }
            }
        }

        /// <summary>Compiles a value; variables are recognised only when the policy's version allows them.</summary>
        public static PolicyPattern Compile(string text, bool allowVariables, out string? error)
        {
            error = null;
            if (!allowVariables || text.IndexOf("${", StringComparison.Ordinal) < 0)
            {
                return new PolicyPattern(text, null);
            }

            var parts = new List<Part>();
            int literalStart = 0;
            int i = 0;
            while (i < text.Length)
            {
                int open = text.IndexOf("${", i, StringComparison.Ordinal);
                if (open < 0)
                {
                    break;
                }

                int close = text.IndexOf('}', open + 2);
                if (close < 0)
                {
                    error = "the policy variable starting at position " + open + " has no closing '}'";
                    return new PolicyPattern(text, null);
                }

                if (open > literalStart)
                {
                    parts.Add(Part.Literal(text.Substring(literalStart, open - literalStart)));
                }

                string inner = text.Substring(open + 2, close - open - 2).Trim();
                if (inner == "*" || inner == "?" || inner == "$")
                {
                    parts.Add(Part.Escape(inner));
                }
                else
                {
                    string key = inner;
                    string? fallback = null;
                    int comma = inner.IndexOf(',');
                    if (comma >= 0)
                    {
                        key = inner.Substring(0, comma).Trim();
                        string rest = inner.Substring(comma + 1).Trim();
                        if (rest.Length < 2 || rest[0] != '\'' || rest[rest.Length - 1] != '\'')
                        {
                            error = "the default value of policy variable '${" + inner + "}' must be in single quotes";
                            return new PolicyPattern(text, null);
                        }

                        fallback = rest.Substring(1, rest.Length - 2);
                    }

                    if (key.Length == 0)
                    {
                        error = "empty policy variable '${}'";
                        return new PolicyPattern(text, null);
                    }

                    parts.Add(Part.Variable(key, fallback));
                }

                i = close + 1;
                literalStart = i;
            }

            if (literalStart < text.Length)
            {
                parts.Add(Part.Literal(text.Substring(literalStart)));
            }

            return new PolicyPattern(text, parts.ToArray());
        }

        /// <summary>The text with variables substituted (as plain text), or false when a variable has no value.</summary>
        public bool TryResolve(IPolicyVariableSource? source, out string resolved)
        {
            if (parts is null)
            {
                resolved = Text;
                return true;
            }

            if (!TryResolveWithMask(source, out char[] chars, out _))
            {
                resolved = string.Empty;
                return false;
            }

            resolved = new string(chars);
            return true;
        }

        /// <summary>Whether every variable has a value in <paramref name="source"/> or a default; reports those that do not.</summary>
        public bool VariablesResolve(IPolicyVariableSource source)
        {
            if (parts is null)
            {
                return true;
            }

            bool all = true;
            foreach (Part part in parts)
            {
                if (part.Key is not null && part.Default is null && !source.TryGetVariable(part.Key, out _))
                {
                    source.ReportUnresolved(part.Key);
                    all = false;
                }
            }

            return all;
        }

        /// <summary>
        /// ArnEquals/ArnLike: the value must be an ARN (six colon-separated parts) and each part must match the
        /// pattern's part; the sixth (the resource) is matched as a whole. A pattern with fewer than six parts
        /// matches no ARN, except "*", which matches every ARN. A value that is not an ARN matches nothing.
        /// </summary>
        public bool MatchArnOperator(string value, IPolicyVariableSource? source)
        {
            if (!IsArn(value.AsSpan()))
            {
                return false;
            }

            if (parts is null)
            {
                if (IsAny)
                {
                    return true;
                }

                if (!HasWildcard)
                {
                    return string.Equals(Text, value, StringComparison.Ordinal);
                }

                return CountColons(Text.AsSpan()) >= 5 && Glob.IsArnMatch(Text.AsSpan(), ReadOnlySpan<bool>.Empty, value.AsSpan());
            }

            return TryResolveWithMask(source, out char[] chars, out bool[] literal) &&
                CountColons(chars) >= 5 && Glob.IsArnMatch(chars, literal, value.AsSpan());
        }

        /// <summary>Exact comparison (StringEquals and friends); variables substituted first.</summary>
        public bool EqualsText(string value, bool ignoreCase, IPolicyVariableSource? source)
        {
            if (parts is null)
            {
                return string.Equals(Text, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }

            return TryResolve(source, out string resolved) &&
                string.Equals(resolved, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }

        /// <summary>Whole-text glob (StringLike).</summary>
        public bool MatchGlob(string value, bool ignoreCase, IPolicyVariableSource? source)
        {
            if (parts is null)
            {
                if (IsAny)
                {
                    return true;
                }

                return HasWildcard
                    ? WildcardPattern.IsMatch(Text.AsSpan(), value.AsSpan(), ignoreCase)
                    : string.Equals(Text, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }

            return TryResolveWithMask(source, out char[] chars, out bool[] literal) &&
                Glob.IsMatch(chars, literal, value.AsSpan(), ignoreCase);
        }

        /// <summary>
        /// ARN matching (Resource element, ArnLike/ArnEquals): when both sides have six colon-separated parts,
        /// each of the first five is matched on its own (a wildcard never crosses a colon there) and the
        /// resource part as a whole; otherwise the whole text is matched. Case-sensitive.
        /// </summary>
        public bool MatchArn(string value, IPolicyVariableSource? source)
        {
            if (parts is null)
            {
                if (IsAny)
                {
                    return true;
                }

                if (!HasWildcard)
                {
                    return string.Equals(Text, value, StringComparison.Ordinal);
                }

                return MatchArnSpans(Text.AsSpan(), ReadOnlySpan<bool>.Empty, value.AsSpan());
            }

            if (!TryResolveWithMask(source, out char[] chars, out bool[] literal))
            {
                return false;
            }

            return MatchArnSpans(chars, literal, value.AsSpan());
        }

        // An ARN pattern against an ARN is matched segment by segment, so a pattern with fewer than six
        // parts matches no ARN; anything else (a bare "*", names) is matched as a whole.
        private static bool MatchArnSpans(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal, ReadOnlySpan<char> text)
        {
            bool patternIsArn = pattern.StartsWith("arn:".AsSpan(), StringComparison.Ordinal);
            bool textIsArn = text.StartsWith("arn:".AsSpan(), StringComparison.Ordinal) && CountColons(text) >= 5;
            if (patternIsArn && textIsArn)
            {
                return CountColons(pattern) >= 5 && Glob.IsArnMatch(pattern, literal, text);
            }

            return Glob.IsMatch(pattern, literal, text, ignoreCase: false);
        }

        private bool TryResolveWithMask(IPolicyVariableSource? source, out char[] chars, out bool[] literal)
        {
            var values = new string[parts!.Length];
            int length = 0;
            bool complete = true;
            for (int i = 0; i < parts.Length; i++)
            {
                Part part = parts[i];
                string? value = part.Text;
                if (part.Key is not null)
                {
                    if (source is not null && source.TryGetVariable(part.Key, out string found))
                    {
                        value = found;
                    }
                    else if (part.Default is not null)
                    {
                        value = part.Default;
                    }
                    else
                    {
                        source?.ReportMissing(part.Key);
                        complete = false;
                        value = string.Empty;
                    }
                }

                values[i] = value!;
                length += value!.Length;
            }

            chars = new char[length];
            literal = new bool[length];
            if (!complete)
            {
                return false;
            }

            int position = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                string value = values[i];
                value.CopyTo(0, chars, position, value.Length);
                if (!parts[i].IsPlainLiteral)
                {
                    for (int j = 0; j < value.Length; j++)
                    {
                        literal[position + j] = true;
                    }
                }

                position += value.Length;
            }

            return true;
        }

        /// <summary>arn: followed by at least five more colon-separated parts.</summary>
        public static bool IsArn(string text) => IsArn(text.AsSpan());

        private static bool IsArn(ReadOnlySpan<char> text) => text.StartsWith("arn:".AsSpan(), StringComparison.Ordinal) && CountColons(text) >= 5;

        private static int CountColons(ReadOnlySpan<char> text)
        {
            int count = 0;
            foreach (char c in text)
            {
                if (c == ':' && ++count == 5)
                {
                    break;
                }
            }

            return count;
        }

        private readonly struct Part
        {
            private Part(string? text, string? key, string? fallback, bool isPlainLiteral)
            {
                Text = text;
                Key = key;
                Default = fallback;
                IsPlainLiteral = isPlainLiteral;
            }

            public string? Text { get; }

            public string? Key { get; }

            public string? Default { get; }

            /// <summary>Text written in the policy itself, whose wildcards keep their meaning.</summary>
            public bool IsPlainLiteral { get; }

            public static Part Literal(string text) => new Part(text, null, null, true);

            public static Part Escape(string character) => new Part(character, null, null, false);

            public static Part Variable(string key, string? fallback) => new Part(null, key, fallback, false);
        }
    }

    /// <summary>IAM glob matching where some pattern characters may be marked literal (from variables and escapes).</summary>
    internal static class Glob
    {
        public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal, ReadOnlySpan<char> text, bool ignoreCase)
        {
            if (literal.IsEmpty)
            {
                return WildcardPattern.IsMatch(pattern, text, ignoreCase);
            }

            int p = 0;
            int t = 0;
            int starPattern = -1;
            int starText = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*' && !literal[p])
                {
                    starPattern = p++;
                    starText = t;
                }
                else if (p < pattern.Length && ((pattern[p] == '?' && !literal[p]) || CharEquals(pattern[p], text[t], ignoreCase)))
                {
                    p++;
                    t++;
                }
                else if (starPattern >= 0)
                {
                    p = starPattern + 1;
                    t = ++starText;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*' && !literal[p])
            {
                p++;
            }

            return p == pattern.Length;
        }

        /// <summary>Both sides must hold at least five colons; segments one to five match separately, the rest as one.</summary>
        public static bool IsArnMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal, ReadOnlySpan<char> text)
        {
            for (int segment = 0; segment < 5; segment++)
            {
                int patternColon = pattern.IndexOf(':');
                int textColon = text.IndexOf(':');
                if (patternColon < 0 || textColon < 0)
                {
                    return false;
                }

                ReadOnlySpan<bool> segmentLiteral = literal.IsEmpty ? literal : literal.Slice(0, patternColon);
                if (!IsMatch(pattern.Slice(0, patternColon), segmentLiteral, text.Slice(0, textColon), ignoreCase: false))
                {
                    return false;
                }

                pattern = pattern.Slice(patternColon + 1);
                literal = literal.IsEmpty ? literal : literal.Slice(patternColon + 1);
                text = text.Slice(textColon + 1);
            }

            return IsMatch(pattern, literal, text, ignoreCase: false);
        }

        private static bool CharEquals(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
