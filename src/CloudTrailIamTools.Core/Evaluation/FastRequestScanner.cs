using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// The batch fast path: reads a request line whose policies are all in the cache without tokenising the
    /// policy text again (a cached text matched in place fixes the value's extent). It accepts only plain,
    /// valid input; on anything else (an uncached policy, a string escape, an unknown property, bad syntax)
    /// it returns null and the full reader takes over, so errors are always reported by one code path.
    /// </summary>
    internal static class FastRequestScanner
    {
        public static EvaluationRequest? TryParse(string text, EvaluationRequestReader reader) => TryParse(text.AsSpan(), reader);

        /// <summary>The same over a span, so a batch line need not become a string when it takes this path.</summary>
        public static EvaluationRequest? TryParse(ReadOnlySpan<char> text, EvaluationRequestReader reader)
        {
            var scanner = new Scanner(text, reader.Cache, reader.Strings);
            return scanner.ReadRequest(reader);
        }

        private ref struct Scanner
        {
            private readonly ReadOnlySpan<char> text;
            private readonly PolicyCache cache;
            private readonly StringPool strings;
            private int position;

            public Scanner(ReadOnlySpan<char> text, PolicyCache cache, StringPool strings)
            {
                this.text = text;
                this.cache = cache;
                this.strings = strings;
                position = 0;
            }

            public EvaluationRequest? ReadRequest(EvaluationRequestReader reader)
            {
                string? action = null;
                string? actionUpper = null;
                string? principal = null;
                string? resource = null;
                string? resourceAccount = null;
                string? managementAccountId = null;
                SuppliedContext? context = null;
                PolicyDocument[]? identityPolicies = null;
                PolicyDocument? boundary = null;
                PolicyDocument? session = null;
                PolicyDocument? resourcePolicy = null;
                PolicyDocument? endpointPolicy = null;
                PolicyDocument[][]? scps = null;
                PolicyDocument[][]? rcps = null;

                if (!Expect('{'))
                {
                    return null;
                }

                if (!Peek('}'))
                {
                    while (true)
                    {
                        // The name is matched in place: no string, and no hashing, for a dozen names a line.
                        if (!ReadString(out int nameStart, out int nameLength) || !Expect(':'))
                        {
                            return null;
                        }

                        string? name = EvaluationRequestReader.Canonical(text.Slice(nameStart, nameLength));

                        bool ok;
                        if (PeekLiteral("null"))
                        {
                            ok = true; // absent and null mean the same
                        }
                        else
                        {
                            switch (name)
                            {
                                case "Action":
                                    ok = ReadString(out int actionStart, out int actionLength);
                                    if (ok)
                                    {
                                        action = strings.Get(text.Slice(actionStart, actionLength), out actionUpper);
                                    }

                                    break;
                                case "Principal":
                                    ok = (principal = ReadString()) is not null;
                                    break;
                                case "Resource":
                                    ok = (resource = ReadString()) is not null;
                                    break;
                                case "ResourceAccount":
                                    ok = (resourceAccount = ReadString()) is not null;
                                    break;
                                case "ManagementAccountId":
                                    ok = (managementAccountId = ReadString()) is not null;
                                    break;
                                case "Context":
                                    ok = (context = ReadContext()) is not null;
                                    break;
                                case "IdentityPolicies":
                                    ok = (identityPolicies = ReadPolicyArray()) is not null;
                                    break;
                                case "PermissionsBoundary":
                                    ok = (boundary = ReadPolicy()) is not null;
                                    break;
                                case "SessionPolicy":
                                    ok = (session = ReadPolicy()) is not null;
                                    break;
                                case "ResourcePolicy":
                                    ok = (resourcePolicy = ReadPolicy()) is not null;
                                    break;
                                case "VpcEndpointPolicy":
                                    ok = (endpointPolicy = ReadPolicy()) is not null;
                                    break;
                                case "ServiceControlPolicies":
                                    ok = (scps = ReadLevels()) is not null;
                                    break;
                                case "ResourceControlPolicies":
                                    ok = (rcps = ReadLevels()) is not null;
                                    break;
                                default:
                                    return null;
                            }
                        }

                        if (!ok)
                        {
                            return null;
                        }

                        if (Expect(','))
                        {
                            continue;
                        }

                        if (Peek('}'))
                        {
                            break;
                        }

                        return null;
                    }
                }

                position++; // the closing brace
                SkipWhitespace();
                if (position != text.Length || action is null || principal is null)
                {
                    return null;
                }

                PrincipalIdentity? identity = reader.CachedPrincipal(principal);
                if (identity is null)
                {
                    return null;
                }

                try
                {
                    return new EvaluationRequest(action, principal, identity)
                    {
                        ActionUpper = actionUpper,
                        Resource = resource ?? "*",
                        ResourceAccount = resourceAccount,
                        ManagementAccountId = managementAccountId,
                        Context = context,
                        IdentityPolicies = identityPolicies ?? Array.Empty<PolicyDocument>(),
                        PermissionsBoundary = boundary,
                        SessionPolicy = session,
                        ResourcePolicy = resourcePolicy,
                        VpcEndpointPolicy = endpointPolicy,
                        ServiceControlPolicies = scps ?? Array.Empty<PolicyDocument[]>(),
                        ResourceControlPolicies = rcps ?? Array.Empty<PolicyDocument[]>(),
                    };
                }
                catch (InvalidInputException)
                {
                    return null; // the full reader reports it
                }
            }

            private PolicyDocument? ReadPolicy()
            {
                SkipWhitespace();
                if (position >= text.Length || text[position] != '{')
                {
                    return null;
                }

                if (cache.TryMatchAt(text.Slice(position), null, out PolicyDocument? document, out int length))
                {
                    position += length;
                    return document;
                }

                // {"Name": "...", "Document": {...}} with a cached document.
                int start = position;
                position++;
                string? name = null;
                PolicyDocument? named = null;
                while (true)
                {
                    string? key = ReadString();
                    if (key is null || !Expect(':'))
                    {
                        return null;
                    }

                    if (key == "Name")
                    {
                        if ((name = ReadString()) is null)
                        {
                            return null;
                        }
                    }
                    else if (key == "Document" && name is not null)
                    {
                        SkipWhitespace();
                        if (!cache.TryMatchAt(text.Slice(position), name, out named, out int documentLength))
                        {
                            return null;
                        }

                        position += documentLength;
                    }
                    else
                    {
                        position = start;
                        return null;
                    }

                    if (Expect(','))
                    {
                        continue;
                    }

                    if (Expect('}'))
                    {
                        return named;
                    }

                    return null;
                }
            }

            private PolicyDocument[]? ReadPolicyArray()
            {
                if (!Expect('['))
                {
                    return null;
                }

                if (Expect(']'))
                {
                    return Array.Empty<PolicyDocument>();
                }

                // Most arrays hold one policy: no list for those.
                PolicyDocument? first = ReadPolicy();
                if (first is null)
                {
                    return null;
                }

                if (Expect(']'))
                {
                    return new[] { first };
                }

                var policies = new List<PolicyDocument>(4) { first };
                while (Expect(','))
                {
                    PolicyDocument? policy = ReadPolicy();
                    if (policy is null)
                    {
                        return null;
                    }

                    policies.Add(policy);
                }

                return Expect(']') ? policies.ToArray() : null;
            }

            private PolicyDocument[][]? ReadLevels()
            {
                if (!Expect('['))
                {
                    return null;
                }

                if (Expect(']'))
                {
                    return Array.Empty<PolicyDocument[]>();
                }

                var levels = new List<PolicyDocument[]>(4);
                while (true)
                {
                    SkipWhitespace();
                    PolicyDocument[]? level;
                    if (Peek('['))
                    {
                        level = ReadPolicyArray();
                    }
                    else
                    {
                        PolicyDocument? single = ReadPolicy();
                        level = single is null ? null : new[] { single };
                    }

                    if (level is null)
                    {
                        return null;
                    }

                    levels.Add(level);
                    if (Expect(','))
                    {
                        continue;
                    }

                    return Expect(']') ? levels.ToArray() : null;
                }
            }

            private SuppliedContext? ReadContext()
            {
                if (!Expect('{'))
                {
                    return null;
                }

                // Built as the engine's own table of values, so evaluating needs no second one; it grows by doubling.
                var context = new ContextTable(8);
                if (Expect('}'))
                {
                    return new SuppliedContext(context);
                }

                while (true)
                {
                    string? key = ReadString();
                    if (key is null || !Expect(':'))
                    {
                        return null;
                    }

                    SkipWhitespace();
                    if (Peek('['))
                    {
                        position++;
                        var values = new List<string>(4);
                        if (!Expect(']'))
                        {
                            while (true)
                            {
                                string? item = ReadScalar();
                                if (item is null)
                                {
                                    return null;
                                }

                                values.Add(item);
                                if (Expect(','))
                                {
                                    continue;
                                }

                                if (!Expect(']'))
                                {
                                    return null;
                                }

                                break;
                            }
                        }

                        context.Set(key, new ContextValue(values.ToArray()));
                    }
                    else
                    {
                        ContextValue? value = ReadSingleScalar();
                        if (value is null)
                        {
                            return null;
                        }

                        context.Set(key, value);
                    }

                    if (Expect(','))
                    {
                        continue;
                    }

                    return Expect('}') ? new SuppliedContext(context) : null;
                }
            }

            /// <summary>A scalar as a shared context value: most context keys carry one value, repeated across lines.</summary>
            private ContextValue? ReadSingleScalar()
            {
                SkipWhitespace();
                if (position < text.Length && text[position] == '"')
                {
                    return ReadString(out int start, out int length) ? strings.GetContextValue(text.Slice(start, length)) : null;
                }

                string? scalar = ReadScalar();
                return scalar is null ? null : strings.GetContextValue(scalar.AsSpan());
            }

            private string? ReadScalar()
            {
                SkipWhitespace();
                if (position >= text.Length)
                {
                    return null;
                }

                char c = text[position];
                if (c == '"')
                {
                    return ReadString();
                }

                if (PeekLiteral("true"))
                {
                    return "true";
                }

                if (PeekLiteral("false"))
                {
                    return "false";
                }

                return ReadNumber();
            }

            /// <summary>A JSON number, returned as written: -?int(.digits)?([eE][+-]?digits)?</summary>
            private string? ReadNumber()
            {
                int start = position;
                int i = position;
                if (i < text.Length && text[i] == '-')
                {
                    i++;
                }

                if (i >= text.Length || !IsDigit(text[i]))
                {
                    return null;
                }

                if (text[i] == '0')
                {
                    i++;
                }
                else
                {
                    while (i < text.Length && IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    if (i >= text.Length || !IsDigit(text[i]))
                    {
                        return null;
                    }

                    while (i < text.Length && IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                    {
                        i++;
                    }

                    if (i >= text.Length || !IsDigit(text[i]))
                    {
                        return null;
                    }

                    while (i < text.Length && IsDigit(text[i]))
                    {
                        i++;
                    }
                }

                position = i;
                return text.Slice(start, i - start).ToString();
            }

            /// <summary>A string without escapes or control characters (those go to the full reader), pooled.</summary>
            private string? ReadString() =>
                ReadString(out int start, out int length) ? strings.Get(text.Slice(start, length)) : null;

            private bool ReadString(out int start, out int length)
            {
                SkipWhitespace();
                start = position + 1;
                length = 0;
                if (position >= text.Length || text[position] != '"')
                {
                    return false;
                }

                // Vector searches: the closing quote (or an escape), then control characters in what it spans.
                ReadOnlySpan<char> rest = text.Slice(start);
                int end = rest.IndexOfAny('"', '\\');
                if (end < 0 || rest[end] != '"' || HasControlCharacter(rest.Slice(0, end)))
                {
                    return false;
                }

                position = start + end + 1;
                length = end;
                return true;
            }

            private static bool HasControlCharacter(ReadOnlySpan<char> value)
            {
                int i = 0;
                if (Vector.IsHardwareAccelerated && value.Length >= Vector<ushort>.Count)
                {
                    var space = new Vector<ushort>(' ');
                    ReadOnlySpan<Vector<ushort>> blocks = MemoryMarshal.Cast<char, Vector<ushort>>(value);
                    foreach (Vector<ushort> block in blocks)
                    {
                        if (Vector.LessThanAny(block, space))
                        {
                            return true;
                        }
                    }

                    i = blocks.Length * Vector<ushort>.Count;
                }

                for (; i < value.Length; i++)
                {
                    if (value[i] < ' ')
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool PeekLiteral(string literal)
            {
                SkipWhitespace();
                if (!text.Slice(position).StartsWith(literal.AsSpan(), StringComparison.Ordinal))
                {
                    return false;
                }

                int end = position + literal.Length;
                if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    return false;
                }

                position = end;
                return true;
            }

            private bool Peek(char c)
            {
                SkipWhitespace();
                return position < text.Length && text[position] == c;
            }

            private bool Expect(char c)
            {
                SkipWhitespace();
                if (position < text.Length && text[position] == c)
                {
                    position++;
                    return true;
                }

                return false;
            }

            private void SkipWhitespace()
            {
                while (position < text.Length)
                {
                    char c = text[position];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                    {
                        return;
                    }

                    position++;
                }
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';
        }
    }
}
